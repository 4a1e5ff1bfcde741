"""Streamlit helpers of the translation page: cached translators, figures, the live "train it yourself" lab
(texts: ui/text/translate.py; the computations behind them: models/seq2seq/evaluate.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from models import default_store
from models.errors import ModelsError
from models.seq2seq import corpus
from models.seq2seq.evaluate import bucket_rows, lab_config, lab_exact_match
from models.seq2seq.train import LENGTH_BUCKETS, bucket_of
from models.seq2seq.translator import load_translator
from models.training import RemoteRun
from models.training.jobs import translate_job
from models.training.state import LIVE, TrainerState
from ui.live import live_panel, session_runs
from ui.urlstate import Choice, Int, Text, UrlState
from ui.widgets import fmt

DEFAULT_TEXT = corpus.to_words(123_456, "en")  # the phrase the page opens with
LAB_NUMBERS = (1000, 2000, 5000, 10000, 20000)  # choices of the lab's "training numbers"
URL = UrlState(
    "translate",
    Text("text", DEFAULT_TEXT, max_len=corpus.MAX_INPUT_CHARS, key="tr_text"),  # the phrase
    Choice("dir", ("auto", "en-ko", "ko-en"), key="tr_dir"),  # direction (auto = from the script)
    Choice("model", ("attn", "noattn"), key="tr_model"),  # with or without attention
    Int("beam", 1, 8, 1, key="tr_beam"),  # beam width (1 = greedy)
    Choice("rl", corpus.LANGS, key="tr_rand_lang"),  # language of the "random number" button
    Choice("ldir", corpus.DIRECTIONS, key="tr_lab_dir"),  # lab: direction
    Choice("ln", LAB_NUMBERS, default=5000, key="tr_lab_n"),  # lab: training numbers
    Int("lep", 1, 5, 2, key="tr_lab_epochs"),  # lab: epochs
)
_SCORED = (TrainerState.FINISHED, TrainerState.STOPPED)  # lab runs whose model is scored (not failed ones)


@st.cache_resource(show_spinner=False)
def bundled_translator(direction: str, attention: bool):
    """Shared, read-only translator (eval mode; inference never mutates it)."""
    return load_translator(direction, attention)


def get_translator(direction: str, attention: bool):
    """(translator, None) or (None, error text) when the weights are missing or corrupt."""
    try:
        return bundled_translator(direction, attention), None
    except ModelsError as exc:
        return None, str(exc)


def attention_figure(result: dict, tr) -> go.Figure:
    """Heatmap: rows = output tokens (with <eos>), columns = source tokens. Numeric axes with tick labels, so
    repeated tokens ("nine ... nine") stay separate cells."""
    src = result["source_tokens"]
    tgt = [s["token"] for s in result["steps"]]
    z = result["attention"]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(src))),
            y=list(range(len(tgt))),
            colorscale="Blues",
            zmin=0,
            zmax=1,
            customdata=[[[s, t] for s in src] for t in tgt],
            hovertemplate="%{customdata[1]} ← %{customdata[0]}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(src))),
        ticktext=src,
        title=tr("source_tokens"),
        side="top",
        tickangle=-45,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(tgt))),
        ticktext=tgt,
        title=tr("target_tokens"),
        autorange="reversed",
    )
    fig.update_layout(height=max(260, 28 * len(tgt) + 140), margin=dict(l=10, r=10, t=90, b=10))
    return fig


def steps_frame(result: dict, tr) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("step"): range(1, len(result["steps"]) + 1),
            tr("token"): [s["token"] for s in result["steps"]],
            tr("prob"): [round(s["prob"], 4) for s in result["steps"]],
        }
    )


def note_lines(result: dict, tr) -> list[str]:
    detail = {"max": corpus.MAX_INPUT_TOKENS, "tokens": ", ".join(result["unknown"][:10])}
    return [tr(f"note_{code}", **detail) for code in result["notes"]]


def bucket_figures() -> tuple[pd.DataFrame, list[str]]:
    """Rows (direction, model, bucket, exact_match, n) from the manifest, and the commands that measured them."""
    rows, cmds = bucket_rows(default_store.manifest())
    return pd.DataFrame(rows), cmds


def bucket_figure(df: pd.DataFrame, direction: str, tr) -> go.Figure:
    order = [bucket_of(lo) for lo, _ in LENGTH_BUCKETS] + ["all"]
    fig = go.Figure()
    for attention, color in ((True, "#1f77b4"), (False, "#ff7f0e")):
        d = df[(df.direction == direction) & (df.attention == attention)].set_index("bucket")
        d = d.reindex([b for b in order if b in d.index])
        fig.add_bar(
            x=[tr("overall") if b == "all" else b for b in d.index],
            y=d["exact_match"],
            name=tr("model_attn" if attention else "model_noattn"),
            marker_color=color,
            text=[f"{v:.1%} · n={n}" for v, n in zip(d["exact_match"], d["n"])],
            textposition="inside",
            textangle=-90,
            insidetextanchor="end",
            textfont=dict(size=12),
        )
    fig.update_layout(
        barmode="group",
        bargap=0.12,
        bargroupgap=0.04,
        title=dict(text=tr(f"dir_{direction}"), y=0.98, yanchor="top"),
        yaxis=dict(range=[0, 1.05], tickformat=".0%", title=tr("exact"), automargin=True),
        xaxis=dict(title=tr("bucket"), type="category", automargin=True),  # "1-3" is no date
        height=400,
        margin=dict(l=10, r=10, t=100, b=10),
        # the legend above the plot: below it, it met the x-axis title in presenter type
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.5, xanchor="center"),
        # a label that would need shrinking below 12 px is hidden (its value is in the hover)
        uniformtext=dict(minsize=12, mode="hide"),
    )
    return fig


# -- train it yourself ------------------------------------------------------------------------------------------


def start_lab_runs(direction: str, numbers: int, epochs: int, tr) -> None:
    """Two runs, identical but for the teacher-forcing ratio (same seed, same data order, same init)."""
    runs = session_runs("translate")
    for ratio, label in ((1.0, tr("tf_on")), (0.0, tr("tf_off"))):
        cfg = lab_config(direction, numbers, epochs, ratio)
        trainer = RemoteRun(
            translate_job(cfg, heartbeat_timeout=60, val_limit=300, name=f"translate-tf{ratio:g}")
        )
        runs.add(
            trainer,
            label=f"{direction} · {label}",
            config={"teacher_forcing": ratio, "direction": direction, "numbers": numbers, "epochs": epochs},
            direction=direction,
        )
        trainer.start()


def lab_exact(run) -> dict | None:
    """Exact match of a finished (or stopped) run on the lab's held-out numbers, computed once per run."""
    if run.trainer.state not in _SCORED or run.trainer.step == 0:
        return None
    if "exact" not in run.extra:
        run.extra["exact"] = lab_exact_match(run.trainer.model, run.extra["direction"])
    return run.extra["exact"]


def lab_panel(tr) -> None:
    runs = session_runs("translate")
    c1, c2, c3 = st.columns(3)
    direction = c1.selectbox(
        tr("lab_direction"), URL.options("ldir"), format_func=lambda d: tr(f"dir_{d}"), key=URL.key("ldir")
    )
    numbers = c2.select_slider(tr("lab_numbers"), URL.options("ln"), key=URL.key("ln"))
    epochs = c3.slider(tr("lab_epochs"), **URL.range("lep"), key=URL.key("lep"))
    b1, b2 = st.columns(2)
    active = any(r.trainer.state in LIVE for _, r in runs.items())
    if b1.button(tr("lab_start"), type="primary", disabled=active, key="tr_lab_start", width="stretch"):
        start_lab_runs(direction, int(numbers), int(epochs), tr)
    if b2.button(tr("lab_clear"), disabled=not len(runs), key="tr_lab_clear", width="stretch"):
        runs.clear()
    items = runs.items()
    if not items:
        return
    cols = st.columns(2)
    for i, (run_id, run) in enumerate(items[-2:]):
        with cols[i % 2]:
            live_panel(run, key=run_id, tr=tr, chart_name=f"translate-curves-{run.label}")
    table = []
    for _run_id, run in items[-2:]:
        em = lab_exact(run)
        epochs_rows = run.trainer.history.snapshot()["epochs"]
        table.append(
            {
                tr("lab_table_run"): run.label,
                tr("lab_table_val"): fmt(epochs_rows[-1]["val_acc"] if epochs_rows else None, ".1%"),
                tr("lab_table_exact"): fmt(em["exact_match"] if em else None, ".1%"),
            }
        )
    st.markdown(f"**{tr('lab_result')}**")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
