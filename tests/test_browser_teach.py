"""Real browser: teach two classes from the sample sets -> live curves -> held-out accuracy of both learners ->
a new picture is predicted with Grad-CAM (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest
from util import wait_for_app_idle

from models.teach.data import sample_images

pytestmark = pytest.mark.browser


def test_teach_two_sample_classes_and_predict(app_server, page, artifacts_dir, tmp_path):
    page.goto(f"{app_server}/teach")
    page.get_by_role("button", name="Extract features and train").wait_for(timeout=120_000)
    wait_for_app_idle(page)
    adds = page.get_by_role("button", name="Add", exact=True)
    assert adds.count() == 2  # two classes by default, each offering the sample sets
    for i, name in enumerate(("circle", "square")):  # sample sets default to circle, then square
        box = page.get_by_label(f"Name of class {i + 1}")
        box.fill(name)
        box.press("Enter")
        wait_for_app_idle(page)
        adds.nth(i).click()
        page.get_by_text(f"{name}: 12 picture(s) added.").wait_for(timeout=60_000)
        wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "teach-classes.png"), full_page=True)
    assert page.get_by_text("12 picture(s)", exact=True).count() == 2  # the count under each class name
    page.get_by_role("button", name="Extract features and train").click()
    page.get_by_text("Results on pictures the models did not see").wait_for(timeout=120_000)
    probe = page.locator("[data-testid='stMetric']").filter(has_text="Linear probe on Lite0")
    probe.wait_for(timeout=120_000)
    wait_for_app_idle(page)
    value = probe.locator("[data-testid='stMetricValue']").inner_text()
    assert value.endswith("%") and float(value.rstrip("%")) >= 80.0, value
    assert page.locator("[data-testid='stMetric']").filter(has_text="Small CNN from scratch").count() == 1
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    page.get_by_text("Results on pictures the models did not see").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "teach-results.png"))
    square = tmp_path / "new-square.png"
    sample_images("shapes", "square", 1, seed=4242)[0].image.save(square)
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="A new picture")
    uploader.locator("input[type=file]").set_input_files(str(square))
    page.get_by_text("Prediction:").wait_for(timeout=60_000)
    wait_for_app_idle(page)
    assert page.get_by_text("Prediction:").inner_text().startswith("Prediction: square")
    page.get_by_text("Grad-CAM for").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "teach-predict.png"))
