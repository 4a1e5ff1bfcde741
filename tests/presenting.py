"""Browser helper for issue 16's presenter-mode check of one page: open it with ``?present=1`` at 1280x720, wait
until Streamlit is idle, assert no horizontal scroll (the document and stMain), save
``test-artifacts/present-<page>.png`` (and its last chart, ``present-<page>-chart.png``)."""

from __future__ import annotations

from util import wait_for_app_idle

NO_HSCROLL = """() => [document.documentElement, document.querySelector("[data-testid='stMain']")]
    .filter(Boolean).every(e => e.scrollWidth <= e.clientWidth + 1)"""
# tick labels of every chart that stick out of the chart's box (cut off by a too small margin)
CUT_TICKS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")].map(c => {
    const r = c.getBoundingClientRect();
    return [...c.querySelectorAll("g.xtick text, g.ytick text")].filter(t => {
        const b = t.getBoundingClientRect();
        return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1); }).length; })
    .reduce((a, b) => a + b, 0)"""


def check_presenter_page(
    browser, app_server: str, artifacts_dir, page: str, query: str = "", ready: str = "[data-testid='stMain']"
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(f"{app_server}/{page}?present=1{query}")
        wait_for_app_idle(pg)
        pg.locator(ready).first.wait_for()
        # the presenter CSS arrives with the page's first run; a slow run can be idle-looking before it applies
        pg.wait_for_function(
            "parseFloat(getComputedStyle(document.documentElement).fontSize) >= 22", timeout=60_000
        )
        pg.wait_for_timeout(800)  # plotly finishes its layout
        assert pg.locator("[data-testid='stException']").count() == 0
        root_px = pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root_px >= 22  # presenter type: 16 px x 1.4
        assert pg.evaluate(NO_HSCROLL), f"{page}: horizontal scroll in presenter mode at 1280x720"
        pg.screenshot(path=str(artifacts_dir / f"present-{page}.png"))
        charts = pg.locator("[data-testid='stPlotlyChart']")
        if charts.count():  # the page scrolls inside stMain: show its last chart too, to look at
            charts.last.scroll_into_view_if_needed()
            pg.wait_for_timeout(500)
            assert pg.evaluate(NO_HSCROLL)
            pg.screenshot(path=str(artifacts_dir / f"present-{page}-chart.png"))
    finally:
        ctx.close()
