"""Real browser: type a Korean phrase on the translation page, get the exact English and the attention heatmap;
then an out-of-domain sentence gets an answer plus a note; phone width once."""

from __future__ import annotations

import pytest
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def _type(page, text):
    box = page.get_by_label("Number phrase (English or Korean)")
    box.fill(text)
    box.press("Enter")
    wait_for_app_idle(page)


def test_translate_phrase_and_see_heatmap(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/translate")
    wait_for_app_idle(page)
    page.get_by_text("Why an encoder–decoder and not a tagger?").wait_for()
    _type(page, "십이만 삼천사백오십육")
    page.get_by_text(
        "one hundred and twenty-three thousand, four hundred and fifty-six", exact=True
    ).first.wait_for()
    page.get_by_text("Translating Korean → English.").first.wait_for()
    heat = page.locator("[data-testid='stPlotlyChart']").first
    heat.wait_for()
    heat.locator(".heatmaplayer").first.wait_for()  # plotly drew the heatmap trace
    assert page.locator("[data-testid='stException']").count() == 0
    heat.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "translate-ko-en.png"))
    bars = page.locator("[data-testid='stPlotlyChart']").nth(1)
    bars.scroll_into_view_if_needed()
    bars.locator(".barlayer").first.wait_for()  # accuracy vs input length, with / without attention
    page.screenshot(path=str(artifacts_dir / "translate-accuracy.png"))

    _type(page, "the cat sat on the mat")
    page.get_by_text("The model only knows number phrases", exact=False).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0

    page.set_viewport_size({"width": 390, "height": 900})
    _type(page, "seven hundred thousand and seven")
    page.get_by_text("칠십만 칠", exact=True).first.wait_for()
    page.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "translate-phone.png"))


def test_translate_in_presenter_mode_fits_1280x720(app_server, browser, artifacts_dir):
    from presenting import check_presenter_page

    check_presenter_page(browser, app_server, artifacts_dir, "translate", ready=".cl-big-value")
