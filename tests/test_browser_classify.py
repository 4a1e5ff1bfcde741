"""Real browser on the classification page: upload a photo, press Classify, see the top 5 (in view) and Grad-CAM;
a handwritten digit with the digits CNN; draw a digit."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def test_upload_a_photo_top5_in_view_and_gradcam(app_server, browser, artifacts_dir, tmp_path):
    """A laptop-sized 1280x720 window: upload a photo, press Classify; the top 5 appear beside the button (inside
    the window, no scrolling), from EfficientNet-Lite0, and the Grad-CAM panel is on the page."""
    from skimage import data

    path = tmp_path / "my-cat.jpg"
    Image.fromarray(data.chelsea()).save(path, quality=92)
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{app_server}/classify")
        wait_for_app_idle(page)
        page.get_by_text("Image classification: from AlexNet to ResNet").wait_for()
        page.locator("[data-testid='stRadio']").get_by_text("Upload", exact=True).click()
        wait_for_app_idle(page)
        page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))
        wait_for_app_idle(page)
        page.get_by_role("button", name="Classify").click()
        wait_for_app_idle(page)
        heading = page.get_by_role("heading", name="Top 5")
        heading.wait_for()
        chart = page.locator("[data-testid='stPlotlyChart']").first
        chart.wait_for()
        no_exception(page)
        page.screenshot(path=str(artifacts_dir / "classify-photo-1280x720.png"))
        scroll_y = page.evaluate(
            "() => document.querySelector('[data-testid=stMain]')?.scrollTop ?? window.scrollY"
        )
        for el in (heading, chart):  # the main result's top is inside the window right after the click
            box = el.bounding_box()
            assert box is not None and 0 <= box["y"] < 720 - 40, (box, scroll_y)
        page.get_by_text("Model used: efficientnet_lite0").wait_for()
        labels = chart.inner_text()
        assert any(c in labels for c in ("tabby", "tiger cat", "Egyptian cat")), labels
        gradcam = page.get_by_text("Grad-CAM: where did it look?")
        gradcam.scroll_into_view_if_needed()
        overlay = page.get_by_text("Grad-CAM for “")
        overlay.scroll_into_view_if_needed()
        img = page.locator("[data-testid='stImage']").filter(has_text="Grad-CAM for").locator("img")
        img.wait_for()
        assert img.evaluate("el => el.complete && el.naturalWidth") >= 224  # the heat map really loaded
        page.screenshot(path=str(artifacts_dir / "classify-photo-gradcam.png"))
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        wait_for_app_idle(page)
        no_exception(page)
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "classify-phone.png"))
    finally:
        ctx.close()


def test_upload_a_handwritten_seven_to_the_digits_cnn(app_server, page, artifacts_dir, tmp_path):
    img = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(img).line([(70, 50), (170, 50), (110, 200)], fill="black", width=18)  # a pen "7"
    path = tmp_path / "seven.png"
    img.save(path)
    page.goto(f"{app_server}/classify")
    wait_for_app_idle(page)
    page.locator("[data-testid='stRadio']").get_by_text("Upload", exact=True).click()
    wait_for_app_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))
    wait_for_app_idle(page)
    model = page.locator("[data-testid='stSelectbox']").filter(has_text="Model").locator("input")
    model.click()  # the searchable selectbox: type to filter, Enter picks the first match
    page.keyboard.type("digits (")
    page.get_by_role("option", name="digits (ready)").wait_for()
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    page.get_by_role("button", name="Classify").click()
    wait_for_app_idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.wait_for()
    no_exception(page)
    page.locator(".cl-big-value").get_by_text("7", exact=True).wait_for()  # the top class, shown large
    page.get_by_text("Model used: digits (your choice").wait_for()
    page.screenshot(path=str(artifacts_dir / "classify-upload-digit.png"))


def test_draw_a_digit_on_the_canvas(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/classify")
    wait_for_app_idle(page)
    page.locator("[data-testid='stRadio']").get_by_text("Draw a digit", exact=True).click()
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
    page.locator(".cl-big-value").get_by_text("1", exact=True).wait_for()  # the top class, shown large
    page.get_by_text(
        "Model used: digits (picked for handwritten digits"
    ).wait_for()  # the draw source's model
