"""Real browser: build a scene on the captioning page, caption it, see the caption, the steps and a heatmap."""

from __future__ import annotations

import pytest
from util import wait_for_app_idle

pytestmark = pytest.mark.browser


def test_build_a_scene_and_see_caption_and_heatmap(app_server, page, artifacts_dir):
    page.goto(f"{app_server}/caption")
    wait_for_app_idle(page)
    page.get_by_text("“a large red circle left of a small blue triangle”").wait_for()
    # build another scene: one object, a green square
    page.locator("[data-testid='stRadio']").filter(has_text="Objects").get_by_text("1", exact=True).click()
    wait_for_app_idle(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="Colour").first.click()
    page.get_by_role("option", name="green").click()
    wait_for_app_idle(page)
    page.get_by_text("The generator's caption:").wait_for()
    page.get_by_text("“a large green circle”").wait_for()  # the model's caption of the new scene
    page.get_by_text("The model's caption matches.").wait_for()
    # the per-word attention heatmap (plotly) and the overlay tiles are there
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.wait_for()
    assert chart.locator(".heatmaplayer, .hm, image").count() > 0
    assert (
        page.locator("[data-testid='stImage']").count() >= 1 + 5
    )  # the picture + one tile per word and <eos>
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / "caption.png"))
    page.get_by_text("“a large green circle”").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "caption-result.png"))
    page.get_by_text("Where the decoder looked for each word").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "caption-attention.png"))
    # beam search: the beams table and the tree appear
    page.locator("[data-testid='stRadio']").filter(has_text="Decoding").get_by_text("Beam search").click()
    wait_for_app_idle(page)
    page.get_by_text("Beam tree").wait_for()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 2
    page.get_by_text("Beam tree").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "caption-beam.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    page.get_by_text("Where the decoder looked for each word").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "caption-phone.png"))
