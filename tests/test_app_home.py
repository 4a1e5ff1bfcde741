"""The home page: renders with no exception in both languages; the lecture map has all five task types."""

from __future__ import annotations

from util import apptest

from ui.diagrams import task_svg
from ui.home import TASKS
from ui.i18n import COMMON
from ui.pages import PAGES


def test_home_renders_english():
    at = apptest().run()
    assert not at.exception, at.exception
    assert "CNN & RNN classroom lab" in [t.value for t in at.title]
    assert len(at.get("plotly_chart")) >= 1  # CNN timeline


def test_home_renders_korean_from_query_string():
    at = apptest()
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert "CNN & RNN 수업 실험실" in [t.value for t in at.title]


def test_language_choice_is_written_to_query_string():
    at = apptest().run()
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert not at.exception
    assert at.query_params["lang"] == ["ko"] or at.query_params["lang"] == "ko"
    assert "CNN & RNN 수업 실험실" in [t.value for t in at.title]


def test_every_task_has_a_diagram_with_inputs_and_outputs():
    for task in TASKS:
        svg = task_svg(task)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert svg.count(">x<") >= 1 and svg.count(">y<") >= 1
    assert task_svg("many_to_one").count(">y<") == 1
    assert task_svg("aligned").count(">y<") == task_svg("aligned").count(">x<") == 4


def test_translation_tables_have_the_same_keys():
    assert set(COMMON["en"]) == set(COMMON["ko"])
    from ui import home

    assert set(home.TEXT["en"]) == set(home.TEXT["ko"])
    for p in PAGES:
        assert set(p.title) == {"en", "ko"}


def test_url_paths_match_file_names():
    from pathlib import Path

    from ui.pages import ROOT

    assert not (ROOT / "pages").exists(), (
        "a pages/ folder turns on Streamlit's v1 multipage mode (ui/pages.py)"
    )
    for p in PAGES:
        assert p.url_path == Path(p.path).stem, p


def test_the_timeline_exports_a_named_png():
    import json

    at = apptest().run()
    names = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]
    assert names == ["home-cnn-timeline-en"]
