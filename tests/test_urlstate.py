"""ui/urlstate.py on a tiny demo page: the URL reproduces the state, bad values give one note and no exception,
widgets write the URL back in language-independent form, Reset restores defaults and cleans the URL only."""

from __future__ import annotations

import pytest
from util import apptest

from ui.urlstate import Bool, Choice, Float, Int, Multi, Text, UrlState

DEMO = "tests/demo/urlstate_page.py"


def _result(at) -> str:
    return next(m.value for m in at.markdown if "cl-big-value" in m.value)


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def test_defaults_leave_a_clean_url():
    at = apptest(DEMO).run()
    assert not at.exception, at.exception
    assert ">a-3-x-one<" in _result(at)
    assert not {"fruit", "n", "tags", "ex"} & set(_qp(at))
    assert not at.caption  # no note


def test_url_reproduces_the_state():
    at = apptest(DEMO)
    for k, v in {"fruit": "b", "n": "7", "tags": "y,z", "ex": "two", "lang": "ko"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="demo_fruit").value == "b"
    assert at.slider(key="demo_n").value == 7
    assert at.multiselect(key="demo_tags").value == ["y", "z"]
    assert ">b-7-y+z-two<" in _result(at)
    assert not at.caption


@pytest.mark.parametrize("lang,word", [("en", "Ignored in the link"), ("ko", "링크에서 무시한 값")])
def test_invalid_and_unknown_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(DEMO)
    for k, v in {"fruit": "kiwi", "n": "99", "tags": "x,q", "bogus": "1", "lang": lang, "ex": "two"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption]
    assert len(notes) == 1 and word in notes[0]
    for name in ("fruit=kiwi", "n=99", "tags=x,q", "bogus"):
        assert name in notes[0]
    assert ">a-3-x-two<" in _result(at)  # bad values fell back to defaults; the good one was kept
    qp = _qp(at)
    assert qp.get("ex") == "two" and qp.get("lang") == lang
    assert not {"fruit", "n", "tags", "bogus"} & set(qp)


@pytest.mark.parametrize("raw", ["", "1e9", "3.5", "-0", "١", "%00"])
def test_odd_numbers_never_raise(raw):
    at = apptest(DEMO)
    at.query_params["n"] = raw
    at.run()
    assert not at.exception, at.exception
    assert at.slider(key="demo_n").value in range(1, 11)


def test_widgets_write_the_option_not_its_translated_label():
    at = apptest(DEMO)
    at.query_params["lang"] = "ko"
    at.run()
    at.radio(key="demo_fruit").set_value("b").run()
    at.slider(key="demo_n").set_value(5).run()
    at.button(key="pick_two").click().run()
    assert not at.exception, at.exception
    qp = _qp(at)
    assert qp["fruit"] == "b" and qp["n"] == "5" and qp["ex"] == "two"  # "b", never "바나나"
    # and back to a default value: the parameter leaves the URL
    at.slider(key="demo_n").set_value(3).run()
    assert "n" not in _qp(at)


def test_reset_restores_defaults_and_cleans_only_this_pages_url():
    at = apptest(DEMO)
    for k, v in {"fruit": "c", "n": "9", "ex": "two", "lang": "ko", "present": "1"}.items():
        at.query_params[k] = v
    at.run()
    at.session_state["_runs_kept"] = "finished run"  # stands for the session's finished trainings
    at.button(key="_reset_demo").click().run()
    assert not at.exception, at.exception
    assert ">a-3-x-one<" in _result(at)
    assert at.radio(key="demo_fruit").value == "a" and at.slider(key="demo_n").value == 3
    qp = _qp(at)
    assert not {"fruit", "n", "tags", "ex"} & set(qp)
    assert qp.get("lang") == "ko" and qp.get("present") == "1"  # the chrome's parameters stay
    assert at.session_state["_runs_kept"] == "finished run"
    assert at.session_state["other_page_key"] == "kept"


def test_declaration_errors_are_caught_early():
    with pytest.raises(ValueError, match="reserved"):
        UrlState("x", Choice("lang", ("a",)))
    with pytest.raises(ValueError, match="repeated"):
        UrlState("x", Int("n", 0, 3, 1), Int("n", 0, 3, 1))


def test_kinds_parse_and_dump_round_trip():
    assert Choice("lr", (0.01, 0.03)).parse("0.03") == 0.03
    assert Int("s", 100, 2000, 500, step=50).parse("550") == 550
    with pytest.raises(ValueError):
        Int("s", 100, 2000, 500, step=50).parse("551")
    f = Float("d", 0.0, 0.5, 0.5)
    assert f.parse(f.dump(0.3)) == 0.3
    for bad in ("nan", "inf", "0.6"):
        with pytest.raises(ValueError):
            f.parse(bad)
    assert Bool("bn").parse("1") is True
    with pytest.raises(ValueError):
        Bool("bn").parse("yes")
    assert Multi("m", ("a", "b")).parse("") == []
    with pytest.raises(ValueError):
        Text("t", max_len=5).parse("toolong")
