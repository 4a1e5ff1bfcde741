"""Part-of-speech tagging (many-to-many, aligned): BiLSTM tagger on UD English-EWT; names; train your own."""

from __future__ import annotations

import streamlit as st

from ui.i18n import translator
from ui.live import session_runs
from ui.presenter import secondary
from ui.tagger import URL, examples_panel, tagged_text_panel, tagger_options
from ui.tagger_train import run_card, training_panel
from ui.text.tagger import TEXT

tr = translator(TEXT)
runs = session_runs("tagger")
st.title(tr("title"))
URL.apply()
st.markdown(tr("intro"))

# -- which tagger: bundled ones that load, plus this session's finished runs ------------------------------
options, labels = tagger_options(runs, tr)
if st.session_state.get("tagger_model") not in options:
    st.session_state.pop("tagger_model", None)

# -- tag a text --------------------------------------------------------------------------------------------
with st.form("tag-form"):
    c1, c2 = st.columns([3, 1])
    text = c1.text_area(tr("input"), key=URL.key("text"), height=90)
    choice = c2.selectbox(tr("model"), list(options), format_func=labels.get, key=URL.key("model"))
    c2.form_submit_button(tr("tag_button"), type="primary", width="stretch")
if choice is not None:
    tagged_text_panel(options[choice], text, tr)

# -- examples: BiLSTM beside the baselines ------------------------------------------------------------------
st.subheader(tr("examples"))
examples_panel(options, tr)

# -- train your own -----------------------------------------------------------------------------------------
st.subheader(tr("train_title"))
secondary(tr("train_intro"))
training_panel(runs, tr)
for run_id, run in reversed(runs.items()):
    with st.container(border=True):
        run_card(run_id, run, tr)

st.caption(tr("credit"))
