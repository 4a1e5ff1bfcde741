"""The classify view's right-hand result and the panels under it: top 5, what the network sees, Grad-CAM for any
class, first-layer filters, feature maps. One picture's results are computed once per session and kept in
``st.session_state["cls_memo"]`` (a few Grad-CAM classes and feature-map layers with it)."""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image

from models.errors import ModelsError
from models.vision import explain
from models.vision.classify import Classifier
from models.vision.results import class_order, explained_classify
from models.vision.tiles import tile_grid
from ui.classify import URL, filters_tile, topk_figure
from ui.presenter import big_result, show_chart
from ui.widgets import enlarge, pct

HEAT_KEPT, FMAPS_KEPT = 8, 4  # Grad-CAM classes and feature-map layers kept per picture (not all 1,000)


def _keep(store: dict, limit: int) -> None:
    """Make room for one more entry: a full store starts again (a few entries per picture are enough)."""
    if len(store) >= limit:
        store.clear()


def memo_for(clf: Classifier, image: Image.Image, key: str, name: str, where, tr) -> dict | None:
    """This session's result for this model and picture (``key``), computed once; None after an error (shown in
    ``where``, the result column). One forward pass gives the top 5, the activations Grad-CAM needs and the
    feature maps of the layer the page shows (:func:`models.vision.results.explained_classify`)."""
    memo = st.session_state.get("cls_memo")
    if memo is not None and memo["key"] == key:
        return memo
    layer = shown_layer(clf, name)
    try:
        with where, st.spinner(tr("running", model=name)):
            x = clf.preprocess(image)  # (1, C, H, W) what the network sees
            # one timed pass for ImageNet-sized models (a classroom shares the cores), three for the tiny one
            out = explained_classify(clf, x, layer, top=5, repeats=3 if clf.kind == "digits" else 1)
    except ModelsError as exc:
        where.error(tr("bad_image", error=exc))
        return None
    fmaps = {layer: out["fmaps"]} if out["fmaps"] is not None else {}
    memo = {
        "key": key,
        "x": x,
        "preds": out["preds"],
        "ms": out["ms"],
        "acts": out["acts"],
        "heat": {},
        "fmaps": fmaps,
    }
    st.session_state["cls_memo"] = memo
    return memo


def _layers(clf: Classifier) -> tuple[list[str], str]:
    """The feature-map layers offered, and the default one (the first block: edges and blobs, still sharp)."""
    layers = explain.feature_layer_names(clf.model)
    return layers, layers[min(1, len(layers) - 1)]


def _layer_key(name: str) -> str:
    return f"cls_layer:{name}"


def shown_layer(clf: Classifier, name: str) -> str:
    """The feature-map layer the page will show: the picker's value, else a link's layer, else the default."""
    layers, default = _layers(clf)
    picked = st.session_state.get(_layer_key(name))
    if picked in layers:
        return picked
    wanted = URL.get("layer")
    return wanted if URL.linked and wanted in layers else default


def top5_panel(
    clf: Classifier, memo: dict, seen: np.ndarray, name: str, why: str, choice: str, truth, tr
) -> None:
    """Top-1 in big, which model and why, the top-5 chart, latency, the true label, the network's input."""
    x, preds = memo["x"], memo["preds"]
    st.subheader(tr("top5"))
    big_result(tr("top1"), preds[0]["label"], pct(preds[0]["prob"]))
    st.caption(tr(why, model=name, wanted=choice))
    show_chart(topk_figure(preds, x_title=tr("prob_axis")), f"classify-top5-{name}", key="cls_top5")
    st.caption(tr("latency" if clf.kind == "digits" else "latency_one", ms=memo["ms"], model=name))
    if truth is not None:
        (st.success if preds[0]["label"] == truth else st.warning)(tr("truth", label=truth))
    st.image(enlarge(seen), caption=tr("seen", shape=" × ".join(map(str, x.shape[1:]))), width=224)


def forget_other_targets(keep: str) -> None:
    """Drop the Grad-CAM class choices of earlier pictures (one widget key per picture, see gradcam_panel)."""
    for k in [
        k for k in st.session_state if isinstance(k, str) and k.startswith("cls_target:") and k != keep
    ]:
        del st.session_state[k]


def gradcam_panel(clf: Classifier, memo: dict, seen: np.ndarray, key: str, tr) -> None:
    """A class picker (the picture's top 5 first) and its Grad-CAM over the picture and alone."""
    st.subheader(tr("gradcam"))
    st.caption(tr("gradcam_help"))
    order = class_order(memo["preds"], len(clf.categories))
    # Keyed by model and picture, not by the widget alone: a keyed selectbox keeps its value when its options
    # change, so one key for every picture went on explaining the previous picture's class (issue 18). A new
    # picture gets a fresh widget whose default is its own top class.
    target_key = f"cls_target:{key}"
    forget_other_targets(target_key)
    cam = URL.get(
        "cam"
    )  # a link's class is used only by the run that opened the link, never for a new picture
    start = order.index(cam) if URL.linked and 0 <= cam < len(order) else 0
    target = st.selectbox(
        tr("gradcam_class"), order, index=start, format_func=lambda i: clf.categories[i], key=target_key
    )
    URL.set("cam", -1 if target == order[0] else int(target))
    try:
        heat = memo["heat"].get(int(target))
        if heat is None:
            with st.spinner(tr("computing")):
                heat = _gradcam(clf, memo, int(target))
            _keep(memo["heat"], HEAT_KEPT)
            memo["heat"][int(target)] = heat
        g1, g2 = st.columns(2)
        g1.image(
            explain.overlay(seen, heat),
            caption=tr("gradcam_for", label=clf.categories[int(target)]),
            width=320,
        )
        g2.image(enlarge(heat, 224), caption=tr("heat_only"), width=224)
    except (ValueError, RuntimeError) as exc:
        st.error(tr("model_error", error=exc))


def _gradcam(clf: Classifier, memo: dict, target: int) -> np.ndarray:
    """From the classification's own activations when the architecture is known (the head alone runs again),
    else a whole Grad-CAM pass."""
    if memo.get("acts") is not None:
        return explain.gradcam_from(clf.model, memo["acts"], target, tuple(memo["x"].shape[-2:]))
    return explain.gradcam(clf.model, memo["x"], target)


def filters_panel(clf: Classifier, name: str, tr) -> None:
    st.subheader(tr("filters"))
    conv_name, conv = explain.first_conv(clf.model)
    st.caption(tr("filters_help", layer=conv_name, n=conv.out_channels, k=conv.kernel_size[0]))
    st.image(filters_tile(name), width="stretch")


def fmaps_panel(clf: Classifier, memo: dict, name: str, tr) -> None:
    """A layer picker and up to 32 of that layer's feature maps for the picture."""
    st.subheader(tr("fmaps"))
    layers, default = _layers(clf)
    start = layers.index(shown_layer(clf, name))  # the one memo_for computed with the classification
    layer = st.selectbox(tr("fmaps_layer"), layers, index=start, key=_layer_key(name))
    URL.set("layer", "" if layer == default else layer)
    fm = memo["fmaps"].get(layer)
    if fm is None:  # one forward pass per layer and picture, kept for this session's reruns (a few layers)
        _keep(memo["fmaps"], FMAPS_KEPT)
        fm = memo["fmaps"][layer] = explain.feature_maps(
            clf.model, memo["x"], layer, limit=32
        )  # (<=32, h, w)
    st.caption(tr("fmaps_help", n=len(fm), h=fm.shape[1], w=fm.shape[2]))
    st.image(tile_grid(fm, cols=8, cell=64), width="stretch")
