"""Figures of the inside-the-RNN page (pure functions of data) and the monitor of a group of runs (the small
sweep), used by ui/rnn_inside.py."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from models.training.state import ACTIVE
from ui.axes import log_axis, value_axis
from ui.presenter import show_chart

COLORS = {"rnn": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c"}  # one colour per cell in every figure


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
