"""What app.py draws around every page: presenter mode (toggle + CSS), the Share button and the slot for the
page's Reset button in one row on top, and the lesson bar when ``?lesson=`` is in the URL."""

from __future__ import annotations

import streamlit as st

from ui.lesson import lesson_bar
from ui.presenter import presenter_css, presenter_toggle
from ui.share import share_button
from ui.urlstate import set_reset_slot


def page_chrome(nav, pages: dict) -> None:
    """Call after ``st.navigation`` and before ``nav.run()``. ``pages``: url_path ("home" too) -> st.Page."""
    presenting = presenter_toggle()
    presenter_css()
    row = st.container(horizontal=True, horizontal_alignment="right", gap="small")
    share_button(nav.url_path, row)
    set_reset_slot(row)  # a page's UrlState.apply() puts its Reset button here
    lesson_bar(pages, presenting=presenting)
