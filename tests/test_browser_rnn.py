"""Real browser: type a name on the names page and see the prefix plot; the inside-the-RNN page renders."""
from __future__ import annotations

import pytest
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


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
    # the x axis of the prefix plot lists every prefix of the typed name
    for prefix in ("Ko", "Kowal", "Kowalczyk"):
        prefix_chart.locator("g.xtick text", has_text=prefix).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "rnn-names.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "rnn-names-phone.png"), full_page=True)


def test_rnn_inside_page_renders(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/rnn-inside")
    wait_for_app_idle(page)
    page.get_by_text("Vanishing gradients, measured").wait_for()
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "rnn-inside.png"), full_page=True)
