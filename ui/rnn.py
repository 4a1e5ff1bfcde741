"""Streamlit helpers for the two RNN pages (names → nationality, inside the RNN): cached loaders, plotly figures,
and a small polling fragment for groups of runs (sweep, lab #27). Figures are pure functions of data."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
import torch
import torch.nn.functional as F

from models.errors import WeightsError
from models.rnn import memory_task as M
from models.rnn.chars import NameBatches, masked_mean
from models.rnn.classifier import BUNDLE, load_bundled
from models.rnn.names import load_names
from models.rnn.train import predict_pairs
from models.store import default_store
from models.training.state import ACTIVE
from ui.axes import log_axis, value_axis
from ui.presenter import show_chart
from ui.urlstate import Bool, Choice, Int, Multi, Text, UrlState

COLORS = {"rnn": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c"}
CELLS = ("rnn", "lstm", "gru")


def _default_batch() -> str:
    """The padding section's default batch: the first five test names (the data split is fixed)."""
    return ", ".join(n for n, _ in list(load_names().test)[:5])


def _sweep_epochs() -> int:
    """The precomputed sweep's epochs (the live runs' default, so a default run repeats the table's)."""
    sweep = M.load_sweep()
    return int(sweep["epochs"]) if sweep else 8


# URL parameters (ui/urlstate; README "Links, sharing and presenter mode"). Keys = the pages' widget keys.
NAMES_URL = UrlState(
    "names",
    Text("name", "Virtanen", max_len=60, key="name"),  # the name typed
    Text("batch", _default_batch(), key="batch"),  # the padded batch (comma-separated names)
    Int("ep", 1, 8, 3, key="pair_epochs"),  # epochs of the packed/naive pair trained on the page
)
INSIDE_URL = UrlState(
    "rnn_inside",
    Text("text", "hell", max_len=12, key="step_text"),  # characters of the vanilla step (h, e, l, o)
    Choice("hid", (3, 4), key="step_hidden"),  # hidden size of the tiny RNN
    Int("seed", 0, 999, 0, key="step_seed"),  # its weights' seed
    Int("t", 5, 200, 50, step=5, key="T"),  # sequence length T of the memory task (names are lower case)
    Multi("cells", CELLS, key="cells"),  # cells compared
    Int("ep", 1, 20, _sweep_epochs(), key="grad_epochs"),  # epochs of the side-by-side runs
    Choice("init", M.INITS, default="chrono", key="grad_init"),  # recurrent weight init
    Bool("clip", True, key="grad_clip"),  # gradient clipping (max norm 1)
    Int("rseed", 0, 99, 0, key="grad_seed"),  # model seed of the side-by-side runs
)


# ------------------------------------------------------------------------------------------------
# cached, shared, read-only
# ------------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def bundled_names():
    """(model, vocab, labels) of the bundled checkpoint, eval mode, shared by every session."""
    model, vocab, labels = load_bundled()
    model.eval()
    return model, vocab, labels


def try_bundled(tr):
    """The bundle, or None after showing a plain sentence (never a traceback)."""
    try:
        return bundled_names()
    except WeightsError as exc:
        st.error(tr("bundle_missing", error=str(exc)))
        return None


@st.cache_resource(show_spinner=False)
def names_abstention() -> dict:
    """The "not sure" threshold chosen on the validation split, with its effect on validation and test."""
    from models.rnn.confidence import abstention_report

    model, vocab, _ = bundled_names()
    return abstention_report(model, vocab, load_names())


def bundle_metrics() -> dict:
    try:
        return default_store.entry(BUNDLE).get("metrics", {})
    except WeightsError:
        return {}


@st.cache_data(show_spinner=False)
def test_predictions() -> tuple[list[int], list[int]]:
    """(true labels, predicted labels) of the bundled model on the test split."""
    model, vocab, _ = bundled_names()
    test = list(load_names().test)
    with torch.inference_mode():
        preds = predict_pairs(model, vocab, test)
    return [y for _, y in test], preds


def masked_loss_demo(pairs: list[tuple[str, int]]) -> dict:
    """Per-position loss of the prefix predictions of a padded batch; mean over all cells vs over real ones."""
    model, vocab, _ = bundled_names()
    ids, _lengths, mask, labels = NameBatches(vocab)(pairs)
    with torch.inference_mode():
        logits = model.position_logits(ids)  # (batch, time, classes)
        per_pos = F.cross_entropy(logits.transpose(1, 2), labels[:, None].expand_as(ids), reduction="none")
    return {
        "per_position": per_pos.tolist(),
        "mask": mask.int().tolist(),
        "mean_all": float(per_pos.mean()),
        "mean_real": float(masked_mean(per_pos, mask)),
    }


# ------------------------------------------------------------------------------------------------
# figures
# ------------------------------------------------------------------------------------------------
def prob_bars(labels: list[str], probs: list[float], tr, threshold: float | None = None) -> go.Figure:
    """Horizontal bars, highest on top; a dashed line at the "not sure" threshold."""
    df = pd.DataFrame({"label": labels, "p": probs}).sort_values("p")
    fig = px.bar(
        df,
        x="p",
        y="label",
        orientation="h",
        text=df["p"].map(lambda v: f"{v:.1%}"),
        labels={"p": tr("probability"), "label": ""},
    )
    if threshold is not None:
        fig.add_vline(x=threshold, line=dict(dash="dash", color="#7f7f7f"))
    fig.update_traces(textfont_size=13, textposition="outside", cliponaxis=False)
    fig.update_xaxes(
        range=[0, 1.2], tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1.0], tickformat=".0%"
    )  # room for "99.9%"
    fig.update_layout(
        height=360,
        margin=dict(l=10, r=10, t=10, b=10),
        font=dict(size=13),
        uniformtext=dict(minsize=12, mode="show"),
    )
    return fig


def prefix_figure(
    prefixes: list[str], prefix_probs: list[list[float]], labels: list[str], tr, top: int = 4
) -> go.Figure:
    """Probability of each nationality after each prefix; the final top classes drawn thick."""
    final = prefix_probs[-1]
    order = sorted(range(len(labels)), key=lambda i: -final[i])
    fig = go.Figure()
    x = list(range(1, len(prefixes) + 1))
    for rank, i in enumerate(order):
        fig.add_scatter(
            x=x,
            y=[row[i] for row in prefix_probs],
            mode="lines+markers",
            name=labels[i],
            line=dict(width=3 if rank < top else 1),
            opacity=1.0 if rank < top else 0.35,
            visible=True if rank < top else "legendonly",
        )
    fig.update_xaxes(tickmode="array", tickvals=x, ticktext=prefixes, title=tr("prefix"))
    fig.update_yaxes(range=[0, 1], title=tr("probability"))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=1.15))
    return fig


def hidden_heatmap(name: str, hidden: list[list[float]], tr) -> go.Figure:
    """Units × characters: the top layer's state after each character."""
    z = torch.tensor(hidden).T.tolist()  # (hidden, T)
    x = [f"{t + 1}:{c}" for t, c in enumerate(name)]
    fig = px.imshow(
        z,
        x=x,
        color_continuous_scale="RdBu_r",
        zmin=-1,
        zmax=1,
        aspect="auto",
        labels=dict(x=tr("character"), y=tr("unit"), color="h"),
    )
    fig.update_layout(height=520, margin=dict(l=10, r=10, t=10, b=10))
    return fig


def confusion_figure(y_true: list[int], y_pred: list[int], labels: list[str], tr) -> go.Figure:
    from sklearn.metrics import confusion_matrix

    cm = confusion_matrix(y_true, y_pred, labels=list(range(len(labels))))
    fig = px.imshow(
        cm,
        x=labels,
        y=labels,
        text_auto=True,
        color_continuous_scale="Blues",
        labels=dict(x=tr("predicted"), y=tr("true"), color=tr("count")),
    )
    fig.update_layout(height=560, margin=dict(l=10, r=10, t=10, b=10))
    return fig


def padded_figure(view: dict, field: str, tr) -> go.Figure:
    """The padded batch as a matrix: ids (or the mask) coloured, characters written in the cells."""
    z = view["ids"] if field == "ids" else view["mask"]
    text = [
        [f"{c}<br>{i}" if field == "ids" else str(m) for c, i, m in zip(cr, ir, mr)]
        for cr, ir, mr in zip(view["chars"], view["ids"], view["mask"])
    ]
    y = [f"{n} ({length})" for n, length in zip(view["names"], view["lengths"])]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            y=y,
            x=list(range(1, len(z[0]) + 1)),
            colorscale="Greys" if field == "mask" else "Viridis",
            showscale=False,
            zmin=0,
            zmax=1 if field == "mask" else None,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=tr("position"))
    fig.update_layout(height=60 + 44 * len(y), margin=dict(l=10, r=10, t=10, b=10))
    return fig


def grad_norm_figure(curves: dict[str, list[float]], tr, title: str | None = None) -> go.Figure:
    """‖∂L/∂h_t‖ against t on a log axis labelled at powers of ten only; one line per (label → norms)."""
    fig = go.Figure()
    shown: list[float] = []
    for label, norms in curves.items():
        cell = label.split()[0]
        ys = [max(n, 1e-300) for n in norms]
        shown += ys
        dash = "dot" if label.endswith(f"({tr('at_init')})") else "solid"  # dotted: at initialisation
        fig.add_scatter(
            x=list(range(1, len(norms) + 1)),
            y=ys,
            mode="lines",
            name=label,
            line=dict(color=COLORS.get(cell), dash=dash),
        )
    fig.update_yaxes(title="‖∂L/∂h_t‖", **log_axis(shown))
    fig.update_xaxes(title=tr("time_step"))
    fig.update_layout(
        height=420,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=title,
        font=dict(size=13),
        legend=dict(orientation="h", yanchor="top", y=-0.22, x=0),
    )
    return fig


def sweep_figure(
    table: dict[str, dict[str, float]],
    chance: float,
    tr,
    by_seed: dict[str, dict[str, list[float]]] | None = None,
) -> go.Figure:
    """Final validation accuracy against T (log axis labelled at the sweep's T values); with ``by_seed``, the
    single runs as dots around the mean line."""
    fig = go.Figure()
    all_t: set[int] = set()
    for cell, row in table.items():
        xs = sorted(int(t) for t in row)
        all_t |= set(xs)
        color = COLORS.get(cell.split()[0])
        default = "(" in cell  # the gated cells with PyTorch's default init
        fig.add_scatter(
            x=xs,
            y=[row[str(t)] for t in xs],
            mode="lines+markers",
            name=cell,
            legendgroup=cell,
            line=dict(color=color, width=1.5 if default else 3, dash="dash" if default else "solid"),
        )
        runs = (by_seed or {}).get(cell)
        if runs:
            px_, py_ = zip(*[(t, v) for t in xs for v in runs.get(str(t), [])])
            fig.add_scatter(
                x=list(px_),
                y=list(py_),
                mode="markers",
                name=cell,
                legendgroup=cell,
                showlegend=False,
                marker=dict(color=color, size=7, opacity=0.45, symbol="circle-open" if default else "circle"),
            )
    fig.add_hline(
        y=chance,
        line=dict(dash="dash", color="#7f7f7f"),
        annotation_text=tr("chance"),
        annotation_font_size=13,
    )
    fig.update_xaxes(title="T", **value_axis(sorted(all_t)))
    fig.update_yaxes(range=[0, 1.05], title=tr("val_accuracy"))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), font=dict(size=13))
    return fig


def fmt_runs(values) -> str:
    """One table cell: every run's accuracy ("1.00 · 0.54 · 0.52"), or the single value."""
    if isinstance(values, (int, float)):
        return f"{values:.3f}"
    return " · ".join(f"{v:.2f}" for v in values)


def orthogonal_dip(lab: dict, label: str, chance: float) -> dict | None:
    """The first seed whose ``label`` run was below chance after epoch 1 (from the sweep's stored curves):
    {"seed_index", "a": accuracy after epoch 1, "b": after epoch 2, "r": after epoch 1 under the best
    one-to-one relabelling}; None when no seed dipped (or the sweep has no curves)."""
    curves = lab.get("curves", {}).get(label) or []
    relabelled = lab.get("relabelled_curves", {}).get(label) or []
    for i, (c, r) in enumerate(zip(curves, relabelled)):
        if len(c) >= 2 and c[0] < chance:
            return {"seed_index": i, "a": c[0], "b": c[1], "r": r[0]}
    return None


def runs_overlay(runs, tr) -> go.Figure:
    """Validation accuracy per epoch of several runs in one figure (train accuracy per batch, faint)."""
    fig = go.Figure()
    for _, run in runs:
        snap = run.trainer.history.snapshot()
        ep = [e for e in snap["epochs"] if "val_acc" in e]
        fig.add_scatter(
            x=[e["epoch"] for e in ep], y=[e["val_acc"] for e in ep], mode="lines+markers", name=run.label
        )
    fig.update_xaxes(title=tr("epoch"), dtick=1)
    fig.update_yaxes(range=[0, 1.05], title=tr("val_accuracy"))
    fig.update_layout(
        height=360, margin=dict(l=10, r=10, t=10, b=10), uirevision="overlay", font=dict(size=13)
    )
    return fig


def runs_table(runs, tr) -> pd.DataFrame:
    rows = []
    for _, run in runs:
        t = run.trainer
        ep = t.history.snapshot()["epochs"]
        rows.append(
            {
                tr("run"): run.label,
                tr("state"): tr(f"state_{t.state}"),
                tr("epoch"): len(ep),
                tr("val_accuracy"): round(ep[-1]["val_acc"], 3) if ep else None,
            }
        )
    return pd.DataFrame(rows)


def group_monitor(runs_fn, key: str, tr, after=None) -> None:
    """Table + overlay of a group of runs, refreshed every second while any of them is alive; ``after(runs)``
    draws what needs finished runs. Keeps the runs' heartbeats alive."""

    def _body():
        runs = runs_fn()
        for _, run in runs:
            run.trainer.heartbeat()
        st.dataframe(runs_table(runs, tr), hide_index=True, width="stretch")
        show_chart(runs_overlay(runs, tr), f"rnn-inside-{key}-runs", key=f"{key}-overlay")
        if after is not None:
            after(runs)

    alive = any(r.trainer.state in ACTIVE for _, r in runs_fn())
    if alive:
        st.fragment(run_every=1.0, key=f"group-{key}")(_body)()
    else:
        _body()
