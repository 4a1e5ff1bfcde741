"""Real browser: start a run, the live curve gains points between two screenshots, the rest of the page stays
usable, stop stops, the run stays in the compare table; another browser context does not see it."""

from __future__ import annotations

import re

import pytest
from util import wait_for_app_idle

from models.lab.lab import LabConfig, build_model
from models.training import count_parameters

pytestmark = pytest.mark.browser

POINTS_JS = """() => {
  const plots = document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot");
  if (!plots.length || !plots[0].data || !plots[0].data.length) return 0;
  return (plots[0].data[0].x || []).length;   // training loss per batch of the live figure
}"""


def _points(page) -> int:
    return int(page.evaluate(POINTS_JS))


def _choose(page, label: str, option: str, tries: int = 4) -> None:
    """Pick a selectbox option; the live fragment redraws twice a second, which can close an open dropdown, so
    open it again when the option did not appear."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label)
    for i in range(tries):
        box.click()
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            return
        except Exception:
            if i == tries - 1:
                raise
            page.keyboard.press("Escape")


def test_start_watch_stop_compare(app_server, page, browser, artifacts_dir):
    page.goto(f"{app_server}/train_lab")
    page.get_by_role("button", name="Start training").wait_for(timeout=120_000)  # a cold server imports torch
    wait_for_app_idle(page)
    # a slow network and enough epochs that the run cannot finish during the test, even on an idle machine
    _choose(page, "Network", "mini-ResNet")
    wait_for_app_idle(page)
    epochs = page.locator(".st-key-lab-epochs input")  # label "Epochs (1–30)"
    epochs.fill("30")
    epochs.press("Enter")
    wait_for_app_idle(page)
    page.get_by_role("button", name="Start training").click()
    page.wait_for_function(f"({POINTS_JS})() >= 3", timeout=90_000)
    live = page.get_by_text("3 · Live")
    live.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)
    first = _points(page)
    page.screenshot(path=str(artifacts_dir / "train-lab-1.png"))
    page.wait_for_timeout(4000)
    second = _points(page)
    page.screenshot(path=str(artifacts_dir / "train-lab-2.png"))
    assert second > first, (first, second)
    # the rest of the page stays usable while it trains: pick another network, its parameter count shows,
    # and the live curve keeps growing
    vgg = count_parameters(build_model(LabConfig(model="vgg")))
    _choose(page, "Network", "mini-VGG")
    page.get_by_text(f"{vgg:,}").wait_for(timeout=60_000)
    page.wait_for_function(f"({POINTS_JS})() > {second}", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    # another browser (another student) does not see this run
    other_ctx = browser.new_context(viewport={"width": 390, "height": 844})
    other = other_ctx.new_page()
    other.set_default_timeout(60_000)
    other.goto(f"{app_server}/train_lab")
    other.get_by_text("No run yet").wait_for(timeout=120_000)
    wait_for_app_idle(other)
    other.get_by_role("button", name="Start training").wait_for()
    other.wait_for_timeout(1000)
    assert other.get_by_role("button", name="Stop").count() == 0
    other.screenshot(path=str(artifacts_dir / "train-lab-phone.png"), full_page=True)
    other_ctx.close()
    # stop: within a batch, the status says stopped, the curve stops growing and the run stays in the table
    page.get_by_role("button", name="Stop").first.click()
    page.get_by_text(re.compile(r"State: stopped")).first.wait_for(timeout=30_000)
    stopped = _points(page)
    page.wait_for_timeout(2000)
    assert _points(page) == stopped > second
    table = page.locator("[data-testid='stTable']")
    table.get_by_text("stopped").wait_for()
    assert table.get_by_text("#1 mini-ResNet").count() == 1
    page.get_by_text("5 · After a run: where does it go wrong?").scroll_into_view_if_needed()
    page.get_by_text("Confusion matrix (click a cell)").wait_for(timeout=60_000)
    wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "train-lab-stopped.png"), full_page=True)


def test_train_lab_in_presenter_mode_fits_1280x720(app_server, browser, artifacts_dir):
    from presenting import check_presenter_page

    check_presenter_page(browser, app_server, artifacts_dir, "train_lab", ready="[data-testid='stMetric']")


def test_train_lab_link_and_a_finished_run_in_presenter_mode(app_server, browser, artifacts_dir):
    """A link sets the knobs (8x8 digits, 200 examples, batch 32, 1 epoch); the run it starts finishes, and its
    charts (live curves, compare, confusion, per class) fit 1280x720 in presenter mode."""
    from presenting import NO_HSCROLL

    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(120_000)
        pg.goto(f"{app_server}/train_lab?present=1&ds=digits8x8&size=200&bs=32&ep=1")
        pg.get_by_role("button", name="Start training").wait_for()
        wait_for_app_idle(pg)
        assert pg.locator(".st-key-lab-epochs input").input_value() == "1"
        pg.get_by_role("button", name="Start training").click()
        pg.get_by_text("Validation accuracy:").first.wait_for()  # the inspect section of the finished run
        wait_for_app_idle(pg)
        assert pg.locator("[data-testid='stPlotlyChart']").count() >= 4
        for i, name in ((0, "curves"), (1, "compare"), (2, "confusion")):
            pg.locator("[data-testid='stPlotlyChart']").nth(i).scroll_into_view_if_needed()
            pg.wait_for_timeout(600)
            assert pg.evaluate(NO_HSCROLL), name
            pg.screenshot(path=str(artifacts_dir / f"present-train_lab-{name}.png"))
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        ctx.close()
