"""Real browser: upload a CSV on the forecasting page, train two models, see both forecasts; phone width."""

from __future__ import annotations

import numpy as np
import pytest
from presenting import CUT_TICKS, NO_HSCROLL
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


@pytest.fixture()
def csv_file(tmp_path):
    days = np.datetime64("2021-01-01") + np.arange(240)
    y = 10 + 3 * np.sin(2 * np.pi * np.arange(240) / 14) + np.random.default_rng(0).normal(0, 0.2, 240)
    p = tmp_path / "my_series.csv"
    p.write_text("date;reading\n" + "\n".join(f"{d};{v:.3f}" for d, v in zip(days, y)))
    return p


def test_upload_csv_train_two_models_and_see_both_forecasts(app_server, page, artifacts_dir, csv_file):
    page.goto(f"{app_server}/forecast")
    wait_for_app_idle(page)
    page.get_by_text("Your CSV", exact=True).click()
    wait_for_app_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(csv_file))
    wait_for_app_idle(page)
    page.get_by_text("Source: your CSV file").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    # keep two of the five models: clear the multiselect, then pick MLP and GRU
    ms = page.locator("[data-testid='stMultiSelect']")
    ms.get_by_role("button", name="Clear all").click()
    wait_for_app_idle(page)
    for name in ("MLP", "GRU"):
        ms.locator("input").fill(name)
        page.keyboard.press("Enter")
        wait_for_app_idle(page)
    page.keyboard.press("Escape")
    epochs = page.get_by_label("Epochs")
    epochs.fill("4")
    epochs.press("Enter")
    wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "forecast-before-training.png"), full_page=True)
    page.get_by_role("button", name="Train the selected models").click()
    page.get_by_text("Best on the test part").wait_for(timeout=180_000)
    wait_for_app_idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has_text="truth")
    chart.wait_for()
    legend = chart.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)")
    assert "MLP" in legend and "GRU" in legend and "RNN" not in legend, legend
    table = page.locator("[data-testid='stDataFrame']").last
    assert table.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "forecast-results.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts_dir / "forecast-phone.png"), full_page=True)


def test_presenter_mode_fits_a_projector_before_and_after_training(app_server, browser, artifacts_dir):
    """Issue 16: ?present=1 at 1280x720 (a link that picks one model and two epochs): larger type, no horizontal
    scroll on the page and on the results (the wide table scrolls inside itself)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(f"{app_server}/forecast?present=1&series=nile&models=mlp&ep=2")
        wait_for_app_idle(pg)
        pg.locator("[data-testid='stPlotlyChart']").first.wait_for()
        pg.wait_for_timeout(800)
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 22
        assert pg.evaluate(NO_HSCROLL)
        pg.screenshot(path=str(artifacts_dir / "present-forecast.png"))
        assert pg.evaluate(CUT_TICKS) == 0
        pg.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(artifacts_dir / "present-forecast-chart.png"))
        pg.get_by_role("button", name="Train the selected models").click()
        pg.get_by_text("Best on the test part").wait_for(timeout=180_000)
        wait_for_app_idle(pg)
        pg.wait_for_timeout(800)
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate(NO_HSCROLL)
        assert pg.evaluate(CUT_TICKS) == 0
        pg.get_by_text("Best on the test part").scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        pg.screenshot(path=str(artifacts_dir / "present-forecast-results.png"))
    finally:
        ctx.close()
