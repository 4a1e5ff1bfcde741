"""Many-to-one: a person's name → nationality, character by character; then padding, masking and packing."""

from __future__ import annotations

import streamlit as st

from models.rnn.chars import split_names
from models.rnn.names import LOCALES
from ui.i18n import translator
from ui.live import live_panel, session_runs
from ui.names import (
    URL,
    analyse_or_error,
    confusion_panel,
    names_abstention,
    nationality,
    packed_table,
    padding_panel,
    prefix_and_hidden_panel,
    result_panel,
    scores_panel,
    start_pair,
    threshold_note,
    try_bundled,
)
from ui.presenter import secondary
from ui.text.names import TEXT

tr = translator(TEXT)
st.title(tr("title"))
URL.apply()
st.write(tr("intro", n=len(LOCALES)))

# -- the bundled classifier on a typed name --------------------------------------------------------------
bundle = try_bundled(tr)
if bundle is not None:
    model, _vocab, labels = bundle
    shown = [nationality(lab, tr) for lab in labels]
    abstain = names_abstention()
    left, right = st.columns([2, 3])
    with left:
        name = st.text_input(tr("type_name"), max_chars=60, key=URL.key("name"))
        st.markdown(tr("classes_known", n=len(shown), names=", ".join(shown)))
        st.caption(threshold_note(abstain, tr))
    analysis = analyse_or_error(name, bundle, left)
    if analysis is not None:
        with right.container(key="names-result"):
            result_panel(analysis, shown, abstain["threshold"], tr)
        prefix_and_hidden_panel(analysis, model, shown, tr)
    scores_panel(labels, tr)
    with st.expander(tr("confusion"), expanded=False):
        confusion_panel(labels, tr)

# -- padding and packing ---------------------------------------------------------------------------
st.header(tr("pad_title"))
st.write(tr("pad_intro"))
batch = split_names(st.text_input(tr("batch_names"), key=URL.key("batch")))
if bundle is not None and batch:
    padding_panel(batch, tr)

st.subheader(tr("packed_title"))
st.markdown(tr("packed_text"))
secondary(tr("packed_note"))
packed_table(tr)

with st.expander(tr("train_yourself"), expanded=False):
    st.caption(tr("train_help"))
    epochs = st.slider(tr("epochs"), **URL.range("ep"), key=URL.key("ep"))
    pair = session_runs("names-pair")
    if st.button(tr("start_pair"), key="start_pair"):
        start_pair(pair, epochs, tr)
    for col, (run_id, run) in zip(st.columns(2), pair.items()):
        with col:
            live_panel(run, key=run_id, tr=tr)

st.caption(tr("credits", n=len(LOCALES)))
