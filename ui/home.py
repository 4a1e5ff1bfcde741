"""Home page: the map of the lecture (five task types as unrolled diagrams, each linked to its page) and the
CNN timeline AlexNet → VGG → GoogLeNet → ResNet."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from models.vision.zoo import CNN_TIMELINE
from ui.diagrams import TASK_LAYOUTS, task_svg
from ui.i18n import current_lang, translator
from ui.pages import existing_pages
from ui.presenter import show_chart
from ui.text.home import TEXT


def app_icon():
    """The browser-tab icon, drawn here: a ``:material/...`` page icon makes the browser fetch an SVG from
    fonts.gstatic.com, which fails offline (issue 18); an image is served by the app itself."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((2, 2, 62, 62), radius=12, fill="#1f5fbf")
    for i, x in enumerate((12, 28, 44)):  # an unrolled RNN: three cells and the arrows between them
        d.rectangle((x, 24, x + 10, 40), fill="#ffffff")
        if i:
            d.line((x - 6, 32, x - 1, 32), fill="#ffffff", width=3)
    return img


TASKS = tuple(TASK_LAYOUTS)  # the five task types, in the lecture's order


def timeline_figure(tr, lang: str = "en") -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(
        x=[m["year"] for m in CNN_TIMELINE],
        y=[m["top5_error"] for m in CNN_TIMELINE],
        mode="lines+markers+text",
        text=[m["name"] for m in CNN_TIMELINE],
        textposition="top right",
        marker=dict(size=14, color="#1f77b4"),
        hovertext=[
            f"{m['name']} {m['year']}: {m['top5_error']}% — {m['note_ko' if lang == 'ko' else 'note']}"
            for m in CNN_TIMELINE
        ],
        hoverinfo="text",
        showlegend=False,
    )
    fig.update_layout(
        height=320,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=tr("x_year"), dtick=1, range=[2011.5, 2020]),
        yaxis=dict(title=tr("y_err"), rangemode="tozero"),
    )
    return fig


def render_home() -> None:
    tr = translator(TEXT)
    lang = current_lang()
    st.title(tr("title"))
    st.write(tr("intro"))
    st.subheader(tr("map"))
    st.caption(tr("legend"))
    pages = existing_pages()
    # 2 + 2 + 1 cards: at 1400 px a card is ~450 px wide, so the diagrams' smallest text renders >= 12 px (in three
    # columns the subscripts were ~5 px); Streamlit stacks the cards on a phone.
    cols = st.columns(2) + st.columns(2) + st.columns(2)[:1]
    for col, task in zip(cols, TASKS):
        with col, st.container(border=True):
            st.markdown(f"**{tr(task)}**")
            st.image(task_svg(task), width="stretch")
            linked = [p for p in pages if p.task == task]
            for p in linked:
                st.page_link(
                    p.path, label=f"{tr('open')}: {p.title[lang]}", icon=p.icon, query_params={"lang": lang}
                )
            if not linked:
                st.caption(tr("no_page"))
    others = [p for p in pages if p.task is None]
    if others:
        st.subheader(tr("other_pages"))
        for p in others:
            st.page_link(p.path, label=p.title[lang], icon=p.icon, query_params={"lang": lang})
    st.subheader(tr("timeline"))
    show_chart(timeline_figure(tr, lang), f"home-cnn-timeline-{lang}")
