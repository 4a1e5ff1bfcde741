"""Image captioning (one-to-many): CNN encoder -> LSTM decoder with soft attention; greedy, beam, sampling."""

from __future__ import annotations

import streamlit as st

from models import default_store
from models.caption.inference import looks_like_shapes_world
from models.errors import ModelsError
from models.vision.imageio import EXTENSIONS, load_image
from ui.caption import (
    URL,
    attention_figure,
    beam_tree_figure,
    beams_frame,
    captioner_from_upload,
    gallery,
    gallery_label,
    overlays,
    scene_builder,
    steps_frame,
    try_bundled,
)
from ui.i18n import translator
from ui.presenter import big_result, secondary, show_chart
from ui.text.caption import TEXT

tr = translator(TEXT)
st.title(tr("title"))
st.markdown(tr("intro"))
URL.apply()

# -- which captioner ---------------------------------------------------------------------------------------
which = st.radio(
    tr("model"), URL.options("model"), format_func=lambda k: tr(k), horizontal=True, key=URL.key("model")
)
cap = None
if which == "bundled":
    cap, err = try_bundled()
    if cap is None:
        st.error(tr("weights_missing", error=err))
else:
    st.caption(tr("own_hint"))
    up = st.file_uploader(tr("own_upload"), type=["pt", "pth"], key="cap_ckpt", help=tr("uploader_help"))
    if up is not None:
        try:
            cap = captioner_from_upload(up)
            st.success(
                tr("own_loaded", name=cap.name, words=len(cap.vocab), data=cap.meta.get("trained_on", "?"))
            )
        except ModelsError as exc:
            st.error(tr("bad_checkpoint", error=exc))

# Two columns on a wide screen: the picture and the settings on the left, the caption right beside them, so
# that changing the scene shows the new caption without scrolling (1280x720 browser test); a phone stacks them.
controls, result = st.columns([3, 2], gap="large")
with controls:
    # -- the picture -------------------------------------------------------------------------------------------
    source = st.radio(
        tr("source"),
        URL.options("src"),
        format_func=lambda k: tr(f"src_{k}"),
        horizontal=True,
        key=URL.key("src"),
    )
    image, truth, legal = None, None, True
    if source == "builder":
        image, truth, legal = scene_builder(tr)
    elif source == "gallery":
        items = gallery()
        keys = [k for k, _, _ in items]
        thumbs = st.columns(len(items))
        for col, (k, img, _) in zip(thumbs, items):
            col.image(img.resize((96, 96)), caption=gallery_label(k, tr))
        pick = st.selectbox(
            tr("gallery_pick"), keys, format_func=lambda k: gallery_label(k, tr), key=URL.key("ex")
        )
        _, image, truth = items[keys.index(pick)]
    else:
        f = (
            st.file_uploader(tr("upload"), type=list(EXTENSIONS), key="cap_upload", help=tr("uploader_help"))
            if source == "upload"
            else st.camera_input(tr("camera"), key="cap_camera")
        )
        if f is not None:
            try:
                image = load_image(f)
            except ModelsError as exc:
                st.error(tr("error", error=exc))

    # -- decoding settings -------------------------------------------------------------------------------------
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

if image is None:
    result.info(tr("no_image"))
    st.stop()
if cap is None:
    st.stop()

# -- caption -----------------------------------------------------------------------------------------------
try:
    beams = None
    if mode == "greedy":
        best = cap.greedy(image, int(max_len))
    elif mode == "beam":
        res = cap.beam(image, int(width), int(max_len))
        beams, best = res, res.beams[0]
    else:
        best = cap.sample(image, float(temperature), int(seed), int(max_len))
except (ModelsError, ValueError) as exc:
    result.error(tr("error", error=exc))
    st.stop()

with result:
    big_result(tr("caption"), f"“{best.caption}”", None if best.finished else tr("cut").replace("`", ""))
    if truth is not None:
        st.markdown(tr("truth", caption=truth))
        (st.success if best.caption == truth else st.warning)(
            tr("match" if best.caption == truth else "mismatch")
        )
    if not legal:
        st.warning(tr("overlap"))
    if which == "bundled" and not looks_like_shapes_world(image):
        st.info(tr("outside"))
    st.image(image, width="stretch")  # (a fixed width made a 1 px tall thumbnail of a very wide image)

st.subheader(tr("steps"))
st.caption(tr("steps_help"))
st.dataframe(steps_frame(best, tr), hide_index=True, width="stretch")

st.subheader(tr("attention"))
st.caption(tr("attention_help"))
if best.steps:
    words = [f"{i}. {s.word}" for i, s in enumerate(best.steps, 1)]
    word_key = "cap_word_" + "_".join(s.word for s in best.steps)  # a new caption gets a fresh slider
    pick = (
        st.select_slider(tr("pick_word"), words, value=words[0], key=word_key) if len(words) > 1 else words[0]
    )
    step = best.steps[words.index(pick)]
    a1, a2 = st.columns([1, 1])
    with a1:
        show_chart(
            attention_figure(image, step.attention, step.word),
            f"caption-attention-{step.word}",
            key="cap_attn",
        )
    with a2:
        tiles = overlays(image, best)
        per_row = 4
        for r in range(0, len(tiles), per_row):
            cols = st.columns(per_row)
            for col, (img, word) in zip(cols, tiles[r : r + per_row]):
                col.image(img, caption=word, width="stretch")

if beams is not None:
    st.subheader(tr("beams"))
    st.dataframe(beams_frame(beams.beams, tr), hide_index=True, width="stretch")
    st.markdown(f"**{tr('tree')}**")
    secondary(tr("tree_help"))
    show_chart(
        beam_tree_figure(beams.tree, beams.beams, tr), f"caption-beam-tree-width{int(width)}", key="cap_tree"
    )

with st.expander(tr("about")):
    st.markdown(tr("about_world"))
    try:
        entry = default_store.entry("captioner_shapes")
        m = entry["metrics"]
        st.markdown(
            tr(
                "about_body",
                scenes=m["training_scenes"],
                minutes=m["train_seconds"] / 60,
                em_var=m["exact_match_variations"],
                bleu_var=m["bleu4_variations"],
                em_plain=m["exact_match_plain"],
                bleu_plain=m["bleu4_plain"],
                command=entry["command"],
            )
        )
    except (ModelsError, KeyError):
        pass
    st.markdown(tr("outside"))
