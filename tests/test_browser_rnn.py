"""Real browser: type a name on the names page and see the prefix plot; the inside-the-RNN page renders its
gradient plot and the accuracy-vs-T sweep."""

from __future__ import annotations

import pytest
from presenting import CUT_TICKS, NO_HSCROLL
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def _shot(page, locator, path):
    locator.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))


def test_type_a_name_see_the_prefix_plot(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/names")
    wait_for_app_idle(page)
    page.get_by_text("The prediction after each prefix").wait_for()
    box = page.get_by_label("Type a name")
    box.fill("Kowalczyk")
    box.press("Enter")
    wait_for_app_idle(page)
    prefix_chart = page.locator("[data-testid='stPlotlyChart']").nth(1)
    prefix_chart.wait_for()
    prefix_chart.scroll_into_view_if_needed()
    # the x axis of the prefix plot lists every prefix of the typed name
    for prefix in ("K", "Ko", "Kowal", "Kowalczyk"):
        prefix_chart.locator("g.xtick text", has_text=prefix).first.wait_for(state="attached")
    assert prefix_chart.locator("g.xtick text").count() == len("Kowalczyk")
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "rnn-names.png"))
    _shot(page, page.get_by_text("Hidden state after each character"), artifacts_dir / "rnn-names-hidden.png")
    _shot(page, page.get_by_text("Padded id matrix"), artifacts_dir / "rnn-names-padding.png")
    page.set_viewport_size({"width": 390, "height": 844})
    wait_for_app_idle(page)
    _shot(page, page.get_by_text("The prediction after each prefix"), artifacts_dir / "rnn-names-phone.png")


def test_rnn_inside_page_renders(app_server, page, artifacts_dir):
    page.goto(app_server)
    wait_for_app_idle(page)
    page.locator("[data-testid='stSidebar']").get_by_text("Inside the RNN", exact=True).click()
    wait_for_app_idle(page)
    page.get_by_text("Vanishing gradients, measured").wait_for()
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "rnn-inside.png"))
    _shot(
        page, page.locator("[data-testid='stPlotlyChart']").first, artifacts_dir / "rnn-inside-gradients.png"
    )
    sweep = page.get_by_role("heading", name="3 · Final accuracy vs. T, from real training runs")
    _shot(page, sweep, artifacts_dir / "rnn-inside-sweep.png")
    _shot(
        page,
        page.get_by_role(
            "heading", name="4 · Lab #27: a vanilla RNN that fails to learn, and the fixes one at a time"
        ),
        artifacts_dir / "rnn-inside-lab27.png",
    )


@pytest.mark.parametrize(
    "path,heading",
    [("names", "The prediction after each prefix"), ("rnn_inside", "Vanishing gradients, measured")],
)
def test_presenter_mode_fits_a_projector(app_server, browser, artifacts_dir, path, heading):
    """Issue 16: ?present=1 at 1280x720: larger type, no horizontal scroll anywhere on the page."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(f"{app_server}/{path}?present=1")
        wait_for_app_idle(pg)
        pg.get_by_text(heading).first.wait_for()
        pg.locator("[data-testid='stPlotlyChart']").first.wait_for()
        pg.wait_for_timeout(800)
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 22
        assert pg.evaluate(NO_HSCROLL)
        pg.screenshot(path=str(artifacts_dir / f"present-{path}.png"))
        assert pg.evaluate(CUT_TICKS) == 0
        pg.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        assert pg.evaluate(NO_HSCROLL)
        pg.screenshot(path=str(artifacts_dir / f"present-{path}-chart.png"))
    finally:
        ctx.close()
