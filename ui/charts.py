"""Plotly figure builders shared by pages (pure functions of data; no st calls)."""
from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots


def ema(values: list[float], smoothing: float) -> list[float]:
    """Exponential moving average as TensorBoard draws it (smoothing 0 = raw, 0.99 = very smooth)."""
    out, last = [], None
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
            continue
        last = v if last is None else smoothing * last + (1 - smoothing) * v
        out.append(last)
    return out


def training_curves(snapshot: dict, *, smoothing: float = 0.6, tr=lambda k, **_: k, title: str | None = None,
                    show_acc: bool = True) -> go.Figure:
    """Loss, accuracy and learning rate against the step: train per batch (smoothed), validation per epoch,
    and every learning-rate change annotated."""
    batches, epochs, events = snapshot["batches"], snapshot["epochs"], snapshot["events"]
    rows = 3 if show_acc else 2
    titles = [tr("loss")] + ([tr("accuracy")] if show_acc else []) + [tr("learning_rate")]
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.06, subplot_titles=titles,
                        row_heights=[0.4, 0.4, 0.2] if show_acc else [0.7, 0.3])
    steps = [b["step"] for b in batches]
    if batches:
        fig.add_scatter(x=steps, y=[b["loss"] for b in batches], mode="lines", opacity=0.25,
                        line=dict(color="#1f77b4", width=1), name=f"{tr('train')} ({tr('step')})",
                        showlegend=False, row=1, col=1)
        fig.add_scatter(x=steps, y=ema([b["loss"] for b in batches], smoothing), mode="lines",
                        line=dict(color="#1f77b4", width=2), name=tr("train"), row=1, col=1)
        if show_acc:
            fig.add_scatter(x=steps, y=ema([b["acc"] for b in batches], smoothing), mode="lines",
                            line=dict(color="#1f77b4", width=2), name=tr("train"), showlegend=False, row=2, col=1)
        fig.add_scatter(x=steps, y=[b["lr"] for b in batches], mode="lines", line=dict(color="#7f7f7f"),
                        name=tr("learning_rate"), showlegend=False, row=rows, col=1)
    val = [e for e in epochs if "val_loss" in e]
    if val:
        fig.add_scatter(x=[e["step"] for e in val], y=[e["val_loss"] for e in val], mode="lines+markers",
                        line=dict(color="#d62728", width=2), name=tr("validation"), row=1, col=1)
        if show_acc:
            fig.add_scatter(x=[e["step"] for e in val], y=[e["val_acc"] for e in val], mode="lines+markers",
                            line=dict(color="#d62728", width=2), name=tr("validation"), showlegend=False,
                            row=2, col=1)
    for ev in events:
        fig.add_vline(x=ev["step"], line=dict(color="#ff7f0e", dash="dot"), row="all", col=1)
        fig.add_annotation(x=ev["step"], y=ev["new_lr"], text=f"{ev['reason']}: {ev['old_lr']:.2g}→{ev['new_lr']:.2g}",
                           showarrow=True, arrowhead=2, row=rows, col=1, font=dict(size=11))
    fig.update_yaxes(type="log", row=rows, col=1)
    fig.update_xaxes(title_text=tr("step"), row=rows, col=1)
    fig.update_layout(height=520, margin=dict(l=10, r=10, t=40 if not title else 70, b=10), title=title,
                      legend=dict(orientation="h", yanchor="bottom", y=1.04, x=0), uirevision="curves")
    return fig
