"""The names → nationality page (app_pages/names.py): its URL parameters, the bundled classifier and what is cached
from it, its figures (pure functions of data) and its panels (functions that draw one part of the page)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
import torch

from models.errors import InputError, WeightsError
from models.rnn.chars import masked_loss_demo, padded_view
from models.rnn.classifier import BUNDLE, load_bundled
from models.rnn.confidence import abstention_report, verdict
from models.rnn.names import LOCALES, load_names
from models.rnn.predict import analyse
from models.rnn.stats import confusion_counts, lead_over_baseline, packed_vs_naive
from models.rnn.train import NamesModelConfig, predict_pairs
from models.store import default_store
from models.training import RemoteRun, TrainerConfig
from models.training.jobs import names_job
from ui.charts import confusion_figure
from ui.presenter import big_result, secondary, show_chart
from ui.urlstate import Int, Text, UrlState
from ui.widgets import pct

CODE_OF = {label: code for code, label in LOCALES.items()}  # "German" -> "de_DE"


def _default_batch() -> str:
    """The padding section's default batch: the first five test names (the data split is fixed)."""
    return ", ".join(n for n, _ in list(load_names().test)[:5])


# URL parameters (ui/urlstate; README "Links, sharing and presenter mode"). Keys = the page's widget keys.
URL = UrlState(
    "names",
    Text("name", "Virtanen", max_len=60, key="name"),  # the name typed
    Text("batch", _default_batch(), key="batch"),  # the padded batch (comma-separated names)
    Int("ep", 1, 8, 3, key="pair_epochs"),  # epochs of the packed/naive pair trained on the page
)


def nationality(label: str, tr) -> str:
    """A nationality label ("German") in the page's language."""
    return tr(f"nat_{CODE_OF[label]}") if label in CODE_OF else label


# ------------------------------------------------------------------------------------------------
# cached, shared, read-only
# ------------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def bundled_classifier():
    """(model, vocab, labels) of the bundled names classifier, eval mode, shared by every session."""
    model, vocab, labels = load_bundled()
    model.eval()
    return model, vocab, labels


def try_bundled(tr):
    """The bundle, or None after showing a plain sentence (never a traceback)."""
    try:
        return bundled_classifier()
    except WeightsError as exc:
        st.error(tr("bundle_missing", error=str(exc)))
        return None


@st.cache_resource(show_spinner=False)
def names_abstention() -> dict:
    """The "not sure" threshold chosen on the validation split, with its effect on validation and test."""
    model, vocab, _ = bundled_classifier()
    return abstention_report(model, vocab, load_names())


def bundle_metrics() -> dict:
    """The bundle's metrics from the weights manifest ({} when it is not there)."""
    try:
        return default_store.entry(BUNDLE).get("metrics", {})
    except WeightsError:
        return {}


@st.cache_data(show_spinner=False)
def test_predictions() -> tuple[list[int], list[int]]:
    """(true labels, predicted labels) of the bundled model on the test split."""
    model, vocab, _ = bundled_classifier()
    test = list(load_names().test)
    with torch.inference_mode():
        preds = predict_pairs(model, vocab, test)
    return [y for _, y in test], preds


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


# ------------------------------------------------------------------------------------------------
# panels
# ------------------------------------------------------------------------------------------------
def threshold_note(abstain: dict, tr) -> str:
    """The sentence under the name box: the "not sure" threshold and what it does on validation and test."""
    val, test = abstain["val"], abstain["test"]
    return tr(
        "threshold_note",
        t=abstain["threshold"],
        target=abstain["target"],
        va=val["answered"],
        vacc=val["accuracy_answered"],
        ta=test["answered"],
        tacc=test["accuracy_answered"],
        tall=test["accuracy_all"],
    )


def analyse_or_error(name: str, bundle, container) -> dict | None:
    """The bundle's analysis of ``name``, or None after a plain error in ``container`` (a bad name)."""
    try:
        return analyse(name, bundle)
    except InputError as exc:
        container.error(str(exc))
        return None


def result_panel(analysis: dict, shown: list[str], threshold: float, tr) -> None:
    """Unknown characters, the answer (or "not sure") and the probability bars."""
    if analysis["unknown"]:
        st.warning(tr("unknown_chars", chars=" ".join(analysis["unknown"])))
    answer = verdict(analysis["probs"], shown, threshold)
    if answer["sure"]:
        big_result(tr("nationality"), answer["label"], f"{answer['prob']:.0%}")
    else:
        st.warning(tr("not_sure", t=threshold, label=answer["label"], p=answer["prob"]))
    st.caption(tr("probs"))
    show_chart(
        prob_bars(shown, analysis["probs"], tr, threshold=threshold),
        f"names-probabilities-{analysis['name']}",
        key="probs",
    )


def prefix_and_hidden_panel(analysis: dict, model, shown: list[str], tr) -> None:
    """The prediction after each prefix, and the first member's hidden states."""
    st.subheader(tr("prefix_title"))
    st.caption(tr("prefix_help"))
    show_chart(
        prefix_figure(analysis["prefixes"], analysis["prefix_probs"], shown, tr),
        f"names-prefixes-{analysis['name']}",
        key="prefix",
    )
    st.subheader(tr("hidden_title"))
    st.caption(tr("hidden_help", k=len(getattr(model, "members", [model])), h=model.cfg.hidden))
    show_chart(
        hidden_heatmap(analysis["name"], analysis["hidden"], tr),
        f"names-hidden-states-{analysis['name']}",
        key="hidden",
    )


def scores_panel(labels: list[str], tr) -> None:
    """Held-out accuracy of the bundle, one member, the n-gram baseline and chance; who is ahead, and the noise."""
    m = bundle_metrics()
    n_test = m.get("test_size", len(load_names().test))
    st.subheader(tr("scores", n=n_test))
    cell, k = m.get("cell", "?").upper(), m.get("members", 1)
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(tr("rnn_acc", cell=cell, k=k), pct(m.get("test_accuracy")))
    k2.metric(tr("single_acc", cell=cell), pct(m.get("single_model_test_accuracy", m.get("test_accuracy"))))
    k3.metric(tr("baseline_acc"), pct(m.get("baseline_test_accuracy")))
    k4.metric(tr("chance_acc"), pct(1 / len(labels)))
    secondary(tr("model_note", cell=cell, k=k))
    lead = lead_over_baseline(m.get("test_accuracy"), m.get("baseline_test_accuracy"), n_test)
    if lead is not None:
        if lead["lead"] > 0:
            st.success(tr("rnn_ahead", d=lead["lead"]))
        else:
            st.warning(tr("baseline_ahead", d=-lead["lead"], n=len(load_names().train) // len(labels)))
        st.caption(tr("noise", n=n_test, se=lead["se"]))
    secondary(tr("scores_note"))


def confusion_panel(labels: list[str], tr) -> None:
    """The bundle's confusion matrix on the test split."""
    y_true, y_pred = test_predictions()
    show_chart(
        confusion_figure(
            confusion_counts(y_true, y_pred, len(labels)),
            [nationality(lab, tr) for lab in labels],
            tr=tr,
            count_label=tr("count"),
            height=560,
        ),
        "names-confusion-test",
        key="confusion",
    )


def padding_panel(batch: list[str], tr) -> None:
    """A typed batch padded: the id matrix, the mask and lengths, and the masked vs. unmasked loss."""
    model, vocab, _ = bundled_classifier()
    view = padded_view(batch, vocab)
    st.caption(tr("ids_matrix"))
    show_chart(padded_figure(view, "ids", tr), "names-padding-ids", key="pad-ids")
    c1, c2 = st.columns([3, 1])
    with c1:
        st.caption(tr("mask_matrix"))
        show_chart(padded_figure(view, "mask", tr), "names-padding-mask", key="pad-mask")
    with c2:
        st.caption(tr("lengths"))
        st.dataframe(
            pd.DataFrame({tr("name_col"): view["names"], tr("lengths"): view["lengths"]}), hide_index=True
        )
    known = load_names().labelled(batch)
    if known:
        demo = masked_loss_demo(model, vocab, known)
        st.subheader(tr("loss_title"))
        st.markdown(tr("loss_text", real=demo["mean_real"], all=demo["mean_all"]))


def packed_table(tr) -> None:
    """The manifest's packed vs. naive runs per cell (or a note that there are none)."""
    runs = bundle_metrics().get("runs", {})
    if runs:
        rows = [
            {tr("cell"): r["cell"], tr("packed"): pct(r["packed"]), tr("naive"): pct(r["naive"])}
            for r in packed_vs_naive(runs)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.info(tr("no_runs"))


def start_pair(pair, epochs: int, tr) -> None:
    """Replace the session's pair with a packed and a naive GRU of 64 units, each trained by a worker process."""
    pair.clear()
    for mode in ("packed", "naive"):
        cfg = TrainerConfig(epochs=epochs, lr=3e-3, grad_clip=1.0, heartbeat_timeout=60, seed=0)
        trainer = RemoteRun(names_job("gru", mode, cfg, NamesModelConfig(hidden=64)))
        pair.add(trainer, label=tr(f"run_{mode}"), config={"mode": mode, "epochs": epochs})
        trainer.start()
