"""Real browser: type a sentence on the tagging page, press Tag, see one chip per token (laptop and phone)."""

from __future__ import annotations

import pytest
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def test_type_a_sentence_and_see_chips(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/tagger")
    wait_for_app_idle(page)
    page.locator(".tg-chip").first.wait_for()
    box = page.locator("[data-testid='stTextArea'] textarea")
    box.fill("Time flies like an arrow <b>bold</b> in Seoul.")
    page.get_by_role("button", name="Tag").click()
    wait_for_app_idle(page)
    page.locator(".tg-chip", has_text="arrow").wait_for()
    words = page.locator(".tg-chip .tg-word").all_inner_texts()
    assert words[:5] == ["Time", "flies", "like", "an", "arrow"]
    assert "<" in words and "b" in words  # the markup was tagged as text, not rendered
    assert page.locator(".tg-chip b").count() == 0
    title = page.locator(".tg-chip", has_text="flies").first.get_attribute("title")
    assert title.startswith("flies: ") and title.count("%") == 3  # top-3 alternatives on hover
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "tagger.png"), full_page=True)
    examples = page.locator("table.tg-cmp").nth(2)
    examples.wait_for()
    examples.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir / "tagger-examples.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "tagger-phone.png"), full_page=True)


def test_tagger_in_presenter_mode_fits_1280x720(app_server, browser, artifacts_dir):
    from presenting import check_presenter_page

    check_presenter_page(browser, app_server, artifacts_dir, "tagger", ready=".tg-chip")
