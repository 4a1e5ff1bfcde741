"""Teach the CNN your own classes: frozen Lite0 features + a linear head, next to a small CNN from scratch."""

from __future__ import annotations

import streamlit as st

from models.errors import ModelsError
from ui.i18n import translator
from ui.live import runtime_setup
from ui.teach import URL, classes_panel, session_state, shared_backbone, train_panel
from ui.teach_results import export_panel, results_panel, try_panel
from ui.text.teach import TEXT

tr = translator(TEXT)
runtime_setup()
st.title(tr("title"))
st.markdown(tr("intro"))
URL.apply()
try:
    bb = shared_backbone()
except ModelsError as exc:
    st.error(tr("no_weights", advice=exc))
    st.stop()
state = session_state()
classes_panel(state, tr)
train_panel(state, bb, tr)
results_panel(state, tr)
try_panel(state, bb, tr)
export_panel(state, tr)
