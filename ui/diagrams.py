"""The unrolled-network diagram, drawn once: an RNN unrolled over time as inline SVG (no image files).

:func:`unrolled_svg` draws any list of :class:`Step` s (one cell per time step, its input below, its output
above, the recurrence between cells) in a :class:`Style`. Two callers describe what to draw:

* :func:`task_svg` -- the lecture map's five task types (``ui/home.py``), every diagram on one shared canvas;
* :func:`forecast_svg` -- the forecasting page's window and horizon, many-to-one or many-to-many.

Orange outputs feed the loss; grey ones are ignored; a dashed curve brings an output back as a later input.
"""

from __future__ import annotations

from dataclasses import dataclass

LOSS, IGNORED = "#fd8d3c", "#f0f0f0"  # output boxes: fed to the loss / ignored
INPUT, FED_BACK, EMPTY = (
    "#fdd0a2",
    "#fff5eb",
    "#eeeeee",
)  # input boxes: observed / a fed-back prediction / empty
ENCODER, DECODER = "#9ecae1", "#c7e9c0"  # cell colours


@dataclass(frozen=True)
class Box:
    label: str  # text in the box
    sub: str = ""  # subscript after the label ("1" in x₁); "" = none
    fill: str = INPUT  # background colour
    stroke: str = "#333"  # border colour
    arrow: str = "#444"  # colour of the arrow between this box and its cell
    color: str | None = None  # text colour (None: the SVG default, black)
    dashed: bool = False  # dashed border (a prediction fed back as input)


@dataclass(frozen=True)
class Step:
    cell: Box  # the network at this time step (fill = cell colour)
    inp: Box | None  # the input below the cell; None = no input at this step
    out: Box | None  # the output above the cell; None = no output at this step
    fed_back: bool = False  # a dashed curve brings the previous step's output to this step's input


@dataclass(frozen=True)
class Style:
    step: int  # horizontal distance between two cells
    height: int  # canvas height
    margin: int  # empty canvas left and right of the cells
    slots: int | None  # canvas width in steps (diagrams side by side share a scale); None = fit the steps
    max_width: float  # the image is shown at most this many times its viewBox width
    cell_y: int  # top of the cells
    cell_font: float  # cell label size
    cell_text_dy: int  # cell label baseline below the cell's top
    io_pad: int  # input / output boxes are this much wider than a cell on each side (negative: narrower)
    in_y: int  # top of the input boxes
    out_y: int  # top of the output boxes
    io_font: float  # input / output label size
    io_text_dy: int  # input / output baseline below the box's top
    sub_font: float  # subscript size
    feedback: tuple  # the fed-back curve: (start, c1, c2, end) as (dx, y); the start's dx from the previous
    #                  cell's centre, the others' from this cell's left edge
    feedback_color: str  # its colour
    box: int = 40  # cell size (square)
    io_height: int = 28  # input / output box height


# The lecture map: subscripted labels big enough for a 420 px card (tests/test_figure_text_sizes.py).
MAP_STYLE = Style(
    step=70,
    height=190,
    margin=30,
    slots=6,
    max_width=1.3,
    cell_y=75,
    cell_font=19,
    cell_text_dy=26,
    io_pad=-5,
    in_y=150,
    out_y=12,
    io_font=19,
    io_text_dy=20,
    sub_font=15,
    feedback=((12, 26), (-10, 30), (-20, 150), (8, 150)),
    feedback_color="#999",
)
# The forecasting page: wide boxes for labels such as ŷ(W+1).
FORECAST_STYLE = Style(
    step=78,
    height=200,
    margin=20,
    slots=None,
    max_width=1.2,
    cell_y=80,
    cell_font=13,
    cell_text_dy=25,
    io_pad=6,
    in_y=158,
    out_y=14,
    io_font=11,
    io_text_dy=19,
    sub_font=11,
    feedback=((20, 28), (-12, 40), (-24, 160), (-8, 170)),
    feedback_color="#e6550d",
)

_FONT = 'text-anchor="middle" font-family="sans-serif"'


def _label(box: Box, x: float, y: float, size: float, sub_size: float) -> str:
    """A box's text centred at x (a little left of it when a subscript follows)."""
    color = f' fill="{box.color}"' if box.color else ""
    if not box.sub:
        return f'<text x="{x}" y="{y}" font-size="{size}" {_FONT}{color}>{box.label}</text>'
    return (
        f'<text x="{x - 3}" y="{y}" font-size="{size}" {_FONT}{color}>{box.label}'
        f'<tspan font-size="{sub_size}" dy="4">{box.sub}</tspan></text>'
    )


def _io_box(box: Box, x: float, y: int, s: Style) -> str:
    dash = ' stroke-dasharray="4 3"' if box.dashed else ""
    return (
        f'<rect x="{x - s.io_pad}" y="{y}" width="{s.box + 2 * s.io_pad}" height="{s.io_height}" rx="4" '
        f'fill="{box.fill}" stroke="{box.stroke}"{dash}/>'
        + _label(box, x + s.box / 2, y + s.io_text_dy, s.io_font, s.sub_font)
    )


def _arrow(x: float, y1: float, y2: float, color: str) -> str:
    return f'<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{color}" stroke-width="2" marker-end="url(#a)"/>'


def unrolled_svg(steps: list[Step], style: Style, label: str) -> str:
    """The unrolled network as one inline SVG; ``label`` is its accessible name (aria-label)."""
    s, n = style, len(steps)
    width = 2 * s.margin + s.step * (s.slots or n)
    x0 = s.margin + (s.step * (s.slots - n) / 2 if s.slots else 0)  # centred on a shared canvas
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {s.height}" width="100%" '
        f'style="max-width:{width * s.max_width:.0f}px" role="img" aria-label="{label}">',
        '<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>',
    ]
    cell_bottom = s.cell_y + s.box
    for i, st in enumerate(steps):
        x = x0 + i * s.step
        cx = x + s.box / 2
        parts.append(
            f'<rect x="{x}" y="{s.cell_y}" width="{s.box}" height="{s.box}" rx="6" fill="{st.cell.fill}" '
            f'stroke="#333"/>' + _label(st.cell, cx, s.cell_y + s.cell_text_dy, s.cell_font, s.sub_font)
        )
        if i > 0:  # the recurrence: the previous hidden state goes into this step
            mid = s.cell_y + s.box / 2
            parts.append(
                f'<line x1="{x - s.step + s.box}" y1="{mid}" x2="{x - 2}" y2="{mid}" stroke="#444" '
                f'stroke-width="2" marker-end="url(#a)"/>'
            )
        if st.inp is not None:
            parts.append(_io_box(st.inp, x, s.in_y, s) + _arrow(cx, s.in_y, cell_bottom + 2, st.inp.arrow))
        if st.out is not None:
            out_bottom = s.out_y + s.io_height + 2
            parts.append(_io_box(st.out, x, s.out_y, s) + _arrow(cx, s.cell_y, out_bottom, st.out.arrow))
        if st.fed_back:  # the previous output comes back as this step's input
            (dx0, y0), (c1x, c1y), (c2x, c2y), (ex, ey) = s.feedback
            parts.append(
                f'<path d="M{x - s.step + s.box / 2 + dx0},{y0} C{x + c1x},{c1y} {x + c2x},{c2y} {x + ex},{ey}" '
                f'fill="none" stroke="{s.feedback_color}" stroke-dasharray="4 3" marker-end="url(#a)"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


# -- the lecture map ------------------------------------------------------------------------------------------
# (inputs present per step, outputs present per step, first decoder step or None) for each task type
TASK_LAYOUTS = {
    "one_to_one": ([1], [1], None),
    "one_to_many": ([1, 0, 0, 0], [1, 1, 1, 1], None),
    "many_to_one": ([1, 1, 1, 1], [0, 0, 0, 1], None),
    "seq2seq": ([1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1], 3),
    "aligned": ([1, 1, 1, 1], [1, 1, 1, 1], None),
}


def task_steps(task: str) -> list[Step]:
    """The steps of one task type: h cells, or E(ncoder) / D(ecoder) cells for the encoder-decoder."""
    if task not in TASK_LAYOUTS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASK_LAYOUTS)}")
    inputs, outputs, dec_from = TASK_LAYOUTS[task]
    steps = []
    for i, (has_in, has_out) in enumerate(zip(inputs, outputs)):
        sub = str(i + 1)
        dec = dec_from is not None and i >= dec_from
        name = "D" if dec else ("E" if dec_from is not None else "h")
        steps.append(
            Step(
                cell=Box(name, sub, fill=DECODER if dec else ENCODER),
                inp=Box("x", sub) if has_in else None,
                out=Box("y", sub, fill=LOSS) if has_out else None,
                fed_back=dec and i > dec_from,  # the decoder reads its previous output
            )
        )
    return steps


def task_svg(task: str) -> str:
    """The lecture map's diagram of one task type (all five share one canvas width, so one scale)."""
    return unrolled_svg(task_steps(task), MAP_STYLE, task)


# -- the forecasting page -------------------------------------------------------------------------------------
def _forecast_out(label: str, loss: bool) -> Box:
    if loss:
        return Box(label or "ŷ", fill=LOSS, stroke="#333", arrow="#333", color="#111")
    return Box(label or "ŷ", fill=IGNORED, stroke="#aaa", arrow="#aaa", color="#999")


def forecast_steps(mode: str, window: int, horizon: int) -> list[Step]:
    """At most 5 observed steps (x1, x2, …, x(W-1), xW) and 3 future ones are drawn; an ellipsis stands for the
    rest. Many-to-one: the last observed step's output is the loss, later steps read fed-back predictions.
    Many-to-many: H-1 more steps read an empty input ("0"), and the last H outputs are the loss."""
    obs = [f"x{i}" for i in range(1, window + 1)]
    obs = obs if window <= 5 else obs[:2] + ["…"] + obs[-2:]
    if mode == "many-to-one":
        first = "ŷ(W+1)"
        future = [
            (Box(f"ŷ(W+{j})", fill=FED_BACK, dashed=True), f"ŷ(W+{j + 1})", False, True)
            for j in range(1, min(horizon, 3))
        ]
    else:
        fut = [f"ŷ(W+{j})" for j in range(1, horizon + 1)]
        fut = fut if horizon <= 3 else [fut[0], "…", fut[-1]]
        first = fut[0]
        future = [(Box("0", fill=EMPTY), lab, True, False) for lab in fut[1:]]
    steps = []
    for i, lab in enumerate(obs):
        last = i == len(obs) - 1
        steps.append(Step(Box("h", fill=ENCODER), Box(lab), _forecast_out(first if last else "", last)))
    for inp, out, loss, fed in future:
        steps.append(Step(Box("h", fill=ENCODER), inp, _forecast_out(out, loss), fed_back=fed))
    return steps


def forecast_svg(mode: str, window: int, horizon: int) -> str:
    """The forecaster unrolled over its window (and horizon) in ``mode``."""
    return unrolled_svg(forecast_steps(mode, window, horizon), FORECAST_STYLE, mode)
