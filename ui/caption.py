"""The captioning page's URL state, cached captioners, and the panels of its left column: which captioner, the
picture (scene builder, gallery, upload, camera) and the decoding settings. The result panels are in
ui.caption_results, the texts in ui.text.caption."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st
from PIL import Image

from models.caption import shapes
from models.caption.builder import placed_legally
from models.caption.inference import LoadedCaptioner, load_bundled, load_file
from models.caption.modes import MODES
from models.errors import ModelsError
from models.vision.imageio import EXTENSIONS, load_image
from ui.text.caption import WORDS_KO
from ui.urlstate import Bool, Choice, Float, Int, UrlState


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
    Choice("dec", MODES, key="cap_mode"),  # decoding
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
    scene = shapes.build_scene(objs, opts)
    return scene.image, scene.caption, placed_legally(objs)


def captioner_panel(tr) -> tuple[str, LoadedCaptioner | None]:
    """The *Captioner* choice -> ("bundled" or "own", the loaded captioner or None after an error shown here)."""
    which = st.radio(
        tr("model"), URL.options("model"), format_func=lambda k: tr(k), horizontal=True, key=URL.key("model")
    )
    if which == "bundled":
        cap, err = try_bundled()
        if cap is None:
            st.error(tr("weights_missing", error=err))
        return which, cap
    st.caption(tr("own_hint"))
    up = st.file_uploader(tr("own_upload"), type=["pt", "pth"], key="cap_ckpt", help=tr("uploader_help"))
    if up is None:
        return which, None
    try:
        cap = captioner_from_upload(up)
    except ModelsError as exc:
        st.error(tr("bad_checkpoint", error=exc))
        return which, None
    st.success(tr("own_loaded", name=cap.name, words=len(cap.vocab), data=cap.meta.get("trained_on", "?")))
    return which, cap


def _gallery_picker(tr) -> tuple[Image.Image, str | None]:
    items = gallery()
    keys = [k for k, _, _ in items]
    thumbs = st.columns(len(items))
    for col, (k, img, _) in zip(thumbs, items):
        col.image(img.resize((96, 96)), caption=gallery_label(k, tr))
    pick = st.selectbox(
        tr("gallery_pick"), keys, format_func=lambda k: gallery_label(k, tr), key=URL.key("ex")
    )
    _, image, truth = items[keys.index(pick)]
    return image, truth


def picture_panel(tr) -> tuple[Image.Image | None, str | None, bool]:
    """The picture source and its widgets -> (image or None, true caption or None, objects placed legally?)."""
    source = st.radio(
        tr("source"),
        URL.options("src"),
        format_func=lambda k: tr(f"src_{k}"),
        horizontal=True,
        key=URL.key("src"),
    )
    if source == "builder":
        return scene_builder(tr)
    if source == "gallery":
        return (*_gallery_picker(tr), True)
    f = (
        st.file_uploader(tr("upload"), type=list(EXTENSIONS), key="cap_upload", help=tr("uploader_help"))
        if source == "upload"
        else st.camera_input(tr("camera"), key="cap_camera")
    )
    if f is not None:
        try:
            return load_image(f), None, True
        except ModelsError as exc:
            st.error(tr("error", error=exc))
    return None, None, True


@dataclass(frozen=True)
class Decoding:
    mode: str  # greedy, beam or sampling
    width: int  # beam width (1 unless beam search)
    temperature: float  # sampling temperature (1.0 unless sampling)
    seed: int  # sampling seed (0 unless sampling)
    max_len: int  # longest caption in words


def decoding_panel(tr) -> Decoding:
    """The decoding settings; a setting that the chosen mode does not use shows no widget."""
    c1, c2, c3 = st.columns([2, 2, 1])
    mode = c1.radio(tr("decoding"), URL.options("dec"), format_func=tr, horizontal=True, key=URL.key("dec"))
    width = c2.slider(tr("width"), **URL.range("beam"), key=URL.key("beam")) if mode == "beam" else 1
    temperature = (
        c2.slider(tr("temperature"), **URL.range("temp"), step=0.1, key=URL.key("temp"))
        if mode == "sampling"
        else 1.0
    )
    seed = c3.number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed")) if mode == "sampling" else 0
    max_len = c3.number_input(tr("max_len"), **URL.range("len"), key=URL.key("len"))
    return Decoding(mode, int(width), float(temperature), int(seed), int(max_len))
