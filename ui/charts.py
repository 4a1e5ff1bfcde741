"""Plotly figure builders shared by pages (pure functions of data; no st calls)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots  # compare_figure

from ui.axes import log_axis, lr_change_marks


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


def _line(x, y, axis, color, width=2, **kw) -> dict:
    """One scatter trace on the shared x axis and y axis ``axis``."""
    return dict(type="scatter", x=x, y=y, xaxis="x", yaxis=axis, line=dict(color=color, width=width), **kw)


def _batch_traces(batches: list, smoothing: float, tr, show_acc: bool, lr_axis: str) -> list[dict]:
    """Per-batch traces: raw and smoothed train loss, smoothed train accuracy, learning rate."""
    if not batches:
        return []
    steps = [b["step"] for b in batches]
    losses = [b["loss"] for b in batches]
    data = [
        _line(
            steps,
            losses,
            "y",
            "#1f77b4",
            1,
            mode="lines",
            opacity=0.25,
            showlegend=False,
            name=f"{tr('train')} ({tr('step')})",
        ),
        _line(steps, ema(losses, smoothing), "y", "#1f77b4", mode="lines", name=tr("train")),
    ]
    if show_acc:
        data.append(
            _line(
                steps,
                ema([b["acc"] for b in batches], smoothing),
                "y2",
                "#1f77b4",
                mode="lines",
                name=tr("train"),
                showlegend=False,
            )
        )
    data.append(
        _line(
            steps,
            [b["lr"] for b in batches],
            lr_axis,
            "#7f7f7f",
            mode="lines",
            name=tr("learning_rate"),
            showlegend=False,
        )
    )
    return data


def _val_traces(epochs: list, tr, show_acc: bool) -> list[dict]:
    """Per-epoch validation loss (and accuracy) traces, for the epochs that have them."""
    val = [e for e in epochs if "val_loss" in e]
    if not val:
        return []
    vx = [e["step"] for e in val]
    data = [
        _line(vx, [e["val_loss"] for e in val], "y", "#d62728", mode="lines+markers", name=tr("validation"))
    ]
    if show_acc:
        data.append(
            _line(
                vx,
                [e["val_acc"] for e in val],
                "y2",
                "#d62728",
                mode="lines+markers",
                name=tr("validation"),
                showlegend=False,
            )
        )
    return data


def _row_titles(titles: list[str], domains: list[tuple]) -> list[dict]:
    """One centred annotation above each stacked row."""
    return [
        dict(
            text=t,
            x=0.5,
            y=d[1],
            xref="paper",
            yref="paper",
            xanchor="center",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=14),
        )
        for t, d in zip(titles, domains)
    ]


def training_curves(
    snapshot: dict,
    *,
    smoothing: float = 0.6,
    tr=lambda k, **_: k,
    title: str | None = None,
    show_acc: bool = True,
) -> go.Figure:
    """Loss, accuracy and learning rate against the step: train per batch (smoothed), validation per epoch,
    and every learning-rate change annotated.

    Built as one plain dict (one x axis shared by stacked y axes) instead of ``make_subplots`` + ``add_*``: the
    live fragment redraws this twice a second while a run trains in the same process, and the incremental
    plotly calls cost ~10x more CPU (measured by bench/train_overhead.py)."""
    batches, epochs, events = snapshot["batches"], snapshot["epochs"], snapshot["events"]
    rows = 3 if show_acc else 2
    titles = [tr("loss")] + ([tr("accuracy")] if show_acc else []) + [tr("learning_rate")]
    domains = [(0.62, 1.0), (0.27, 0.57), (0.0, 0.19)] if show_acc else [(0.3, 1.0), (0.0, 0.22)]
    yname = ["y", "y2", "y3"]
    lr_axis = yname[rows - 1]
    data = _batch_traces(batches, smoothing, tr, show_acc, lr_axis) + _val_traces(epochs, tr, show_acc)
    steps = [b["step"] for b in batches]
    annotations = _row_titles(titles, domains)
    # LR changes: labels in rows that never overlap; LR axis labelled at powers of ten (ui/axes.py, issue 18)
    marks, shapes = lr_change_marks(
        events, lr_axis, max(steps[-1] if steps else 1, *(e["step"] for e in events), 1)
    )
    annotations += marks
    layout = dict(
        height=520,
        margin=dict(l=10, r=10, t=40 if not title else 70, b=10),
        uirevision="curves",
        legend=dict(orientation="h", yanchor="bottom", y=1.04, x=0),
        annotations=annotations,
        shapes=shapes,
        xaxis=dict(anchor=lr_axis, title=dict(text=tr("step"))),
    )
    if title:
        layout["title"] = dict(text=title)
    for i, d in enumerate(domains):
        layout["yaxis" if i == 0 else f"yaxis{i + 1}"] = dict(
            domain=list(d),
            anchor="x",
            **(log_axis([b["lr"] for b in batches] + [e["new_lr"] for e in events]) if i == rows - 1 else {}),
        )
    return go.Figure(data=data, layout=layout)


# ------------------------------------------------------------------------------------------------
# comparing runs
# ------------------------------------------------------------------------------------------------
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)


def _fmt_value(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    if v is None:
        return "–"
    return str(v)


def config_differences(configs: list[dict], *, ignore: tuple[str, ...] = ()) -> list[dict]:
    """For each config, only the keys whose values differ between the configs (same order as given).
    A key missing from one config counts as different."""
    keys = list(dict.fromkeys(k for c in configs for k in c if k not in ignore))
    differing = [k for k in keys if len({repr(c.get(k)) for c in configs}) > 1]
    return [{k: c.get(k) for k in differing} for c in configs]


def difference_labels(
    configs: list[dict], names: list[str] | None = None, *, ignore: tuple[str, ...] = ()
) -> list[str]:
    """Legend text per run: "key=value, ..." for what differs; the run's name when nothing differs (or prefixed
    with it when ``names`` is given)."""
    diffs = config_differences(configs, ignore=ignore)
    names = names or [f"#{i + 1}" for i in range(len(configs))]
    out = []
    for name, d in zip(names, diffs):
        text = ", ".join(f"{k}={_fmt_value(v)}" for k, v in d.items())
        out.append(f"{name}: {text}" if text else name)
    return out


def _add_run(fig: go.Figure, i: int, label: str, snap: dict, rows: int, smoothing: float, tr) -> None:
    """Run ``i``'s smoothed train curves (solid) and validation points (dotted) in its palette colour."""
    color = PALETTE[i % len(PALETTE)]
    b = snap.get("batches", [])
    val = [e for e in snap.get("epochs", []) if "val_loss" in e]
    steps = [r["step"] for r in b]
    group = f"run{i}"
    metrics = ("loss", "acc")[:rows]  # (row 1, row 2)
    for row, key in enumerate(metrics if b else (), 1):
        fig.add_scatter(
            x=steps,
            y=ema([r[key] for r in b], smoothing),
            mode="lines",
            legendgroup=group,
            line=dict(color=color, width=2),
            name=label,
            row=row,
            col=1,
            **({} if row == 1 else {"showlegend": False}),  # one legend entry per run
        )
    vx = [e["step"] for e in val]
    for row, key in enumerate(metrics if val else (), 1):
        fig.add_scatter(
            x=vx,
            y=[e[f"val_{key}"] for e in val],
            mode="lines+markers",
            legendgroup=group,
            line=dict(color=color, dash="dot"),
            name=f"{label} ({tr('validation')})",
            showlegend=False,
            row=row,
            col=1,
        )


def compare_figure(
    runs: list[tuple[str, dict]],
    *,
    smoothing: float = 0.6,
    tr=lambda k, **_: k,
    title: str | None = None,
    show_acc: bool = True,
) -> go.Figure:
    """Overlay of several runs: ``runs`` = [(legend label, History.snapshot()), ...]. Solid = train (per batch,
    smoothed), dotted with markers = validation (per epoch); one colour per run."""
    rows = 2 if show_acc else 1
    titles = [tr("loss")] + ([tr("accuracy")] if show_acc else [])
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.08, subplot_titles=titles)
    for i, (label, snap) in enumerate(runs):
        _add_run(fig, i, label, snap, rows, smoothing, tr)
    fig.update_xaxes(title_text=tr("step"), row=rows, col=1)
    fig.update_layout(
        height=480,
        margin=dict(l=10, r=10, t=40 if not title else 70, b=10),
        title=title,
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        uirevision="compare",
    )
    return fig


def confusion_figure(
    matrix,
    classes: list[str],
    *,
    tr=lambda k, **_: k,
    selected: tuple[int, int] | None = None,
    count_label: str | None = None,
    height: int = 420,
) -> go.Figure:
    """Confusion matrix heatmap: rows = true class, columns = predicted; the cell counts are written in.
    Clicking a cell (``st.plotly_chart(..., on_select="rerun")``) reports its (predicted, true) labels.
    Axis titles are ``tr("true_class")`` / ``tr("predicted_class")``; with ``count_label`` the colour scale is
    shown with that title and the hover names the count (the names page: "names")."""
    import numpy as np

    m = np.asarray(matrix).tolist()  # plain lists: readable in the figure's JSON (no base64 arrays)
    labels = [str(c) for c in classes]
    count = f"{count_label}: %{{z}}" if count_label else "%{z}"
    fig = go.Figure(
        go.Heatmap(
            z=m,
            x=labels,
            y=labels,
            colorscale="Blues",
            text=m,
            texttemplate="%{text}",
            hovertemplate=f"{tr('true_class')}: %{{y}}<br>{tr('predicted_class')}: %{{x}}"
            f"<br>{count}<extra></extra>",
            showscale=count_label is not None,
            colorbar=dict(title=dict(text=count_label)) if count_label else None,
        )
    )
    if selected is not None:
        t, p = selected
        fig.add_shape(
            type="rect", x0=p - 0.5, x1=p + 0.5, y0=t - 0.5, y1=t + 0.5, line=dict(color="#d62728", width=3)
        )
    fig.update_xaxes(title_text=tr("predicted_class"), type="category", side="top")
    fig.update_yaxes(title_text=tr("true_class"), type="category", autorange="reversed")
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40, b=10), clickmode="event+select", dragmode=False
    )
    return fig


def per_class_figure(rows: list[dict], *, tr=lambda k, **_: k) -> go.Figure:
    """Bar per class: accuracy on the validation split (rows from models.lab.lab.Analysis.per_class)."""
    fig = go.Figure(
        go.Bar(
            x=[str(r["class"]) for r in rows],
            y=[r["accuracy"] for r in rows],
            text=[f"{r['accuracy']:.0%}" for r in rows],
            textposition="outside",
            marker_color="#1f5fbf",
        )
    )
    fig.update_yaxes(range=[0, 1.1], title_text=tr("accuracy"))
    fig.update_xaxes(type="category", title_text=tr("true_class"))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=20, b=10))
    return fig
