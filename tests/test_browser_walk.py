"""Issue 18, walked in a real browser over EVERY page (home + ui/pages.py): no request leaves the app's own host,
`/home` shows the lecture map, Korean mode shows no English from the project's EN text tables, figures have no
text under 12 px at 1400 px width, and each page's main result is inside a 1280x720 viewport after the click."""

from __future__ import annotations

import ast
import base64
import re
import urllib.parse
from pathlib import Path

import pytest
from util import wait_for_app_idle

from ui.pages import existing_pages

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
PATHS = ["", "home"] + [p.url_path for p in existing_pages()]  # "" = the app's root (the default page)


def _open(page, url: str, settle_ms: int = 1500) -> None:
    page.goto(url)
    wait_for_app_idle(page)
    # on a cold server the status widget can be absent for a moment while nothing is drawn yet: every page has a
    # title, so wait for it (a blank page must never pass the checks below)
    page.locator("[data-testid='stMain'] h1").first.wait_for()
    wait_for_app_idle(page)
    page.wait_for_timeout(settle_ms)  # plotly draws after the run ends


# ------------------------------------------------------------------------------------------------------------
# 1. nothing fetched from another host
# ------------------------------------------------------------------------------------------------------------
def test_no_page_requests_another_host(app_server, page):
    own = urllib.parse.urlparse(app_server).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    failed: list[str] = []
    page.on("console", lambda m: "ERR_NAME_NOT_RESOLVED" in m.text and failed.append(m.text))
    foreign: dict[str, set[str]] = {}
    for path in PATHS:
        requests.clear()
        _open(page, f"{app_server}/{path}")
        hosts = {
            u
            for u in requests
            if urllib.parse.urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urllib.parse.urlparse(u).netloc != own
        }
        if hosts:
            foreign[path or "/"] = hosts
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not failed, failed


def test_components_and_views_request_nothing_from_another_host(app_server, page):
    """What only appears after a click: the drawing canvas (a Streamlit component with its own assets), the
    classify page's other views, the caption page's beam tree."""
    own = urllib.parse.urlparse(app_server).netloc
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, f"{app_server}/classify", settle_ms=300)
    page.get_by_text("Draw a digit", exact=True).first.click()
    wait_for_app_idle(page)
    page.wait_for_timeout(2500)  # the canvas component loads its own script and style
    for view in ("Side by side", "Lecture claims"):
        page.get_by_text(view, exact=True).first.click()
        wait_for_app_idle(page)
        page.wait_for_timeout(1500)
    _open(page, f"{app_server}/caption", settle_ms=300)
    page.locator("[data-testid='stRadio']").filter(has_text="Decoding").get_by_text("Beam search").click()
    wait_for_app_idle(page)
    page.wait_for_timeout(1500)
    assert any("drawable-canvas" in u for u in requests), "the canvas component was not loaded"
    foreign = sorted(
        {
            u
            for u in requests
            if urllib.parse.urlparse(u).scheme in ("http", "https") and urllib.parse.urlparse(u).netloc != own
        }
    )
    assert not foreign, foreign


# ------------------------------------------------------------------------------------------------------------
# 2. /home
# ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["", "home", "home?lang=ko"])
def test_home_address_shows_the_lecture_map(app_server, page, artifacts_dir, path):
    _open(page, f"{app_server}/{path}")
    title = "강의에 나오는 다섯 가지 과제 유형" if "ko" in path else "The five task types of the lecture"
    page.get_by_text(title).wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid='stDialog']").count() == 0
    page.screenshot(path=str(artifacts_dir / f"walk-home-{path.replace('?', '-') or 'root'}.png"))


def test_home_links_open_their_pages_without_a_dialog(app_server, page):
    _open(page, f"{app_server}/home")
    main = page.locator("[data-testid='stMain']")
    links = main.locator("a[href]")
    targets = sorted(
        {
            urllib.parse.urlparse(links.nth(i).get_attribute("href")).path.strip("/")
            for i in range(links.count())
        }
        - {""}
    )
    assert set(targets) == {p.url_path for p in existing_pages()}
    for target in targets:
        _open(page, f"{app_server}/home", settle_ms=300)
        main.locator(f"a[href*='{target}']").first.click()
        wait_for_app_idle(page)
        assert page.get_by_text("Page not found").count() == 0, target
        assert urllib.parse.urlparse(page.url).path.strip("/") == target
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Lecture map").click()
    wait_for_app_idle(page)
    page.get_by_text("The five task types of the lecture").wait_for()
    assert page.get_by_text("Page not found").count() == 0


# ------------------------------------------------------------------------------------------------------------
# 4. Korean mode: no English from the project's EN tables
# ------------------------------------------------------------------------------------------------------------
def _tables(path: Path) -> list[dict]:
    """The module's ``TEXT``/``COMMON`` dicts: imported from ui/, read with ast from app_pages/ (a page script
    cannot be imported: it would run)."""
    if path.parent.name in ("ui", "text"):
        import importlib

        mod = importlib.import_module(
            f"ui.{path.stem}" if path.parent.name == "ui" else f"ui.text.{path.stem}"
        )
        return [getattr(mod, n) for n in ("TEXT", "COMMON") if isinstance(getattr(mod, n, None), dict)]
    out = []
    for node in ast.parse(path.read_text()).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if (
            isinstance(target, ast.Name)
            and target.id in ("TEXT", "COMMON")
            and isinstance(node.value, ast.Dict)
        ):
            out.append(ast.literal_eval(node.value))
    return out


def _extra_en() -> tuple[list[str], list[str]]:
    """English the project writes outside the tables: (data captions and axis titles shown on pages, option
    values shown in widgets). The shapes-world words are also what the captioner writes, so they count as
    English only inside a widget (a selectbox or radio option), never in the model's output."""
    from models.caption import shapes
    from models.forecast import series as S
    from models.rnn.names import LOCALES

    data = list(LOCALES.values())  # the nationality labels
    for name in S.bundled_names():
        s = S.load_bundled(name)
        data += [s.credit, s.unit]
    return data, list(shapes.SHAPES) + list(shapes.COLOURS) + list(shapes.SIZES)


#: Kept on purpose in Korean mode (short): the language selector names both languages in their own script.
ALLOWED = {"english"}


def _clean(s: str, keep_fields: bool = False) -> str:
    """Markdown markup out (bold, italics), white space collapsed; ``{fields}`` kept or dropped."""
    s = s.replace("**", "").replace("*", "")
    if not keep_fields:
        s = re.sub(r"\{[^}]*\}", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _needles() -> dict:
    """{"whole": short EN labels matched against a whole text node, "parts": longer EN fragments looked for
    inside any text node, "options": EN option values matched against whole widget texts}, from every EN string
    minus what the KO tables themselves keep in English (model names, lecture terms such as many-to-one)."""
    en, ko = [], []
    files = [*sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "ui" / "text").glob("*.py"))]
    for f in files + sorted((ROOT / "app_pages").glob("*.py")):
        for table in _tables(f):
            en += [v for v in table.get("en", {}).values() if isinstance(v, str)]
            ko += [v for v in table.get("ko", {}).values() if isinstance(v, str)]
    data, options = _extra_en()
    en += [p.title["en"] for p in existing_pages()] + data
    ko_values = {_clean(v).lower().strip(" .:") for v in ko}
    ko_text = " ".join(_clean(v) for v in ko).lower()
    whole, parts = set(), set()
    for s in dict.fromkeys(en):
        pieces = [
            p.strip(" .,:;()·—–-") for p in re.split(r"\{[^}]*\}|`[^`]*`|\n", _clean(s, keep_fields=True))
        ]
        literal = " ".join(p for p in pieces if p)
        if (
            not re.search(r"[A-Za-z]{3}", literal)
            or literal.lower() in ko_values
            or literal.lower() in ALLOWED
        ):
            continue
        long_parts = {p for p in pieces if len(p.split()) >= 2 and len(p) >= 10 and p.lower() not in ko_text}
        parts |= long_parts
        if not long_parts and "{" not in s and "`" not in s:
            whole.add(literal.lower())
    return {"whole": whole, "parts": sorted(parts), "options": {o.lower() for o in options}}


def english_left(texts: list, needles: dict) -> list[str]:
    """The visible texts ([text, inside a widget?]) that show English from the EN tables."""
    hits = []
    for t, in_widget in dict.fromkeys(map(tuple, texts)):  # JSON gives [text, in_widget] lists
        bare = t.strip(' .:()“”"').lower()
        part = next((p for p in needles["parts"] if p.lower() in t.lower()), None)
        if bare in needles["whole"] or (in_widget and bare in needles["options"]):
            hits.append(t)
        elif part:
            hits.append(f"{t}   <- “{part}”")
    return hits


_TEXT_NODES_JS = """() => {
  // skipped: code and commands, Streamlit's own uploader text (README), the bilingual language selector, and
  // elements marked translate="no" (English sentences that are the data, e.g. the sentences being tagged)
  // (a narrow uploader's own button reads "Upload" instead of "Browse files": Streamlit's text too)
  const skip = "code, pre, [data-testid='stCode'], [data-testid='stFileUploaderDropzoneInstructions'], " +
               "[data-testid='stFileUploaderDropzone'] button, " +
               "[translate='no'], [data-testid='stSidebarUserContent'] [data-testid='stRadio'], " +
               "script, style, textarea, " +
               "[data-testid='stTooltipContent'], .hoverlayer";
  const root = document.querySelector("[data-testid='stApp']");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    const t = n.textContent.replace(/\\s+/g, " ").trim();
    if (!t || !/[A-Za-z]{3}/.test(t) || el.closest(skip)) continue;
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const widget = "[data-testid='stSelectbox'], [data-testid='stRadio'], [data-testid='stMultiSelect'], " +
                   "[role='listbox']";
    out.push([t, !!el.closest(widget)]);
  }
  return out;
}"""


def test_english_detector_finds_english_and_passes_korean():
    from models.forecast import series as S

    needles = _needles()
    credit = S.load_bundled(S.bundled_names()[0]).credit
    english = [
        ["circle", True],
        ["Horizontal position (%)", False],
        [f"Source: {credit}", False],
        ["Time-series forecasting", False],
        ["loss", False],
    ]
    assert len(english_left(english, needles)) == len(english)
    korean = [
        ["원", True],
        ["가로 위치 (%)", False],
        ["a large red circle left of a small blue triangle", False],
        ["circle", False],
        ["BiLSTM", False],
        ["many-to-one", False],
        ["English", True],
    ]
    assert not english_left(korean, needles)


@pytest.mark.parametrize("path", ["home", "caption", "forecast"])
def test_the_detector_sees_the_english_page(app_server, page, path):
    """The same walk in English must flag plenty: the Korean test below can fail."""
    _open(page, f"{app_server}/{path}?lang=en", settle_ms=2000)
    left = english_left(page.evaluate(_TEXT_NODES_JS), _needles())
    assert len(left) >= 8, left


@pytest.mark.parametrize("path", [p for p in PATHS if p])
def test_korean_mode_shows_no_english_from_the_tables(app_server, page, artifacts_dir, path):
    needles = _needles()
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, f"{app_server}/{path}?lang=ko", settle_ms=2500)
    for exp in page.locator("[data-testid='stExpander'] summary").all():  # open every expander
        exp.click()
    page.wait_for_timeout(1000)
    texts = page.evaluate(_TEXT_NODES_JS)
    page.screenshot(path=str(artifacts_dir / f"walk-ko-{path}.png"), full_page=True)
    korean = page.locator("[data-testid='stMain']").inner_text()
    assert len(re.findall(r"[\uac00-\ud7a3]", korean)) > 50, (
        "the page shows (almost) no Korean: not rendered?"
    )
    left = english_left(texts, needles)
    assert not left, f"/{path}?lang=ko shows English from the EN tables:\n" + "\n".join(left)


# ------------------------------------------------------------------------------------------------------------
# 5. no text under 12 px in figures at 1400 px width
# ------------------------------------------------------------------------------------------------------------
_SVG_TEXT_SIZES_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll("[data-testid='stMain'] svg text")) {
    const t = el.textContent.trim();
    if (!t || !el.checkVisibility()) continue;
    const m = el.getScreenCTM();
    const scale = m ? Math.sqrt(m.a * m.a + m.b * m.b) : 1;
    out.push([t, parseFloat(getComputedStyle(el).fontSize) * scale]);
  }
  return out;
}"""


def _img_svg_sizes(page) -> list[tuple[str, float]]:
    """Text in SVG images (st.image of an SVG string): font sizes x the image's displayed scale."""
    out = []
    for img in page.locator("[data-testid='stImage'] img").all():
        src = img.get_attribute("src") or ""
        if src.startswith("data:image/svg+xml"):
            head, data = src.split(",", 1)
            svg = base64.b64decode(data).decode() if ";base64" in head else urllib.parse.unquote(data)
        elif src.endswith(".svg") or "svg" in src:
            svg = page.request.get(urllib.parse.urljoin(page.url, src)).text()
        else:
            continue
        view = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"', svg)
        if not view:
            continue
        scale = img.bounding_box()["width"] / float(view.group(1))
        for m in re.finditer(r'<(?:text|tspan)[^>]*font-size="([\d.]+)"[^>]*>([^<]*)', svg):
            out.append((m.group(2) or "(tspan)", float(m.group(1)) * scale))
    return out


#: page -> how many figure texts must at least be measured there (so that a page that drew nothing fails)
FIGURE_PAGES = {"home": 40, "caption": 20, "translate": 30, "forecast": 10}


@pytest.mark.parametrize("path", list(FIGURE_PAGES))
def test_no_figure_text_under_12px_at_1400(app_server, page, artifacts_dir, path):
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, f"{app_server}/{path}", settle_ms=2500)
    if path == "home":
        page.wait_for_function("document.querySelectorAll(\"[data-testid='stImage'] img\").length >= 5")
    if path == "caption":  # the beam tree
        page.locator("[data-testid='stRadio']").filter(has_text="Decoding").get_by_text("Beam search").click()
        wait_for_app_idle(page)
        page.get_by_text("Beam tree").wait_for()
        page.wait_for_timeout(1500)
    for chart in page.locator("[data-testid='stPlotlyChart']").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / f"walk-text-{path}.png"), full_page=True)
    sizes = page.evaluate(_SVG_TEXT_SIZES_JS) + _img_svg_sizes(page)
    assert len(sizes) >= FIGURE_PAGES[path], f"/{path}: only {len(sizes)} figure texts measured"
    small = [(t, round(v, 1)) for t, v in sizes if v < 12 - 0.05]
    assert not small, f"/{path}: figure text under 12 px: {small[:15]}"
    if path == "translate":  # the accuracy labels are drawn (at >= 12 px), not hidden for lack of room
        shown = [t for t, _ in sizes if "n=" in t]
        assert len(shown) >= 20, shown


# ------------------------------------------------------------------------------------------------------------
# 6. emoji are drawn (an emoji font is installed by scripts/setup.sh --test), not empty boxes
# ------------------------------------------------------------------------------------------------------------
def test_emoji_are_drawn_in_colour(app_server, page):
    _open(page, f"{app_server}/home", settle_ms=200)
    red, green = page.evaluate("""() => {
      const count = (ch, pick) => {
        const c = document.createElement("canvas"); c.width = c.height = 48;
        const g = c.getContext("2d"); g.font = "40px sans-serif"; g.textBaseline = "top"; g.fillText(ch, 2, 2);
        const d = g.getImageData(0, 0, 48, 48).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && pick(d[i], d[i + 1], d[i + 2])) n++;
        return n;
      };
      return [count("\\u274c", (r, g, b) => r > 150 && g < 100 && b < 100),
              count("\\u2705", (r, g, b) => g > 120 && r < 120 && b < 120)];
    }""")
    assert red > 50 and green > 50, (
        "no colour emoji font: ❌/✅ render as boxes (install fonts-noto-color-emoji)"
    )


# ------------------------------------------------------------------------------------------------------------
# 3. the main result is inside a 1280x720 viewport after the click
# ------------------------------------------------------------------------------------------------------------
def _in_view(page, locator, what: str, artifacts_dir, name: str) -> None:
    page.wait_for_timeout(600)  # the scroll (if any) has happened
    box = locator.bounding_box()
    page.screenshot(path=str(artifacts_dir / f"fold-{name}.png"))
    assert box is not None, what
    assert 0 <= box["y"] <= 720 - 24, f"{what}: top at y={box['y']:.0f}, outside the 1280x720 viewport"


@pytest.fixture()
def laptop(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    return page


def test_caption_result_in_view_after_changing_the_scene(app_server, laptop, artifacts_dir):
    page = laptop
    _open(page, f"{app_server}/caption", settle_ms=1500)
    for attempt in range(3):  # a late rerun of the first load can close the dropdown: open it again
        page.locator("[data-testid='stSelectbox']").filter(has_text="Colour").first.click()
        try:
            page.get_by_role("option", name="green", exact=True).click(timeout=5_000)
            break
        except Exception:
            if attempt == 2:
                raise
    wait_for_app_idle(page)
    _in_view(
        page,
        page.get_by_text("“a large green circle left of a small blue triangle”"),
        "caption",
        artifacts_dir,
        "caption",
    )


def test_translation_in_view_after_typing(app_server, laptop, artifacts_dir):
    page = laptop
    _open(page, f"{app_server}/translate", settle_ms=300)
    box = page.get_by_label("Number phrase (English or Korean)")
    box.fill("seven hundred thousand and seven")
    box.press("Enter")
    wait_for_app_idle(page)
    _in_view(page, page.get_by_text("칠십만 칠", exact=True).first, "translation", artifacts_dir, "translate")


def test_tags_in_view_after_pressing_tag(app_server, laptop, artifacts_dir):
    page = laptop
    _open(page, f"{app_server}/tagger", settle_ms=300)
    page.locator("[data-testid='stTextArea'] textarea").fill("Maria flew to Busan on Monday.")
    page.get_by_role("button", name="Tag").click()
    wait_for_app_idle(page)
    page.locator(".tg-chip", has_text="Busan").wait_for()
    _in_view(page, page.locator(".tg-wrap").first, "tag chips", artifacts_dir, "tagger")


def test_forecast_training_and_results_in_view_after_pressing_train(app_server, laptop, artifacts_dir):
    page = laptop
    _open(page, f"{app_server}/forecast", settle_ms=300)
    ms = page.locator("[data-testid='stMultiSelect']")
    ms.get_by_role("button", name="Clear all").click()
    wait_for_app_idle(page)
    ms.locator("input").fill("MLP")
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    page.keyboard.press("Escape")
    epochs = page.get_by_label("Epochs")
    epochs.fill("3")
    epochs.press("Enter")
    wait_for_app_idle(page)
    page.get_by_role("button", name="Train the selected models").click()  # Playwright scrolls it into view
    page.get_by_text("Best on the test part").wait_for(timeout=180_000)
    wait_for_app_idle(page)
    _in_view(page, page.get_by_text("Results on"), "results table", artifacts_dir, "forecast-results")
