"""Issue 16 on the two RNN pages (names, rnn_inside): a URL reproduces the state (widgets AND result equal a run set
by hand), bad values give one note and the defaults, Reset restores the defaults, cleans the URL and keeps the
session's finished training runs, every chart's PNG export has a meaningful name."""

from __future__ import annotations

import json
import time

import pytest
from util import apptest

from ui.names import URL as NAMES_URL
from ui.rnn_inside import URL as INSIDE_URL

NAMES, INSIDE = "app_pages/names.py", "app_pages/rnn_inside.py"
NOTE = "Ignored in the link"


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _chart_data(at) -> list:
    """What each chart shows: its traces and its axes' tick labels (the prefix plot's x axis)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [(s["data"], s["layout"].get("xaxis", {}).get("ticktext")) for s in specs]


def _names_result(at) -> tuple:
    big = [m.value for m in at.markdown if "cl-big-value" in m.value]
    return big, [w.value for w in at.warning], [e.value for e in at.error], _chart_data(at)


def _notes(at) -> list[str]:
    return [c.value for c in at.caption if NOTE in c.value]


def _finished(at, word="finished") -> bool:
    return any(word in str(p.proto.text) for p in at.get("progress"))


def _wait_finished(at, word="finished", timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(1)
        at.run()
        assert not at.exception, at.exception
        if _finished(at, word):
            return
    raise AssertionError("the training run did not finish in time")


# -- names ---------------------------------------------------------------------------------------------------


def test_names_url_reproduces_the_state_and_the_result():
    at = apptest(NAMES)
    at.query_params.update(name="Kowalski", batch="Li, Virtanen, Abbott", ep="5")
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="name").value == "Kowalski"
    assert at.text_input(key="batch").value == "Li, Virtanen, Abbott"
    assert at.slider(key="pair_epochs").value == 5
    assert not _notes(at)

    by_hand = apptest(NAMES).run()
    by_hand.text_input(key="name").set_value("Kowalski")
    by_hand.text_input(key="batch").set_value("Li, Virtanen, Abbott")
    by_hand.slider(key="pair_epochs").set_value(5)
    by_hand.run()
    assert not by_hand.exception
    assert _names_result(at) == _names_result(by_hand)
    assert any(
        "Kowalski" in c.proto.spec for c in at.get("plotly_chart")
    )  # the prefix plot is the typed name's
    assert _names_result(at) != _names_result(apptest(NAMES).run())  # and differs from the default page
    # and the widgets write the URL back
    assert {k: _qp(by_hand)[k] for k in ("name", "batch", "ep")} == {
        "name": "Kowalski",
        "batch": "Li, Virtanen, Abbott",
        "ep": "5",
    }


@pytest.mark.parametrize("lang,word", [("en", NOTE), ("ko", "링크에서 무시한 값")])
def test_names_bad_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(NAMES)
    at.query_params.update(name="x" * 61, ep="99", zzz="1", lang=lang)
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if word in c.value]
    assert len(notes) == 1 and "ep=99" in notes[0] and "zzz" in notes[0] and "name=" in notes[0]
    assert at.text_input(key="name").value == NAMES_URL.params["name"].default == "Virtanen"
    assert at.slider(key="pair_epochs").value == 3
    assert not {"name", "ep", "zzz"} & set(_qp(at))


def test_names_reset_restores_defaults_and_keeps_a_finished_pair():
    at = apptest(NAMES)
    at.query_params.update(ep="1", present="1")
    at.run()
    at.button(key="start_pair").click().run()
    assert not at.exception, at.exception
    deadline = time.time() + 300
    while time.time() < deadline and sum("finished" in str(p.proto.text) for p in at.get("progress")) < 2:
        time.sleep(2)
        at.run()
    assert sum("finished" in str(p.proto.text) for p in at.get("progress")) == 2, "the pair did not finish"
    at.text_input(key="name").set_value("Rossi").run()
    at.text_input(key="batch").set_value("Li, Abbott").run()
    assert _qp(at)["name"] == "Rossi"
    at.button(key="_reset_names").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="name").value == "Virtanen"
    assert at.text_input(key="batch").value == NAMES_URL.params["batch"].default
    assert at.slider(key="pair_epochs").value == 3
    qp = _qp(at)
    assert not {"name", "batch", "ep"} & set(qp) and qp.get("present") == "1"
    assert sum("finished" in str(p.proto.text) for p in at.get("progress")) == 2  # the finished runs survived


def test_names_charts_export_png_with_meaningful_names():
    at = apptest(NAMES).run()
    assert not at.exception
    names = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]
    assert len(names) >= 5 and len(set(names)) == len(names)
    assert all(n.startswith("names-") and n != "newplot" for n in names), names
    assert "names-prefixes-Virtanen" in names


# -- rnn_inside ----------------------------------------------------------------------------------------------

INSIDE_VALUES = {
    "text": "hello",
    "hid": "4",
    "seed": "7",
    "t": "100",
    "cells": "rnn,gru",
    "ep": "3",
    "init": "orthogonal",
    "clip": "0",
    "rseed": "2",
}


def _inside_result(at) -> tuple:
    return at.table[0].value.to_dict(), _chart_data(at)[0], [c.value for c in at.caption if "ln‖" in c.value]


def test_rnn_inside_url_reproduces_the_state_and_the_result():
    at = apptest(INSIDE)
    at.query_params.update(INSIDE_VALUES)
    at.run()
    assert not at.exception, at.exception
    widgets = {
        "text": at.text_input(key="step_text").value,
        "hid": at.select_slider(key="step_hidden").value,
        "seed": at.number_input(key="step_seed").value,
        "t": at.slider(key="T").value,
        "cells": at.multiselect(key="cells").value,
        "ep": at.slider(key="grad_epochs").value,
        "init": at.selectbox(key="grad_init").value,
        "clip": at.toggle(key="grad_clip").value,
        "rseed": at.number_input(key="grad_seed").value,
    }
    assert widgets == {
        "text": "hello",
        "hid": 4,
        "seed": 7,
        "t": 100,
        "cells": ["rnn", "gru"],
        "ep": 3,
        "init": "orthogonal",
        "clip": False,
        "rseed": 2,
    }
    assert not _notes(at)

    by_hand = apptest(INSIDE).run()
    by_hand.text_input(key="step_text").set_value("hello")
    by_hand.select_slider(key="step_hidden").set_value(4)
    by_hand.number_input(key="step_seed").set_value(7)
    by_hand.slider(key="T").set_value(100)
    by_hand.multiselect(key="cells").set_value(["rnn", "gru"])
    by_hand.slider(key="grad_epochs").set_value(3)
    by_hand.selectbox(key="grad_init").set_value("orthogonal")
    by_hand.toggle(key="grad_clip").set_value(False)
    by_hand.number_input(key="grad_seed").set_value(2)
    by_hand.run()
    assert not by_hand.exception
    assert _inside_result(at) == _inside_result(by_hand)
    assert len(_inside_result(at)[0]) and {t["name"] for t in _inside_result(at)[1][0]} == {
        "rnn (init)",
        "gru (init)",
    }
    assert _qp(by_hand) == INSIDE_VALUES  # and the widgets write the same URL


def test_rnn_inside_bad_values_give_one_note_and_the_defaults():
    at = apptest(INSIDE)
    at.query_params.update(
        t="7", cells="rnn,cnn", init="zeros", hid="5", text="x" * 13, clip="yes", foo="bar"
    )
    at.run()
    assert not at.exception, at.exception
    notes = _notes(at)
    assert len(notes) == 1
    for item in ("t=7", "cells=rnn,cnn", "init=zeros", "hid=5", "text=", "clip=yes", "foo"):
        assert item in notes[0], item
    assert at.slider(key="T").value == 50 and at.multiselect(key="cells").value == ["rnn", "lstm", "gru"]
    assert at.selectbox(key="grad_init").value == "chrono" and at.toggle(key="grad_clip").value is True
    assert at.text_input(key="step_text").value == "hell" and not at.error
    assert not set(INSIDE_VALUES) & set(_qp(at))


def test_rnn_inside_reset_restores_defaults_and_keeps_a_finished_run():
    at = apptest(INSIDE)
    at.query_params.update(t="5", ep="1", cells="rnn", lang="ko")
    at.run()
    at.button(key="start_grad").click().run()
    _wait_finished(at, "완료")
    at.text_input(key="step_text").set_value("oleh").run()
    assert _qp(at)["text"] == "oleh"
    at.button(key="_reset_rnn_inside").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="step_text").value == "hell" and at.slider(key="T").value == 50
    assert (
        at.multiselect(key="cells").value == ["rnn", "lstm", "gru"]
        and at.slider(key="grad_epochs").value == INSIDE_URL.params["ep"].default
    )
    qp = _qp(at)
    assert not set(INSIDE_VALUES) & set(qp) and qp.get("lang") == "ko"
    assert any("완료" in str(p.proto.text) for p in at.get("progress"))  # the finished run is still shown


def test_rnn_inside_charts_export_png_with_meaningful_names():
    at = apptest(INSIDE).run()
    assert not at.exception
    names = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]
    assert names == ["rnn-inside-grad-norms-T50-chrono", "rnn-inside-accuracy-vs-T-sweep"]
