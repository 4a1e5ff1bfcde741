"""The app's page plan (every page the lecture map knows, in navigation order) and the page contract.

The page contract -- every page follows it, and a new page is one copy of each file:

* ``app_pages/<page>.py`` -- a short script (≲ 150 lines) that lays out the page top to bottom: title,
  ``URL.apply()``, widgets, and calls into ``ui/<page>.py``. No text tables, no arithmetic, no figure building.
* ``ui/<page>.py`` -- that page's figures, cached loaders (``st.cache_resource`` / ``st.cache_data``) and panels
  (functions that draw one part of the page), plus its ``URL = UrlState(...)`` declaration (≲ 350 lines; a page
  with more splits its panels into ``ui/<page>_<part>.py``).
* ``ui/text/<page>.py`` -- ``TEXT = {"en": {...}, "ko": {...}}``, the page's words in both languages, nothing
  else; ``tests/test_i18n_keys.py`` checks the two key sets match for every module in ``ui/text/``.
* ``models/<task>/`` -- every computation (statistics, preprocessing, training jobs, evaluation); it never
  imports Streamlit, so the CLI and the tests use the same code.
* Shared pieces live once: ``ui/widgets.py`` (drawing canvas, enlarge, number formats), ``ui/charts.py``
  (training curves, confusion matrix, ...), ``ui/presenter.py`` (show_chart, big_result, csv_download),
  ``ui/live.py`` (a session's runs and their live panel), ``ui/urlstate.py`` (widgets bound to the URL).
* Functions stay under ~50 lines unless they read better whole (then a comment says why).

The pages live in ``app_pages/``, not ``pages/``: Streamlit 1.67 treats a ``pages/`` folder beside the main script
as a v1 multipage app until the first ``st.navigation`` call of the process, so the first visitor after a server
start who opened a page URL directly got that page without ``app.py`` (no navigation, no language selector) or a
"Page not found" dialog. ``tests/test_browser_home.py`` checks a direct first visit.

A page appears in the navigation and on the lecture map only when its file exists, so pages land one issue
at a time with no placeholders. ``task`` ties a page to one of the lecture's five task types.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    path: str  # file relative to the repository root
    url_path: str  # URL of the page (the file's stem)
    group: str  # navigation section key: nav_cnn, nav_rnn, nav_lab
    title: dict  # {"en": ..., "ko": ...}
    icon: str  # material icon or emoji
    task: str | None = None  # one_to_one, one_to_many, many_to_one, seq2seq, aligned (None: not a task demo)

    @property
    def exists(self) -> bool:
        return (ROOT / self.path).is_file()


PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "app_pages/classify.py",
        "classify",
        "nav_cnn",
        {"en": "Image classification", "ko": "이미지 분류"},
        ":material/image_search:",
        "one_to_one",
    ),
    PageInfo(
        "app_pages/caption.py",
        "caption",
        "nav_cnn",
        {"en": "Image captioning", "ko": "이미지 캡셔닝"},
        ":material/subtitles:",
        "one_to_many",
    ),
    PageInfo(
        "app_pages/names.py",
        "names",
        "nav_rnn",
        {"en": "Names → nationality", "ko": "이름 → 국적"},
        ":material/badge:",
        "many_to_one",
    ),
    PageInfo(
        "app_pages/rnn_inside.py",
        "rnn_inside",
        "nav_rnn",
        {"en": "Inside the RNN", "ko": "RNN 들여다보기"},
        ":material/memory:",
    ),
    PageInfo(
        "app_pages/forecast.py",
        "forecast",
        "nav_rnn",
        {"en": "Time-series forecasting", "ko": "시계열 예측"},
        ":material/show_chart:",
        "many_to_one",
    ),
    PageInfo(
        "app_pages/translate.py",
        "translate",
        "nav_rnn",
        {"en": "Translation", "ko": "번역"},
        ":material/translate:",
        "seq2seq",
    ),
    PageInfo(
        "app_pages/tagger.py",
        "tagger",
        "nav_rnn",
        {"en": "Part-of-speech tagging", "ko": "품사 태깅"},
        ":material/sell:",
        "aligned",
    ),
    PageInfo(
        "app_pages/train_lab.py",
        "train_lab",
        "nav_lab",
        {"en": "Training lab", "ko": "학습 실험실"},
        ":material/monitoring:",
    ),
    PageInfo(
        "app_pages/teach.py",
        "teach",
        "nav_cnn",
        {"en": "Teach the CNN your own classes", "ko": "CNN에게 나만의 클래스 가르치기"},
        ":material/school:",
    ),
)


def existing_pages() -> list[PageInfo]:
    return [p for p in PAGES if p.exists]
