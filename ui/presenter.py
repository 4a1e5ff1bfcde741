"""Presenter mode (``?present=1`` or the sidebar toggle) and the output helpers every page uses for the projector.

    from ui.presenter import big_result, csv_download, secondary, show_chart
    show_chart(fig, "classify-top5")            # instead of st.plotly_chart: one template, PNG export named
    big_result(tr("top1"), "tabby cat", "87.3 %")
    secondary(tr("long_explanation"))           # folded in presenter mode, plain text otherwise
    csv_download(df, "train-lab-curves")

Presenter mode: type about 1.4x (CSS on the root font size, so everything sized in rem follows), plot fonts 1.4x
(the ``classroom-present`` plotly template, plus explicit annotation/title sizes scaled), sidebar collapsed,
high contrast, narrower padding so a 1280x720 projector has no horizontal scroll.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ui.i18n import translator

SCALE = 1.4  # presenter type and plot fonts relative to normal
BASE_FONT = 14  # plotly's own default font size
TEMPLATE = "classroom"
TEMPLATE_PRESENT = "classroom-present"

TEXT = {
    "en": {
        "present": "Presenter mode",
        "present_help": "Large type, high contrast, folded explanations (also ?present=1 in the link).",
        "more": "More explanation",
        "csv": "Download CSV",
    },
    "ko": {
        "present": "발표 모드",
        "present_help": "큰 글씨, 높은 대비, 부가 설명 접기 (링크의 ?present=1 과 같음).",
        "more": "설명 더 보기",
        "csv": "CSV 내려받기",
    },
}

_FONT = '"Source Sans", "Source Sans Pro", sans-serif'  # Streamlit's own face
_HIGH_CONTRAST = ["#0b3d91", "#c0392b", "#1e7b34", "#8e44ad", "#d35400", "#00838f", "#5d4037", "#37474f"]


def _register_templates() -> None:
    """Two slim templates (fonts, colours, axes only; Streamlit's chart theme does the rest). Slim on purpose:
    assigning one costs ~2 ms against ~30 ms for a full copy of plotly_white (measured on a 2,000-point training
    curve; the live fragment redraws twice a second)."""
    tick = dict(size=12)
    pio.templates[TEMPLATE] = go.layout.Template(
        layout=dict(font=dict(size=BASE_FONT), xaxis=dict(tickfont=tick), yaxis=dict(tickfont=tick))
    )
    big = round(BASE_FONT * SCALE)
    axis = dict(
        tickfont=dict(size=round(12 * SCALE)),
        title=dict(font=dict(size=round(BASE_FONT * 1.2 * SCALE))),
        automargin=True,  # without it (theme=None) long tick labels were cut at the left edge
        linecolor="#000000",
        gridcolor="#c8c8c8",
        zerolinecolor="#888888",
    )
    pio.templates[TEMPLATE_PRESENT] = go.layout.Template(
        layout=dict(
            font=dict(size=big, color="#000000", family=_FONT),
            colorway=_HIGH_CONTRAST,
            xaxis=axis,
            yaxis=axis,
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            legend=dict(font=dict(size=big)),
            title=dict(font=dict(size=round(BASE_FONT * SCALE * 1.2))),
        )
    )


_register_templates()


# ------------------------------------------------------------------------------------------------
# the mode itself


def presenting() -> bool:
    """Presenter mode is on for this session (sidebar toggle, started from ``?present=1``)."""
    return bool(st.session_state.get("present_mode", False))


def presenter_toggle() -> bool:
    """Sidebar toggle, seeded from ``?present=`` (only "1"/"0" accepted) and written back to the URL."""
    tr = translator(TEXT)
    raw = st.query_params.get("present")
    if raw in ("0", "1") and raw != st.session_state.get("_present_last"):  # URL changed from outside
        st.session_state["present_mode"] = raw == "1"
    elif raw is not None and raw not in ("0", "1"):
        del st.query_params["present"]
    st.sidebar.toggle(tr("present"), key="present_mode", help=tr("present_help"))
    on = presenting()
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    st.session_state["_present_last"] = "1" if on else None
    return on


def page_config_kwargs() -> dict:
    """For ``st.set_page_config``: the sidebar starts collapsed when a link asks for presenter mode."""
    return {"initial_sidebar_state": "collapsed" if st.query_params.get("present") == "1" else "auto"}


_CSS = """<style>
html { font-size: %(root)dpx; }
[data-testid="stMainBlockContainer"] { padding: 4.5rem 1.2rem 2rem 1.2rem; max-width: 100%%; }
[data-testid="stApp"] { color: #000; background: #fff; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { color: #000; }
[data-testid="stCaptionContainer"] { color: #222 !important; }
[data-testid="stWidgetLabel"] p { font-weight: 600; }
button[kind] { border-width: 2px; }
.main, [data-testid="stMain"] { overflow-x: hidden; }
</style>"""

_CSS_ALWAYS = """<style>
.cl-big { margin: .2rem 0 .8rem 0; }
.cl-big-label { font-size: .95rem; color: #333; }
.cl-big-value { font-size: 2.2rem; font-weight: 700; line-height: 1.15; color: #000; overflow-wrap: anywhere; }
.cl-big-sub { font-size: 1.3rem; color: #0b3d91; font-weight: 600; }
</style>"""


def presenter_css() -> None:
    """Inject the page-wide styles (always the big-result style; presenter styles when presenting)."""
    css = _CSS_ALWAYS
    if presenting():
        css += _CSS % {"root": round(16 * SCALE)}
    st.html(css)


# ------------------------------------------------------------------------------------------------
# helpers the pages call


def _scaled(fig: go.Figure) -> go.Figure:
    """Explicit font sizes (annotations, title) scaled for the projector, on a copy (the caller's figure may be
    cached and shared with sessions that are not presenting); no copy when there is nothing to scale."""
    explicit = (
        any(a.font and a.font.size for a in fig.layout.annotations or ())
        or bool(fig.layout.title and fig.layout.title.font and fig.layout.title.font.size)
        or bool(fig.layout.height)
    )
    if not explicit:
        return fig
    fig = go.Figure(fig)
    for ann in fig.layout.annotations or ():
        if ann.font and ann.font.size:
            ann.font.size = round(ann.font.size * SCALE)
    if fig.layout.title and fig.layout.title.font and fig.layout.title.font.size:
        fig.layout.title.font.size = round(fig.layout.title.font.size * SCALE)
    if fig.layout.height:
        fig.layout.height = min(int(fig.layout.height * 1.15), 620)
    return fig


def chart_config(name: str) -> dict:
    """Plotly config: the toolbar's PNG export gets a meaningful file name, at the size shown on screen x2."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "chart"
    return {"toImageButtonOptions": {"format": "png", "filename": safe, "scale": 2}, "displaylogo": False}


def styled(fig: go.Figure) -> go.Figure:
    """The figure with the app's one template for the current mode (a copy in presenter mode)."""
    if presenting():
        fig = _scaled(fig)
        fig.update_layout(template=TEMPLATE_PRESENT)
    else:
        fig.update_layout(template=TEMPLATE)
    return fig


def show_chart(fig: go.Figure, name: str, **kw):
    """Every page calls this instead of ``st.plotly_chart``: template, PNG file name, full width. Pass a figure
    built in this run (a cached one: ``go.Figure(fig)``), since the template is set on it. In presenter mode the
    template alone styles the chart (``theme=None``): Streamlit's chart theme re-sizes fonts and measured only
    1.29x where the template asks 1.4x."""
    kw.setdefault("width", "stretch")
    if presenting():
        kw.setdefault("theme", None)
    return st.plotly_chart(styled(fig), config=chart_config(name), **kw)  # the selection event (on_select)


def big_result(label: str, value: str, sub: str | None = None, *, container=st) -> None:
    """A result number or text shown large (top-1 class + probability, accuracy, caption). Text is escaped."""
    parts = [
        f'<div class="cl-big-label">{html.escape(label)}</div>',
        f'<div class="cl-big-value">{html.escape(str(value))}</div>',
    ]
    if sub:
        parts.append(f'<div class="cl-big-sub">{html.escape(str(sub))}</div>')
    container.markdown(f'<div class="cl-big">{"".join(parts)}</div>', unsafe_allow_html=True)


def secondary(text: str, *, label: str | None = None) -> None:
    """Secondary explanation: folded in an expander in presenter mode, plain markdown otherwise."""
    if presenting():
        with st.expander(label or translator(TEXT)("more")):
            st.markdown(text)
    else:
        st.markdown(text)


def csv_download(df: pd.DataFrame, name: str, *, label: str | None = None, container=st) -> None:
    """A download button for a table or curves as CSV (``<name>.csv``)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "data"
    container.download_button(
        label or translator(TEXT)("csv"),
        df.to_csv(index=False).encode("utf-8"),
        file_name=f"{safe}.csv",
        mime="text/csv",
        key=f"_csv_{safe}",
        icon=":material/download:",
    )
