"""The lesson bar over stub pages that have the real pages' url_paths (the real pages are tested elsewhere)."""

import streamlit as st

from ui.i18n import language_selector
from ui.lesson import lesson_bar
from ui.pages import PAGES
from ui.presenter import presenter_toggle


def _stub():
    st.write("stub page")


language_selector()
pages = {"home": st.Page(_stub, title="home", url_path="home", default=True)}
for info in PAGES:
    pages[info.url_path] = st.Page(_stub, title=info.url_path, url_path=info.url_path)
nav = st.navigation(list(pages.values()))
lesson_bar(pages, presenting=presenter_toggle())
nav.run()
