"""Translation (many-to-many encoder-decoder): English number words <-> Korean number words, with attention."""

from __future__ import annotations

import streamlit as st

from models.errors import InputError
from models.seq2seq import corpus
from models.seq2seq.evaluate import check_translation, random_test_phrase, resolve_direction
from ui.i18n import translator
from ui.presenter import big_result, secondary, show_chart
from ui.text.translate import TEXT
from ui.translate import (
    URL,
    attention_figure,
    bucket_figure,
    bucket_figures,
    get_translator,
    lab_panel,
    note_lines,
    steps_frame,
)

tr = translator(TEXT)
st.title(tr("title"))
URL.apply()
st.markdown(tr("intro"))
# -- controls (left) and the translation (right): typing a phrase shows its translation beside the box -------
ctrl, out = st.columns([1, 1], gap="large")
with ctrl:
    text = st.text_input(tr("input"), key=URL.key("text"), max_chars=corpus.MAX_INPUT_CHARS)
    c1, c2 = st.columns([1, 1], vertical_alignment="bottom")
    rand_lang = c1.radio(
        tr("random_lang"),
        URL.options("rl"),
        format_func=lambda k: tr(f"lang_{k}"),
        horizontal=True,
        key=URL.key("rl"),
    )
    # a callback runs before the script, so it may set the text box's value (the box is drawn above the button)
    c2.button(
        tr("random"),
        key="tr_random",
        width="stretch",
        on_click=lambda: st.session_state.update(
            tr_text=random_test_phrase(st.session_state["tr_rand_lang"])[1]
        ),
    )
    c1, c2 = st.columns(2)
    choice = c1.selectbox(
        tr("direction"), URL.options("dir"), format_func=lambda d: tr(f"dir_{d}"), key=URL.key("dir")
    )
    beam = c2.slider(tr("beam"), **URL.range("beam"), key=URL.key("beam"))
    kind = st.radio(
        tr("model"),
        URL.options("model"),
        format_func=lambda k: tr(f"model_{k}"),
        key=URL.key("model"),
        horizontal=True,
    )

# -- translate ---------------------------------------------------------------------------------------------
direction = resolve_direction(choice, text)
model, err = get_translator(direction, kind == "attn")
result = None
with out:
    if model is None:
        st.error(tr("weights_missing", error=err, dir=direction))
    elif text.strip():
        st.caption(tr("detected", dir=tr(f"dir_{direction}")))
        try:
            result = model.translate(text, beam=int(beam))
        except InputError as exc:
            st.error(tr("input_error", error=exc))
    if result is not None:
        big_result(tr("translation"), result["translation"] or "∅")
        if result["respelled"]:
            st.caption(tr("respelled", text=result["source"]))
        check = check_translation(result["source"], result["translation"], direction)
        if check is not None:
            n, truth, ok = check
            (st.success if ok else st.error)(tr("truth_ok", n=n) if ok else tr("truth_bad", n=n, truth=truth))
        if result["notes"]:
            st.warning(tr("note_intro") + "\n" + "\n".join(f"- {line}" for line in note_lines(result, tr)))

if result is not None:
    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"**{tr('steps')}**")
        st.dataframe(steps_frame(result, tr), hide_index=True, width="stretch")
    with right:
        st.markdown(f"**{tr('attn_title')}**")
        if result["attention"]:
            show_chart(
                attention_figure(result, tr), f"translate-attention-{direction}-{kind}", key="tr_heatmap"
            )
        else:
            st.info(tr("no_attention"))

# the "why" text comes after the result, so that typing a phrase shows its translation without scrolling
with st.expander(tr("why_title"), expanded=True):
    st.markdown(tr("why"))

# -- accuracy vs input length ------------------------------------------------------------------------------
st.subheader(tr("acc_title"))
df, cmds = bucket_figures()
if df.empty:
    st.info(tr("acc_missing"))
else:
    cols = st.columns(2)
    for col, d in zip(cols, corpus.DIRECTIONS):
        with col:
            show_chart(bucket_figure(df, d, tr), f"translate-accuracy-by-length-{d}", key=f"tr_acc_{d}")
    secondary(tr("acc_finding"))
    st.caption(tr("acc_caption", cmds="; ".join(cmds)))

# -- train it yourself -------------------------------------------------------------------------------------
st.subheader(tr("lab_title"))
secondary(tr("lab_intro"))
lab_panel(tr)
