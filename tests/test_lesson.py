"""The lesson: the data file is valid, every step's page exists and its parameters are ones the page declares,
and previous/next walk every step in EN and KO with no exception (over stub pages with the real url_paths)."""

from __future__ import annotations

import importlib
from urllib.parse import parse_qsl

import pytest
import yaml
from util import apptest

from ui.i18n import LANGUAGES
from ui.lesson import STEPS_FILE, load_steps, parse_steps, step_query
from ui.pages import PAGES

DEMO = "tests/demo/lesson_app.py"
STEPS = load_steps()

# url_path -> "module:attribute" of the page's UrlState. Filled as pages adopt ui/urlstate (see the recipe); a
# step on a listed page may only use names that page declares, with values it accepts.
DECLARED: dict[str, str] = {
    "classify": "ui.classify:URL",
    "caption": "ui.caption:URL",
    "teach": "ui.teach:URL",
    "names": "ui.names:URL",
    "rnn_inside": "ui.rnn_inside:URL",
    "forecast": "ui.forecast:URL",
    "translate": "ui.translate:URL",
    "tagger": "ui.tagger:URL",
    "train_lab": "ui.lab:URL",
}


def test_steps_follow_the_lecture_order_and_cover_the_four_lectures():
    lectures = [s.lecture for s in STEPS]
    assert lectures == sorted(lectures)
    assert {23, 26, 27, 28} <= set(lectures)
    tasks = {s.page for s in STEPS if s.lecture == 26}
    assert {"caption", "names", "translate", "tagger", "forecast"} <= tasks
    cnns = [s.params.get("m") for s in STEPS if s.page == "classify" and s.params.get("view") == "classify"]
    assert cnns == ["alexnet", "vgg16", "googlenet", "resnet50"]
    assert len({s.params.get("photo") for s in STEPS if s.page == "classify" and "photo" in s.params}) == 1


def test_every_step_page_exists_and_its_parameters_are_declared():
    url_paths = {p.url_path for p in PAGES} | {"home"}
    for n, s in enumerate(STEPS, 1):
        assert s.page in url_paths, f"step {n}: unknown page {s.page}"
        assert set(s.title) == set(s.notes) == set(LANGUAGES)
        if s.page in DECLARED:
            module, attr = DECLARED[s.page].split(":")
            state = getattr(importlib.import_module(module), attr)
            for name, raw in s.params.items():
                assert name in state.params, f"step {n}: {s.page} declares no parameter {name}"
                state.params[name].parse(raw)  # raises on a value the page would ignore


@pytest.mark.parametrize(
    "doc,match",
    [
        ({"steps": []}, "non-empty"),
        ({"steps": [{"page": "home", "title": {}, "notes": {}}]}, "missing lecture"),
        (
            {
                "steps": [
                    {
                        "lecture": 23,
                        "page": "home",
                        "params": {"Bad-Name": 1},
                        "title": {"en": "", "ko": ""},
                        "notes": {"en": ["a"], "ko": ["b"]},
                    }
                ]
            },
            "bad parameter name",
        ),
        (
            {"steps": [{"lecture": 23, "page": "home", "title": {"en": "x"}, "notes": {"en": ["a"]}}]},
            "languages",
        ),
        (
            {
                "steps": [
                    {
                        "lecture": 23,
                        "page": "home",
                        "title": {"en": "x", "ko": "y"},
                        "notes": {"en": ["a"] * 4, "ko": ["b"]},
                    }
                ]
            },
            "one to three",
        ),
    ],
)
def test_a_broken_file_is_reported_with_the_step(doc, match):
    with pytest.raises(ValueError, match=match):
        parse_steps(doc)


def test_the_shipped_file_parses_as_plain_yaml():
    assert len(parse_steps(yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8")))) == len(STEPS) >= 12


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_previous_and_next_walk_every_step(lang):
    for n, step in enumerate(STEPS, 1):
        at = apptest(DEMO)
        at.query_params.update(lesson=str(n), lang=lang)
        at.run()
        assert not at.exception, (n, at.exception)
        assert any(step.title[lang] in m.value for m in at.markdown), n
        links = {pl.proto.icon: pl.proto for pl in at.get("page_link")}
        for target, icon in ((n - 1, ":material/arrow_back:"), (n + 1, ":material/arrow_forward:")):
            if not 1 <= target <= len(STEPS):
                assert icon not in links, (n, icon)
                continue
            link = links[icon]
            assert STEPS[target - 1].title[lang] in link.label
            assert dict(parse_qsl(link.query_string)) == step_query(
                target, STEPS[target - 1], presenting=False
            ) | {"lang": lang}


def test_presenter_mode_keeps_present_in_the_links_and_opens_the_notes():
    at = apptest(DEMO)
    at.query_params.update(lesson="3", present="1")
    at.run()
    assert not at.exception, at.exception
    assert all("present=1" in pl.proto.query_string for pl in at.get("page_link"))
    assert at.expander[0].proto.expanded


@pytest.mark.parametrize("raw", ["0", "99", "abc", "-1", ""])
def test_a_bad_step_number_gives_a_note_and_no_bar(raw):
    at = apptest(DEMO)
    at.query_params["lesson"] = raw
    at.run()
    assert not at.exception, at.exception
    assert not at.get("page_link")
    assert len(at.caption) == 1 and "no lesson step" in at.caption[0].value


def test_the_real_app_shows_the_bar_on_the_home_page_in_korean():
    at = apptest()
    at.query_params.update(lesson="1", lang="ko")
    at.run()
    assert not at.exception, at.exception
    assert any(STEPS[0].title["ko"] in m.value for m in at.markdown)
    arrows = [pl.proto.icon for pl in at.get("page_link") if pl.proto.icon.startswith(":material/arrow")]
    assert arrows == [":material/arrow_forward:"]  # step 1: only "next"
