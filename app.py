"""Entry point: ``streamlit run app.py``. Navigation over app_pages/ (see ui/pages.py for why not pages/), grouped CNN / RNN / Lab; home = lecture map."""

import streamlit as st

from ui.home import app_icon, render_home  # (no st calls at import)
from ui.presenter import page_config_kwargs

st.set_page_config(
    page_title="CNN & RNN classroom lab", page_icon=app_icon(), layout="wide", **page_config_kwargs()
)  # presenter links start with the sidebar collapsed

from ui.chrome import page_chrome  # noqa: E402  (after set_page_config)
from ui.i18n import current_lang, language_selector, t  # noqa: E402
from ui.live import runtime_setup  # noqa: E402
from ui.pages import existing_pages  # noqa: E402
from ui.sidebar import models_sidebar  # noqa: E402

runtime_setup()
lang = language_selector()

home = st.Page(render_home, title=t("nav_home"), icon=":material/map:", url_path="lecture_map", default=True)
# The default page is served at "/" and only reserves its url_path; "/home" (bookmarks, shared links) is the same
# lecture map as a hidden page, so it never shows "Page not found".
home_alias = st.Page(
    lambda: render_home(), title=t("nav_home"), icon=":material/map:", url_path="home", visibility="hidden"
)
sections: dict[str, list] = {t("nav_home"): [home, home_alias]}
by_url = {"home": home}  # for the lesson's previous/next links
for info in existing_pages():
    page = st.Page(info.path, title=info.title[current_lang()], icon=info.icon, url_path=info.url_path)
    sections.setdefault(t(info.group), []).append(page)
    by_url[info.url_path] = page

nav = st.navigation(sections)
models_sidebar()
page_chrome(nav, by_url)  # presenter mode, Share + Reset row, lesson bar
nav.run()
