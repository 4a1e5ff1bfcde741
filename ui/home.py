"""Home page: the map of the lecture (five task types as unrolled diagrams, each linked to its page) and the
CNN timeline AlexNet → VGG → GoogLeNet → ResNet."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from models.vision.zoo import CNN_TIMELINE
from ui.i18n import current_lang, translator
from ui.pages import existing_pages
from ui.presenter import show_chart

TEXT = {
    "en": {
        "title": "CNN & RNN classroom lab",
        "intro": "Every claim of the lecture is an experiment you can run here in under a minute. "
        "Pick a task type below, or open a page from the sidebar.",
        "map": "The five task types of the lecture",
        "one_to_one": "one-to-one: image → class",
        "one_to_many": "one-to-many: image → caption",
        "many_to_one": "many-to-one: sequence → one label",
        "seq2seq": "many-to-many (encoder–decoder): translation",
        "aligned": "many-to-many (aligned): tagging",
        "no_page": "No page for this task type yet.",
        "open": "Open",
        "timeline": "CNNs year by year: top-5 error as published (the classics: ILSVRC entries; EfficientNet-Lite0: one model on ImageNet validation)",
        "x_year": "year",
        "y_err": "top-5 error (%)",
        "other_pages": "Also here",
        "legend": "Boxes: bottom = inputs, middle = the network unrolled over time (same weights in every box), "
        "top = outputs. Orange outputs are the ones the loss is computed on.",
    },
    "ko": {
        "title": "CNN & RNN 수업 실험실",
        "intro": "강의의 모든 주장을 여기서 1분 안에 직접 실험해 볼 수 있습니다. "
        "아래에서 과제 유형을 고르거나 사이드바에서 페이지를 여세요.",
        "map": "강의에 나오는 다섯 가지 과제 유형",
        "one_to_one": "one-to-one: 이미지 → 클래스",
        "one_to_many": "one-to-many: 이미지 → 캡션",
        "many_to_one": "many-to-one: 시퀀스 → 하나의 레이블",
        "seq2seq": "many-to-many (인코더–디코더): 번역",
        "aligned": "many-to-many (정렬): 태깅",
        "no_page": "이 과제 유형의 페이지는 아직 없습니다.",
        "open": "열기",
        "timeline": "연도별 CNN: 발표된 top-5 오류율 (고전 CNN: ILSVRC 출품작, EfficientNet-Lite0: ImageNet 검증 세트의 단일 모델)",
        "x_year": "연도",
        "y_err": "top-5 오류율 (%)",
        "other_pages": "그 밖의 페이지",
        "legend": "상자: 아래 = 입력, 가운데 = 시간으로 펼친 신경망 (모든 상자가 같은 가중치), 위 = 출력. "
        "주황색 출력에 대해 loss를 계산합니다.",
    },
}


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


TASKS = ("one_to_one", "one_to_many", "many_to_one", "seq2seq", "aligned")

# (inputs present per step, outputs present per step, encoder/decoder split) for each task type
_LAYOUT = {
    "one_to_one": dict(inputs=[1], outputs=[1], dec_from=None),
    "one_to_many": dict(inputs=[1, 0, 0, 0], outputs=[1, 1, 1, 1], dec_from=None),
    "many_to_one": dict(inputs=[1, 1, 1, 1], outputs=[0, 0, 0, 1], dec_from=None),
    "seq2seq": dict(inputs=[1, 1, 1, 0, 0, 0], outputs=[0, 0, 0, 1, 1, 1], dec_from=3),
    "aligned": dict(inputs=[1, 1, 1, 1], outputs=[1, 1, 1, 1], dec_from=None),
}


FONT, SUB = 19, 15  # SVG units; a card is at least ~420 px wide at 1400 px, so the subscripts render >= 12 px


def unrolled_svg(task: str) -> str:
    """An unrolled-network diagram as inline SVG (no image files). Pure function of the task name."""
    lay = _LAYOUT[task]
    n = len(lay["inputs"])
    step, box = 70, 40
    w = 60 + step * 6  # same canvas for every task so that all diagrams share one scale
    x0 = 30 + (6 - n) * step / 2  # centre the unrolled steps
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} 190" width="100%" '
        f'style="max-width:{w * 1.3:.0f}px" role="img" aria-label="{task}">',
        '<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>',
    ]
    for i in range(n):
        x = x0 + i * step
        dec = lay["dec_from"] is not None and i >= lay["dec_from"]
        fill = "#c7e9c0" if dec else "#9ecae1"
        parts.append(
            f'<rect x="{x}" y="75" width="{box}" height="{box}" rx="6" fill="{fill}" stroke="#333"/>'
        )
        parts.append(
            f'<text x="{x + box / 2 - 3}" y="101" font-size="{FONT}" text-anchor="middle" '
            f'font-family="sans-serif">{"D" if dec else ("E" if lay["dec_from"] is not None else "h")}'
            f'<tspan font-size="{SUB}" dy="4">{i + 1}</tspan></text>'
        )
        if i > 0:
            parts.append(
                f'<line x1="{x - step + box}" y1="95" x2="{x - 2}" y2="95" stroke="#444" '
                f'stroke-width="2" marker-end="url(#a)"/>'
            )
        if lay["inputs"][i]:
            parts.append(
                f'<rect x="{x + 5}" y="150" width="{box - 10}" height="28" rx="4" fill="#fdd0a2" '
                f'stroke="#333"/><text x="{x + box / 2 - 3}" y="170" font-size="{FONT}" text-anchor="middle" '
                f'font-family="sans-serif">x<tspan font-size="{SUB}" dy="4">{i + 1}</tspan></text>'
            )
            parts.append(
                f'<line x1="{x + box / 2}" y1="150" x2="{x + box / 2}" y2="117" stroke="#444" '
                f'stroke-width="2" marker-end="url(#a)"/>'
            )
        if lay["outputs"][i]:
            parts.append(
                f'<rect x="{x + 5}" y="12" width="{box - 10}" height="28" rx="4" fill="#fd8d3c" '
                f'stroke="#333"/><text x="{x + box / 2 - 3}" y="32" font-size="{FONT}" text-anchor="middle" '
                f'font-family="sans-serif">y<tspan font-size="{SUB}" dy="4">{i + 1}</tspan></text>'
            )
            parts.append(
                f'<line x1="{x + box / 2}" y1="75" x2="{x + box / 2}" y2="42" stroke="#444" '
                f'stroke-width="2" marker-end="url(#a)"/>'
            )
        if dec and i > lay["dec_from"]:  # decoder feeds back its previous output
            parts.append(
                f'<path d="M{x - step + box / 2 + 12},26 C{x - 10},30 {x - 20},150 {x + 8},150" '
                f'fill="none" stroke="#999" stroke-dasharray="4 3" marker-end="url(#a)"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


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
            st.image(unrolled_svg(task), width="stretch")
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
