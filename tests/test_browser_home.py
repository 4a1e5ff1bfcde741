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
    # the five unrolled diagrams (inline SVG images) and the CNN timeline really render
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stImage'] img\").length >= 5")
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
    nav = page.locator("[data-testid='stSidebar']")
    for info in existing_pages():
        nav.get_by_role("link", name=info.title["en"]).click()
        wait_for_app_idle(page)
        assert page.locator("[data-testid='stException']").count() == 0, info.path
        page.screenshot(path=str(artifacts_dir / f"nav-{info.url_path}.png"))
    # switch to Korean: the choice lands in the URL and the home page is translated
    if existing_pages():  # with no other page Streamlit hides the navigation menu
        nav.get_by_role("link", name="Lecture map").click()
        wait_for_app_idle(page)
    page.locator("[data-testid='stSidebar']").get_by_text("한국어").click()
    wait_for_app_idle(page)
    page.get_by_text("강의에 나오는 다섯 가지 과제 유형").wait_for()
    assert "lang=ko" in page.url
    page.screenshot(path=str(artifacts_dir / "home-ko.png"), full_page=True)


def test_direct_first_visit_to_a_page_runs_through_the_app(browser, artifacts_dir):
    """The first visitor after a server start opens a page URL directly: the app's navigation and language
    selector must be there (a pages/ folder made Streamlit run the page alone, or show 'Page not found')."""
    from conftest import started_server

    with started_server(artifacts_dir / "server-direct.log") as url:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            pg = ctx.new_page()
            pg.set_default_timeout(60_000)
            pg.goto(f"{url}/tagger")
            wait_for_app_idle(pg)
            sidebar = pg.locator("[data-testid='stSidebar']")
            sidebar.get_by_text("Language").wait_for()
            sidebar.get_by_text("Part-of-speech tagging").wait_for()
            pg.locator("h1").first.wait_for()  # the page itself rendered under the app's navigation
            assert pg.get_by_text("Page not found").count() == 0
            pg.screenshot(path=str(artifacts_dir / "direct-first-visit.png"))
        finally:
            ctx.close()
