"""Real browser: presenter mode at 1280x720 (no horizontal scroll, sidebar collapsed, type larger), the Share
panel's QR code is visible and decodes to the link shown, and the lesson bar's Next link switches page."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from util import wait_for_app_idle

pytestmark = pytest.mark.browser

NO_HSCROLL = """() => [document.documentElement, document.querySelector("[data-testid='stMain']")]
    .filter(Boolean).every(e => e.scrollWidth <= e.clientWidth + 1)"""


def test_presenter_home_share_qr_and_lesson(app_server, browser, artifacts_dir):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(f"{app_server}/?present=1&lesson=1")
        wait_for_app_idle(pg)
        pg.get_by_text("Classic CNNs, year by year").first.wait_for()
        pg.locator("[data-testid='stPlotlyChart']").first.wait_for()
        pg.wait_for_timeout(500)
        root_px = pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root_px >= 22  # 16 px x 1.4
        assert pg.locator("[data-testid='stSidebar'][aria-expanded='true']").count() == 0
        assert pg.evaluate(NO_HSCROLL)
        pg.screenshot(path=str(artifacts_dir / "present-home-1280x720.png"))

        pg.get_by_role("button", name="Share").click()
        dialog = pg.locator("[role='dialog']")
        img = dialog.locator("[data-testid='stImage'] img").first
        img.wait_for()
        pg.wait_for_timeout(300)
        link = dialog.locator("[data-testid='stCode'] code").first.inner_text().strip()
        assert "present=1" in link and "lesson=1" in link
        box = img.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 300  # large enough for the back of the room
        png = img.screenshot()
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        assert [r.text for r in found] == [link]
        dialog.screenshot(path=str(artifacts_dir / "present-share-panel.png"))
        pg.keyboard.press("Escape")

        pg.get_by_role("link", name="Next: AlexNet classifies a photo").click()
        wait_for_app_idle(pg)
        pg.get_by_text("Step 2 of").wait_for()
        assert "lesson=2" in pg.url and "/classify" in pg.url
        assert pg.locator("[data-testid='stException']").count() == 0
        pg.wait_for_timeout(500)
        assert pg.evaluate(NO_HSCROLL)
        pg.screenshot(path=str(artifacts_dir / "present-lesson-step2-1280x720.png"))
    finally:
        ctx.close()


def test_presenter_template_makes_plot_fonts_larger(browser, artifacts_dir):
    """tests/demo/chart_page.py served alone: tick and axis-title sizes of a show_chart figure as the browser
    draws them, normal vs presenter mode."""
    import os
    import signal
    import subprocess
    import time
    import urllib.request

    from conftest import _free_port
    from util import ROOT

    port = _free_port()
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/python"),
            "-m",
            "streamlit",
            "run",
            "tests/demo/chart_page.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    sizes = {}
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                assert time.time() < deadline, "demo server did not start"
                time.sleep(0.5)
        for mode, query in (("normal", ""), ("present", "?present=1")):
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            pg = ctx.new_page()
            pg.goto(f"http://127.0.0.1:{port}/{query}")
            pg.wait_for_selector(".xtick text", timeout=60_000)
            pg.wait_for_timeout(500)
            px = "e => parseFloat(getComputedStyle(e).fontSize)"
            sizes[mode] = (pg.eval_on_selector(".xtick text", px), pg.eval_on_selector(".g-xtitle text", px))
            pg.screenshot(path=str(artifacts_dir / f"chart-{mode}.png"))
            ctx.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    print("tick, axis title px:", sizes)
    assert sizes["present"][0] >= 1.3 * sizes["normal"][0]
    assert sizes["present"][1] >= 1.3 * sizes["normal"][1]


def _result_text(pg) -> str:
    big = pg.locator(".cl-big").first
    big.wait_for()
    return big.inner_text().strip()


def test_share_link_from_classify_reproduces_the_result_in_a_fresh_context(
    app_server, browser, artifacts_dir
):
    """A photo example (coffee, from the link) and a model chosen in the page (a non-default one); the Share
    panel's link, opened in a fresh context, shows the same result text, and the QR code decodes to that link."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    ctx2 = None
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(f"{app_server}/classify?photo=coffee")
        wait_for_app_idle(pg)
        model = pg.locator("[data-testid='stSelectbox']").filter(has_text="Model").locator("input")
        model.click()  # searchable selectbox: type to filter, Enter picks the first match
        pg.keyboard.type("efficientnet_lite0 (")
        pg.get_by_role("option", name="efficientnet_lite0 (ready)").wait_for()
        pg.keyboard.press("Enter")
        wait_for_app_idle(pg)
        pg.get_by_role("button", name="Classify").click()
        wait_for_app_idle(pg)
        first = _result_text(pg)
        assert "espresso" in first  # the coffee photo, as the README says
        pg.get_by_role("button", name="Share").click()
        dialog = pg.locator("[role='dialog']")
        img = dialog.locator("[data-testid='stImage'] img").first
        img.wait_for()
        pg.wait_for_timeout(300)
        link = dialog.locator("[data-testid='stCode'] code").first.inner_text().strip()
        assert "/classify?" in link and "photo=coffee" in link and "m=efficientnet_lite0" in link
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(img.screenshot())))
        assert [r.text for r in found] == [link]

        ctx2 = browser.new_context(viewport={"width": 1280, "height": 720})
        pg2 = ctx2.new_page()
        pg2.set_default_timeout(60_000)
        pg2.goto(link)
        wait_for_app_idle(pg2)  # no click: the link itself shows the result its sender saw
        assert _result_text(pg2) == first
        assert pg2.locator("[data-testid='stException']").count() == 0
        pg2.screenshot(path=str(artifacts_dir / "share-classify-fresh-context.png"))
    finally:
        if ctx2 is not None:
            ctx2.close()
        ctx.close()


BIG_ROOT_PX = 22  # presenter mode: 16 px x 1.4


def _every_page() -> list[str]:
    from ui.pages import existing_pages

    return ["home", *(p.url_path for p in existing_pages())]


@pytest.mark.parametrize("page_name", _every_page())
def test_presenter_mode_fits_1280x720_on_every_page(app_server, browser, artifacts_dir, page_name):
    """Every page with ?present=1 at 1280x720: no horizontal scroll (document and main area), larger type, no
    exception; the screenshot test-artifacts/present-<page>.png is for a person to look at."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        path = "" if page_name == "home" else page_name
        pg.goto(f"{app_server}/{path}?present=1")
        wait_for_app_idle(pg)
        pg.locator("h1").first.wait_for()
        try:  # the presenter CSS arrives with the page's run (a cold page may still be loading its model)
            pg.wait_for_function(
                f"parseFloat(getComputedStyle(document.documentElement).fontSize) >= {BIG_ROOT_PX}",
                timeout=30_000,
            )
        except Exception:
            pass
        wait_for_app_idle(pg)
        pg.wait_for_timeout(1000)
        pg.screenshot(path=str(artifacts_dir / f"present-{page_name}.png"))
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= BIG_ROOT_PX
        assert pg.evaluate(NO_HSCROLL), f"{page_name}: horizontal scroll at 1280x720 in presenter mode"
    finally:
        ctx.close()


@pytest.mark.parametrize("lang,word", [("en", "Next"), ("ko", "다음")])
def test_the_lesson_walks_every_step_forward_and_back_on_the_real_pages(
    app_server, browser, artifacts_dir, lang, word
):
    """Issue 16: next goes through every step of ui/lesson_steps.yaml on the real pages (EN and KO) with no
    exception, each step's URL carries its number, and previous comes back."""
    from ui.lesson import load_steps

    steps = load_steps()
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(90_000)
        pg.goto(f"{app_server}/?lesson=1&lang={lang}&present=1")
        for n in range(1, len(steps) + 1):
            pg.wait_for_url(re.compile(rf"[?&]lesson={n}(&|$)"))  # (two steps may share a page)
            wait_for_app_idle(pg)
            pg.get_by_text(steps[n - 1].title[lang]).first.wait_for()
            assert pg.locator("[data-testid='stException']").count() == 0, f"step {n} ({lang})"
            if n < len(steps):
                pg.get_by_role("link", name=f"{word}: {steps[n].title[lang]}").click()
        pg.screenshot(path=str(artifacts_dir / f"lesson-last-step-{lang}.png"))
        back = "Previous" if lang == "en" else "이전"
        pg.get_by_role("link", name=f"{back}: {steps[-2].title[lang]}").click()
        pg.wait_for_url(re.compile(rf"[?&]lesson={len(steps) - 1}(&|$)"))
        wait_for_app_idle(pg)
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        ctx.close()
