"""Real browser on the classification page: upload a picture, press Classify, see the chart; draw a digit."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def test_upload_classify_and_see_the_chart(app_server, page, artifacts_dir, tmp_path):
    img = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(img).line([(70, 50), (170, 50), (110, 200)], fill="black", width=18)  # a pen "7"
    path = tmp_path / "seven.png"
    img.save(path)

    page.goto(f"{app_server}/classify")
    wait_for_app_idle(page)
    page.get_by_text("Image classification: from AlexNet to ResNet").wait_for()
    page.get_by_text("python -m models weights download NAME").first.wait_for()  # no ImageNet weights here
    page.locator("[data-testid='stRadio']").get_by_text("Upload", exact=True).click()
    wait_for_app_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))
    wait_for_app_idle(page)
    page.get_by_role("button", name="Classify").click()
    wait_for_app_idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.wait_for()
    no_exception(page)
    assert "7" in chart.inner_text()  # the bar labels are in the chart's SVG text
    page.get_by_text("Prediction: 7").wait_for()  # the top class, as the page states it
    page.get_by_text("Grad-CAM: where did it look?").wait_for()
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "classify-upload.png"))
    page.get_by_text("Grad-CAM: where did it look?").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "classify-gradcam.png"))

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    wait_for_app_idle(page)
    no_exception(page)
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "classify-phone.png"))


def test_draw_a_digit_on_the_canvas(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/classify")
    wait_for_app_idle(page)
    canvas = page.locator("canvas").last
    canvas.wait_for()
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    page.mouse.move(x0 + 140, y0 + 40)
    page.mouse.down()
    for i in range(1, 21):  # a vertical stroke: a "1"
        page.mouse.move(x0 + 140 - i, y0 + 40 + 10 * i)
    page.mouse.up()
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.wait_for()
    wait_for_app_idle(page)
    no_exception(page)
    page.screenshot(path=str(artifacts_dir / "classify-draw.png"))
    page.get_by_text("Prediction: 1").wait_for()
