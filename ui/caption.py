"""Streamlit helpers of the captioning page: cached captioners, scene builder, figures."""

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
from ui.text.caption import WORDS_KO
from ui.urlstate import Bool, Choice, Float, Int, UrlState
from ui.widgets import pct


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
