"""Readable log axes for plotly figures (pure functions, no st calls).

Plotly's own log axis labels the minor ticks when the data span few decades ("4 5 6 7 8 9 10 2 3"), which reads
as nonsense on a projector. ``log_axis`` labels only powers of ten, or 1-2-5 steps when the data span at most about
one decade, and thins the powers of ten out to at most ``max_labels`` labels.
"""

from __future__ import annotations

import math

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tick_text(v: float) -> str:
    """0.001 … 1000 written out; other powers of ten as 10 with a superscript exponent."""
    if v <= 0:
        return str(v)
    k = math.log10(v)
    if abs(k - round(k)) < 1e-9 and not -3 <= round(k) <= 3:
        return "10" + str(int(round(k))).translate(_SUP)
    return f"{v:g}" if v >= 1e-3 else f"{v:.0e}"


def log_ticks(lo: float, hi: float, max_labels: int = 8) -> tuple[list[float], tuple[float, float]]:
    """(tick values, axis range in log10 units) for data between ``lo`` and ``hi`` (> 0)."""
    lo = max(min(lo, hi), 1e-300)
    hi = max(lo, hi)
    a = math.floor(math.log10(lo) + 1e-12)
    b = math.ceil(math.log10(hi) - 1e-12)
    if b <= a:
        b = a + 1
    if b - a <= 1:  # within one decade: 1-2-5 steps, so that there are several labels
        ticks = [m * 10.0**k for k in range(a, b + 1) for m in (1, 2, 5) if 10.0**a <= m * 10.0**k <= 10.0**b]
    else:
        step = max(1, math.ceil((b - a) / max(max_labels - 1, 1)))
        ks = list(range(b, a - step, -step))[::-1]  # from the top down, so the largest power is labelled
        if ks[0] < a - 1e-9 and len(ks) > 1 and ks[1] <= a:
            ks = ks[1:]
        a = min(a, ks[0])
        ticks = [10.0**k for k in ks]
    return ticks, (float(a), float(b))


def log_axis(values, max_labels: int = 8, **extra) -> dict:
    """Plotly axis settings (for ``update_yaxes``/``update_xaxes`` or a layout dict) for a log axis over
    ``values`` (non-positive and missing values are ignored)."""
    vals = [float(v) for v in values if v is not None and v == v and v > 0]
    if not vals:
        return dict(type="log", **extra)
    ticks, rng = log_ticks(min(vals), max(vals), max_labels)
    return dict(
        type="log",
        tickmode="array",
        tickvals=ticks,
        ticktext=[tick_text(t) for t in ticks],
        range=list(rng),
        **extra,
    )


def value_axis(values: list[float], **extra) -> dict:
    """A log axis labelled exactly at the given (1-2-5 style) values, e.g. the sequence lengths of a sweep."""
    vals = sorted({float(v) for v in values if v and v > 0})
    return dict(type="log", tickmode="array", tickvals=vals, ticktext=[f"{v:g}" for v in vals], **extra)


def _lr_line(x: float) -> dict:
    """A dotted vertical line over the whole figure at step ``x``."""
    return dict(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line=dict(color="#ff7f0e", dash="dot"),
    )


def _lr_label(old: float, new: float) -> str:
    """ "÷10 → 0.003" for a whole-number decrease, else "→ 0.003"."""
    ratio = old / new if new > 0 else float("inf")
    factor = f"÷{ratio:.0f}" if new < old and abs(ratio - round(ratio)) < 1e-6 else ""
    return f"{factor} → {new:.2g}".strip()


def lr_change_marks(
    events: list[dict],
    lr_axis: str,
    x_span: float,
    *,
    min_gap: float = 0.14,
    rows: int = 3,
    font_size: int = 12,
) -> tuple[list[dict], list[dict]]:
    """(annotations, shapes) marking learning-rate changes: a dotted vertical line at each change's step and a
    short label ("÷10 → 0.003") inside the learning-rate panel (``lr_axis``: "y2", "y3", ...). Labels closer
    than ``min_gap`` of the x span go to the next of ``rows`` rows, so they never overlap; when every row is
    taken near a change, that change keeps its line but gets no label (it would overlap)."""
    shapes, annotations, last_x = [], [], [float("-inf")] * rows
    span = max(float(x_span), 1.0)
    for ev in events:
        x = float(ev["step"])
        shapes.append(_lr_line(x))
        old, new = float(ev["old_lr"]), float(ev["new_lr"])
        text = _lr_label(old, new)
        row = next((r for r in range(rows) if (x - last_x[r]) / span >= min_gap), None)
        if row is None:
            continue
        last_x[row] = x
        annotations.append(
            dict(
                x=x,
                y=1 - row / rows,
                xref="x",
                yref=f"{lr_axis} domain",
                xanchor="left",
                yanchor="top",
                xshift=3,
                text=text,
                showarrow=False,
                hovertext=f"{ev.get('reason', '')}: {old:.2g} → {new:.2g}",
                font=dict(size=font_size, color="#b35900"),
            )
        )
    return annotations, shapes
