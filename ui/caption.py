"""Streamlit helpers of the captioning page: texts, cached captioners, scene builder, figures."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from models.caption import shapes
from models.caption.inference import LoadedCaptioner, attention_overlay, load_bundled, load_file
from models.errors import ModelsError
from ui.urlstate import Bool, Choice, Float, Int, UrlState
from ui.widgets import pct

TEXT = {
    "en": {
        "uploader_help": "Drag a file onto the box or press its button (Streamlit's own words in the box stay English: "
        "“Drag and drop file here”, “Browse files”, “Limit 25MB per file”).",
        "title": "Image captioning: CNN → LSTM with attention",
        "intro": "**One-to-many**: a small CNN turns the picture into an 8×8 grid of feature vectors; an LSTM writes "
        "the caption one word at a time and, before each word, puts a *soft attention* distribution over "
        "that grid (Show, Attend and Tell). It stops when it writes `<eos>`.",
        "model": "Captioner",
        "bundled": "Bundled: shapes world",
        "own": "My checkpoint (.pt from `train captioner --out`)",
        "own_upload": "Checkpoint file",
        "own_hint": "Upload a file written by `python -m models train captioner --data DIR --out my_captioner.pt`.",
        "own_loaded": "Loaded {name}: {words} words, trained on {data}.",
        "bad_checkpoint": "This checkpoint cannot be used: {error}",
        "weights_missing": "The bundled captioner is not available: {error}",
        "source": "Picture",
        "src_builder": "Scene builder",
        "src_gallery": "Examples",
        "src_upload": "Upload",
        "src_camera": "Camera",
        "n_objects": "Objects",
        "object": "Object {i}",
        "shape": "Shape",
        "colour": "Colour",
        "size": "Size",
        "x": "Horizontal position (%)",
        "y": "Vertical position (%)",
        "rotation": "Rotation (°)",
        "look": "How it is drawn",
        "side": "Image size (px)",
        "antialias": "Anti-aliased edges",
        "fill": "Filled (off: outlines)",
        "jpeg": "JPEG quality (100 = no JPEG)",
        "overlap": "The objects overlap or leave the picture; the shapes world never does that, so expect mistakes.",
        "truth": "The generator's caption: **{caption}**",
        "match": "The model's caption matches.",
        "mismatch": "The model's caption differs from the generator's.",
        "gallery_pick": "Example",
        "scene_n": "Scene {i}",
        "photo": "Photo: {name}",
        "upload": "Image file",
        "camera": "Take a picture",
        "no_image": "Choose or make a picture first.",
        "decoding": "Decoding",
        "greedy": "Greedy",
        "beam": "Beam search",
        "sampling": "Sampling",
        "width": "Beam width",
        "temperature": "Temperature",
        "seed": "Seed",
        "max_len": "Maximum length (words)",
        "caption": "Caption",
        "cut": "(stopped at the maximum length, no `<eos>`)",
        "outside": "This picture does not look like the shapes world. The bundled captioner knows **only** scenes of "
        "circles, squares and triangles on a plain background, so whatever it writes about a photo is "
        "a shapes-world sentence, not a description. To caption real photos, train your own on a "
        "Flickr8k-style folder (images + `captions.txt` with `image,caption`): "
        "`python -m models train captioner --data DIR --epochs 20 --out my_captioner.pt`, then choose "
        "*My checkpoint* above.",
        "steps": "Step by step",
        "steps_help": "At every step the decoder gives a probability to every word: the chosen word with its "
        "probability, and the three most likely words at that step.",
        "col_step": "step",
        "col_word": "word",
        "col_prob": "probability",
        "col_top": "top-3 alternatives",
        "attention": "Where the decoder looked for each word",
        "attention_help": "Attention weights over the 8×8 grid (they sum to 1), upsampled and laid over the picture "
        "the model saw: bright = high weight.",
        "pick_word": "Word",
        "beams": "Beams",
        "col_rank": "rank",
        "col_caption": "caption",
        "col_logprob": "log-probability",
        "col_finished": "ended with <eos>",
        "tree": "Beam tree",
        "tree_help": "Every kept expansion, left to right by step; a line joins a word to the hypothesis it extends. "
        "Colour = cumulative log-probability; ◆ = ended with `<eos>`.",
        "about": "About this captioner",
        "about_body": "Trained here with the project's trainer on {scenes:,} generated scenes (rendering variations: "
        "anti-aliasing, rotation ±15°, colour ±20, background shade, JPEG, 64–512 px, outlines) in "
        "{minutes:.1f} min on a shared 2-core CPU. On 1,000 fresh held-out scenes: exact match "
        "**{em_var:.1%}**, BLEU-4 **{bleu_var:.3f}** with the variations; **{em_plain:.1%}** / "
        "**{bleu_plain:.3f}** in the plain look. Command: `{command}`.",
        "about_world": "The shapes world: 1–2 objects; shapes circle/square/triangle; colours red, green, blue, yellow, "
        "purple, orange; sizes small (16–22 % of the side) and large (35–45 %); relations left of, right "
        "of, above, below (along the axis where the centres differ most).",
        "error": "Could not caption this picture: {error}",
    },
    "ko": {
        "uploader_help": "파일을 상자에 끌어다 놓거나 상자의 버튼을 누르세요. 상자 안의 글자는 Streamlit이 쓰는 영어 그대로입니다: "
        "“Drag and drop file here” = 파일을 여기에 끌어다 놓기, “Browse files” = 파일 찾기, "
        "“Limit 25MB per file” = 파일당 최대 25MB.",
        "title": "이미지 캡셔닝: CNN → 어텐션 LSTM",
        "intro": "**일대다(one-to-many)**: 작은 CNN이 그림을 8×8 격자의 특징 벡터로 바꾸고, LSTM이 단어를 하나씩 "
        "써 나갑니다. 단어를 쓰기 전마다 그 격자 위에 *소프트 어텐션* 분포를 둡니다(Show, Attend and "
        "Tell). `<eos>`를 쓰면 멈춥니다.",
        "model": "캡셔너",
        "bundled": "기본 제공: 도형 세계",
        "own": "내 체크포인트 (`train captioner --out`으로 만든 .pt)",
        "own_upload": "체크포인트 파일",
        "own_hint": "`python -m models train captioner --data DIR --out my_captioner.pt`가 만든 파일을 올리세요.",
        "own_loaded": "{name} 불러옴: 단어 {words}개, 학습 데이터: {data}.",
        "bad_checkpoint": "이 체크포인트는 쓸 수 없습니다: {error}",
        "weights_missing": "기본 캡셔너를 쓸 수 없습니다: {error}",
        "source": "그림",
        "src_builder": "장면 만들기",
        "src_gallery": "예시",
        "src_upload": "올리기",
        "src_camera": "카메라",
        "n_objects": "물체 수",
        "object": "물체 {i}",
        "shape": "모양",
        "colour": "색",
        "size": "크기",
        "x": "가로 위치 (%)",
        "y": "세로 위치 (%)",
        "rotation": "회전 (°)",
        "look": "그리는 방식",
        "side": "이미지 크기 (px)",
        "antialias": "매끄러운 가장자리(안티에일리어싱)",
        "fill": "채우기 (끄면 윤곽선)",
        "jpeg": "JPEG 품질 (100 = JPEG 안 함)",
        "overlap": "물체가 겹치거나 그림 밖으로 나갑니다. 도형 세계에는 없는 장면이라 틀릴 수 있습니다.",
        "truth": "생성기의 캡션: **{caption}**",
        "match": "모델의 캡션이 일치합니다.",
        "mismatch": "모델의 캡션이 생성기의 캡션과 다릅니다.",
        "gallery_pick": "예시",
        "scene_n": "장면 {i}",
        "photo": "사진: {name}",
        "upload": "이미지 파일",
        "camera": "사진 찍기",
        "no_image": "먼저 그림을 고르거나 만드세요.",
        "decoding": "디코딩",
        "greedy": "탐욕(greedy)",
        "beam": "빔 서치",
        "sampling": "샘플링",
        "width": "빔 너비",
        "temperature": "온도",
        "seed": "시드",
        "max_len": "최대 길이 (단어)",
        "caption": "캡션",
        "cut": "(최대 길이에서 멈춤, `<eos>` 없음)",
        "outside": "이 그림은 도형 세계처럼 보이지 않습니다. 기본 캡셔너는 단색 배경 위의 원·사각형·삼각형 장면**만** "
        "압니다. 사진에 대해 쓰는 문장은 도형 세계의 문장일 뿐 설명이 아닙니다. 실제 사진에 캡션을 "
        "달려면 Flickr8k 형식 폴더(이미지 + `image,caption` 형식의 `captions.txt`)로 직접 학습하세요: "
        "`python -m models train captioner --data DIR --epochs 20 --out my_captioner.pt`, 그다음 위에서 "
        "*내 체크포인트*를 고르세요.",
        "steps": "단계별 디코딩",
        "steps_help": "디코더는 단계마다 모든 단어에 확률을 줍니다. 고른 단어와 그 확률, 그리고 그 단계에서 가장 "
        "확률이 높은 세 단어를 보여 줍니다.",
        "col_step": "단계",
        "col_word": "단어",
        "col_prob": "확률",
        "col_top": "상위 3개 후보",
        "attention": "단어마다 디코더가 본 곳",
        "attention_help": "8×8 격자 위의 어텐션 가중치(합 = 1)를 키워서 모델이 본 그림 위에 겹쳤습니다. 밝을수록 "
        "가중치가 큽니다.",
        "pick_word": "단어",
        "beams": "빔",
        "col_rank": "순위",
        "col_caption": "캡션",
        "col_logprob": "로그 확률",
        "col_finished": "<eos>로 끝남",
        "tree": "빔 트리",
        "tree_help": "단계별로 남은 모든 확장을 왼쪽에서 오른쪽으로 그렸습니다. 선은 단어와 그 단어가 이어 붙은 가설을 "
        "잇습니다. 색 = 누적 로그 확률, ◆ = `<eos>`로 끝남.",
        "about": "이 캡셔너에 대하여",
        "about_body": "프로젝트의 트레이너로 생성한 장면 {scenes:,}개(변형: 안티에일리어싱, ±15° 회전, 색 ±20, 배경 "
        "밝기, JPEG, 64–512 px, 윤곽선)를 공유 2코어 CPU에서 {minutes:.1f}분 학습했습니다. 처음 보는 "
        "장면 1,000개에서: 변형 포함 정확 일치 **{em_var:.1%}**, BLEU-4 **{bleu_var:.3f}**; 기본 모양 "
        "**{em_plain:.1%}** / **{bleu_plain:.3f}**. 명령: `{command}`.",
        "about_world": "도형 세계: 물체 1–2개; 모양 circle/square/triangle; 색 red, green, blue, yellow, purple, "
        "orange; 크기 small(한 변의 16–22 %)과 large(35–45 %); 관계 left of, right of, above, below "
        "(중심 차이가 더 큰 축 기준).",
        "error": "이 그림에 캡션을 달 수 없습니다: {error}",
    },
}

#: The shapes-world words in Korean, for the scene builder's options and the gallery's photo names. They live
#: outside TEXT on purpose: in English the option *is* the word the captioner writes, so there is no EN label.
WORDS_KO = {
    "circle": "원",
    "square": "사각형",
    "triangle": "삼각형",
    "red": "빨강",
    "green": "초록",
    "blue": "파랑",
    "yellow": "노랑",
    "purple": "보라",
    "orange": "주황",
    "small": "작게",
    "large": "크게",
    "astronaut": "우주비행사",
    "coffee": "커피",
    "chelsea": "고양이 첼시",
}


def word_labeler():
    """format_func for the scene builder's options in this run's language (English: the captioner's own word).
    The language is read once, when the page runs, not each time the function is called."""
    from ui.i18n import current_lang

    ko = current_lang() == "ko"
    return lambda word: WORDS_KO.get(word, word) if ko else word


GALLERY_SEEDS = (90_000_001, 90_000_002, 90_000_003, 90_000_005, 90_000_007, 90_000_011)
PHOTOS = ("astronaut", "coffee", "chelsea")
SIDES = (64, 96, 128, 192, 256, 384, 512)  # rendered scene sizes (px)
#: the builder's two objects when the page opens: shape, colour, size, x %, y %
BUILDER_DEFAULTS = (("circle", "red", "large", 28, 50), ("triangle", "blue", "small", 75, 45))


def _object_params(i: int, d: tuple) -> list:
    """URL parameters of builder object ``i`` (0-based; 1-based in the URL: shape1, colour1, ...)."""
    n = i + 1
    return [
        Choice(f"shape{n}", shapes.SHAPES, d[0], key=f"cap_shape{i}"),
        Choice(f"colour{n}", tuple(shapes.COLOURS), d[1], key=f"cap_colour{i}"),
        Choice(f"size{n}", tuple(shapes.SIZES), d[2], key=f"cap_size{i}"),
        Int(f"x{n}", 0, 100, d[3], key=f"cap_x{i}"),
        Int(f"y{n}", 0, 100, d[4], key=f"cap_y{i}"),
        Int(f"rot{n}", -15, 15, 0, key=f"cap_rot{i}"),
    ]


#: The page's URL parameters (README "Links, sharing and presenter mode"); an uploaded picture or checkpoint is
#: not in a link (the Share panel says so).
URL = UrlState(
    "caption",
    Choice("model", ("bundled", "own"), key="cap_model"),  # bundled shapes-world captioner or an uploaded one
    Choice("src", ("builder", "gallery", "upload", "camera"), key="cap_source"),  # picture source
    Choice(
        "ex",
        (*(f"scene:{i}" for i in range(1, len(GALLERY_SEEDS) + 1)), *(f"photo:{p}" for p in PHOTOS)),
        key="cap_gallery",
    ),  # example picture
    Choice("n", (1, 2), 2, key="cap_n"),  # objects in the built scene
    *_object_params(0, BUILDER_DEFAULTS[0]),
    *_object_params(1, BUILDER_DEFAULTS[1]),
    Choice("side", SIDES, 128, key="cap_side"),  # rendered size
    Int("jpeg", 30, 100, 100, key="cap_jpeg"),  # JPEG quality (100: none)
    Bool("aa", True, key="cap_aa"),  # anti-aliasing
    Bool("fill", True, key="cap_fill"),  # filled shapes (else outlines)
    Choice("dec", ("greedy", "beam", "sampling"), key="cap_mode"),  # decoding
    Int("beam", 1, 10, 3, key="cap_width"),  # beam width
    Float("temp", 0.1, 2.0, 1.0, key="cap_temp"),  # sampling temperature
    Int("seed", 0, 10_000, 0, key="cap_seed"),  # sampling seed
    Int("len", 1, 30, 20, key="cap_maxlen"),  # longest caption (words)
)


@st.cache_resource(show_spinner=False)
def bundled_captioner() -> LoadedCaptioner:
    return load_bundled()


def try_bundled() -> tuple[LoadedCaptioner | None, str | None]:
    try:
        return bundled_captioner(), None
    except ModelsError as exc:
        return None, str(exc)


@st.cache_resource(show_spinner=False, max_entries=8)
def _captioner_from_bytes(digest: str, data: bytes, name: str) -> LoadedCaptioner:
    return load_file(data, name=name)


def captioner_from_upload(uploaded) -> LoadedCaptioner:
    data = uploaded.getvalue()
    return _captioner_from_bytes(hashlib.sha256(data).hexdigest(), data, uploaded.name)


@st.cache_data(show_spinner=False)
def gallery() -> list[tuple[str, Image.Image, str | None]]:
    """(label key + arg, image, true caption or None for photos)."""
    items = []
    for i, seed in enumerate(GALLERY_SEEDS, 1):
        sc = shapes.generate_scene(seed)
        items.append((f"scene:{i}", sc.image, sc.caption))
    from skimage import data as skdata

    for name in PHOTOS:
        items.append((f"photo:{name}", Image.fromarray(getattr(skdata, name)()), None))
    return items


def gallery_label(key: str, tr) -> str:
    kind, arg = key.split(":", 1)
    return tr("scene_n", i=arg) if kind == "scene" else tr("photo", name=word_labeler()(arg))


def scene_builder(tr) -> tuple[Image.Image, str, bool]:
    """Widgets -> (rendered image, the generator's caption, objects placed legally?)."""
    n = st.radio(tr("n_objects"), URL.options("n"), horizontal=True, key=URL.key("n"))
    word_label = word_labeler()
    objs = []
    cols = st.columns(n)
    for i in range(n):
        k = i + 1  # URL names count from 1
        with cols[i]:
            st.markdown(f"**{tr('object', i=k)}**")
            shape = st.selectbox(
                tr("shape"), URL.options(f"shape{k}"), key=URL.key(f"shape{k}"), format_func=word_label
            )
            colour = st.selectbox(
                tr("colour"), URL.options(f"colour{k}"), key=URL.key(f"colour{k}"), format_func=word_label
            )
            size = st.radio(
                tr("size"),
                URL.options(f"size{k}"),
                horizontal=True,
                key=URL.key(f"size{k}"),
                format_func=word_label,
            )
            x = st.slider(tr("x"), **URL.range(f"x{k}"), key=URL.key(f"x{k}"))
            y = st.slider(tr("y"), **URL.range(f"y{k}"), key=URL.key(f"y{k}"))
            rot = st.slider(tr("rotation"), **URL.range(f"rot{k}"), key=URL.key(f"rot{k}"))
            objs.append(shapes.SceneObject(shape, colour, size, x / 100, y / 100, rotation=float(rot)))
    with st.expander(tr("look")):
        c1, c2 = st.columns(2)
        side = c1.select_slider(tr("side"), URL.options("side"), key=URL.key("side"))
        jpeg = c2.slider(tr("jpeg"), **URL.range("jpeg"), key=URL.key("jpeg"))
        aa = c1.checkbox(tr("antialias"), key=URL.key("aa"))
        fill = c2.checkbox(tr("fill"), key=URL.key("fill"))
    opts = shapes.RenderOptions(
        side=int(side), antialias=aa, fill=fill, jpeg_quality=None if jpeg >= 100 else jpeg
    )
    legal = all(shapes.inside(o, 0.0) for o in objs) and not (
        n == 2 and shapes.overlaps(objs[0], objs[1], 0.0)
    )
    scene = shapes.build_scene(objs, opts)
    return scene.image, scene.caption, legal


def steps_frame(decoded, tr) -> pd.DataFrame:
    rows = []
    for i, s in enumerate(decoded.steps, 1):
        rows.append(
            {
                tr("col_step"): i,
                tr("col_word"): s.word,
                tr("col_prob"): pct(s.prob),
                tr("col_top"): " · ".join(f"{w} {pct(p)}" for w, p in s.top),
            }
        )
    return pd.DataFrame(rows)


def attention_figure(image: Image.Image, attention, word: str, size: int = 256) -> go.Figure:
    """The picture as the model saw it with the (grid, grid) attention map on top (low weights transparent)."""
    a = np.asarray(attention, dtype=np.float32)  # (g, g)
    g = a.shape[0]
    base = np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR))
    cell = size / g
    fig = go.Figure(go.Image(z=base))
    scale = [[0.0, "rgba(255,230,0,0)"], [0.25, "rgba(255,170,0,0.35)"], [1.0, "rgba(220,0,0,0.85)"]]
    fig.add_trace(
        go.Heatmap(
            z=a,
            x0=cell / 2,
            dx=cell,
            y0=cell / 2,
            dy=cell,
            colorscale=scale,
            zsmooth="best",
            zmin=0,
            showscale=True,
            name=word,
            hovertemplate="weight %{z:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"“{word}”",
        height=340,
        margin=dict(l=0, r=0, t=36, b=0),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x"),
    )
    return fig


def overlays(image: Image.Image, decoded, size: int = 128) -> list[tuple[Image.Image, str]]:
    return [(attention_overlay(image, s.attention, size), s.word) for s in decoded.steps]


TREE_FONT = 14  # px: the beam tree's words (plotly's default drew them at ~11 px)


def beam_tree_figure(tree: list[dict], beams, tr) -> go.Figure:
    """Nodes at (step, rank within the step), a line from each node to its parent; colour = log-probability."""
    by_step: dict[int, list[dict]] = {}
    for node in tree:
        by_step.setdefault(node["step"], []).append(node)
    pos = {}
    for step, nodes in by_step.items():
        for rank, node in enumerate(sorted(nodes, key=lambda n: -n["logprob"])):
            pos[node["id"]] = (step + 1, -rank)
    fig = go.Figure()
    xs, ys = [], []
    for node in tree:
        x, y = pos[node["id"]]
        px, py = pos[node["parent"]] if node["parent"] >= 0 else (0, 0)
        xs += [px, x, None]
        ys += [py, y, None]
    fig.add_scatter(
        x=xs, y=ys, mode="lines", line=dict(color="#bbbbbb", width=1), hoverinfo="skip", showlegend=False
    )
    fig.add_scatter(
        x=[0],
        y=[0],
        mode="markers+text",
        text=["<start>"],
        textposition="bottom center",
        textfont=dict(size=TREE_FONT),
        marker=dict(size=10, color="#444"),
        showlegend=False,
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=[pos[n["id"]][0] for n in tree],
        y=[pos[n["id"]][1] for n in tree],
        mode="markers+text",
        text=[n["word"] for n in tree],
        textposition="top center",
        textfont=dict(size=TREE_FONT),
        marker=dict(
            size=[14 if n["final"] else 9 for n in tree],
            symbol=["diamond" if n["final"] else "circle" for n in tree],
            color=[n["logprob"] for n in tree],
            colorscale="Viridis",
            showscale=True,
            colorbar=dict(title=tr("col_logprob")),
        ),
        customdata=[n["logprob"] for n in tree],
        hovertemplate="%{text}: %{customdata:.3f}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(
        height=400,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=tr("col_step"), dtick=1, range=[-0.6, max(by_step, default=0) + 1.6]),
        yaxis=dict(visible=False),
    )
    return fig


def beams_frame(beams, tr) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("col_rank"): i,
                tr("col_caption"): b.caption,
                tr("col_logprob"): round(b.logprob, 3),
                tr("col_finished"): "✓" if b.finished else "–",
            }
            for i, b in enumerate(beams, 1)
        ]
    )
