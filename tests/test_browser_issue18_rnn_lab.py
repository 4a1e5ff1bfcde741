"""Issue 18 in a real browser, on the names, "Inside the RNN" and training-lab pages: the names result is above
the fold at 1280×720, the vanilla-RNN step table is not cut, log axes label powers of ten, the lab's Data box is
not cut at 1400 and 390 px, and the three pages in Korean (screenshots in test-artifacts/)."""

from __future__ import annotations

import re

import pytest
from util import wait_for_app_idle

pytestmark = pytest.mark.browser

#: every cell (and header) of the table whose text is wider than the cell: cut text
CUT_CELLS_JS = """(sel) => {
  const out = [];
  for (const el of document.querySelectorAll(sel + " th, " + sel + " td")) {
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent.trim());
  }
  return out;
}"""


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)
    page.wait_for_timeout(1000)


def test_names_result_is_above_the_fold_at_1280x720(app_server, page, artifacts_dir):
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, f"{app_server}/names")
    box = page.get_by_label("Type a name")
    box.fill("Kowalski")
    box.press("Enter")
    wait_for_app_idle(page)
    result = page.locator(".st-key-names-result")
    result.get_by_text(re.compile(r"Not sure|\d+%")).first.wait_for()
    page.wait_for_timeout(500)
    top = result.bounding_box()
    page.screenshot(path=str(artifacts_dir / "names-fold-1280x720.png"))
    assert top is not None and 0 <= top["y"] <= 720 - 48, top
    # the 12 classes are on screen next to the input
    known = page.get_by_text(re.compile("The model knows only these 12 nationalities"))
    assert known.bounding_box()["y"] < 720


@pytest.mark.parametrize("width", [1400, 390])
def test_step_table_is_not_cut(app_server, page, artifacts_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, f"{app_server}/rnn_inside")
    page.get_by_label("Hidden size").wait_for()
    table = page.locator(".st-key-step-table table")
    table.wait_for()
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir / f"rnn-step-table-{width}.png"))
    assert table.get_by_text("b", exact=True).count() >= 1  # the b column is there
    assert page.evaluate(CUT_CELLS_JS, ".st-key-step-table") == []
    if width >= 1400:  # on a laptop it fits the page; on a phone its box scrolls sideways
        assert table.bounding_box()["x"] + table.bounding_box()["width"] <= width


def test_gradient_axis_labels_powers_of_ten(app_server, page, artifacts_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, f"{app_server}/rnn_inside")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    chart.locator("g.ytick text").first.wait_for(state="attached")
    labels = [t.strip() for t in chart.locator("g.ytick text").all_text_contents()]
    page.screenshot(path=str(artifacts_dir / "rnn-gradients-axis.png"))
    power = re.compile(r"^(10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+|0\.0*1|10*)$")
    assert labels and all(power.match(t) for t in labels), labels


@pytest.mark.parametrize("width", [1400, 390])
def test_lab_data_box_text_is_not_cut(app_server, page, artifacts_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, f"{app_server}/train_lab")
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Data").first
    box.wait_for()
    box.scroll_into_view_if_needed()
    field = box.locator("input")
    field.wait_for()
    assert field.input_value() == "MNIST · 5,000 digits"
    # the text's drawn width (in the input's own font) against the room inside the input
    text_w, room = field.evaluate("""el => {
      const cs = getComputedStyle(el), g = document.createElement("canvas").getContext("2d");
      g.font = cs.font;
      return [g.measureText(el.value).width,
              el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)];
    }""")
    cut = None if text_w <= room else f"text {text_w:.0f} px in {room:.0f} px"
    page.screenshot(path=str(artifacts_dir / f"train-lab-data-{width}.png"))
    assert cut is None, cut


@pytest.mark.parametrize("path", ["names", "rnn_inside", "train_lab"])
def test_korean_pages_screenshot(app_server, page, artifacts_dir, path):
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, f"{app_server}/{path}?lang=ko")
    page.locator("[data-testid='stMain'] [data-testid='stWidgetLabel']").first.wait_for()
    page.locator("[data-testid='stMain'] button").first.wait_for()
    wait_for_app_idle(page)
    page.wait_for_timeout(2000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(artifacts_dir / f"ko-{path}.png"), full_page=True)
