"""Real browser: the server started as the README does (`make run`), home page, navigation, screenshot."""
from __future__ import annotations

import pytest
from util import wait_for_app_idle

from ui.pages import existing_pages

pytestmark = pytest.mark.browser


def test_home_and_navigation(app_server, page, artifacts_dir):
    page.goto(app_server)
    wait_for_app_idle(page)
    page.get_by_text("The five task types of the lecture").wait_for()
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
    nav = page.locator("[data-testid='stSidebar']")
    for info in existing_pages():
        nav.get_by_text(info.title["en"], exact=True).click()
        wait_for_app_idle(page)
        assert page.locator("[data-testid='stException']").count() == 0, info.path
        page.screenshot(path=str(artifacts_dir / f"nav-{info.url_path}.png"))
    # switch to Korean: the choice lands in the URL and the home page is translated
    if existing_pages():  # with no other page Streamlit hides the navigation menu
        nav.get_by_text("Lecture map", exact=True).click()
        wait_for_app_idle(page)
    page.locator("[data-testid='stSidebar']").get_by_text("한국어").click()
    wait_for_app_idle(page)
    page.get_by_text("강의에 나오는 다섯 가지 과제 유형").wait_for()
    assert "lang=ko" in page.url
    page.screenshot(path=str(artifacts_dir / "home-ko.png"), full_page=True)
