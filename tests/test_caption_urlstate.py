"""Issue 16 on the captioning page: a link rebuilds the scene and the decoding (same caption as by hand), bad
values give one note, Reset restores the defaults and cleans the URL, every chart exports a named PNG."""

from __future__ import annotations

import json

import pytest
from util import apptest

from ui.caption import URL

PAGE = "app_pages/caption.py"


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _caption(at) -> str:
    return next(m.value for m in at.markdown if "cl-big-value" in m.value)


def _chart_names(at) -> list[str]:
    return [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]


LINK = {
    "n": "1",
    "shape1": "square",
    "colour1": "green",
    "x1": "40",
    "rot1": "10",
    "side": "256",
    "aa": "0",
    "dec": "beam",
    "beam": "4",
}


def test_a_link_rebuilds_the_scene_and_the_decoding():
    linked = apptest(PAGE)
    linked.query_params.update(LINK)
    linked.run()
    assert not linked.exception, linked.exception
    assert linked.radio(key="cap_n").value == 1 and linked.selectbox(key="cap_shape0").value == "square"
    assert linked.selectbox(key="cap_colour0").value == "green" and linked.slider(key="cap_x0").value == 40
    assert linked.slider(key="cap_rot0").value == 10 and linked.select_slider(key="cap_side").value == 256
    assert linked.checkbox(key="cap_aa").value is False
    assert linked.radio(key="cap_mode").value == "beam" and linked.slider(key="cap_width").value == 4

    by_hand = apptest(PAGE).run()
    by_hand.radio(key="cap_n").set_value(1).run()
    by_hand.selectbox(key="cap_shape0").set_value("square").run()
    by_hand.selectbox(key="cap_colour0").set_value("green").run()
    by_hand.slider(key="cap_x0").set_value(40).run()
    by_hand.slider(key="cap_rot0").set_value(10).run()
    by_hand.select_slider(key="cap_side").set_value(256).run()
    by_hand.checkbox(key="cap_aa").uncheck().run()
    by_hand.radio(key="cap_mode").set_value("beam").run()
    by_hand.slider(key="cap_width").set_value(4).run()
    assert not by_hand.exception, by_hand.exception
    assert "square" in _caption(linked) and _caption(linked) == _caption(by_hand)
    assert by_hand.dataframe[1].value.equals(linked.dataframe[1].value)  # the same beams
    assert _qp(by_hand) == LINK  # the widgets write the same link
    names = _chart_names(linked)
    assert names[0].startswith("caption-attention-") and names[1] == "caption-beam-tree-width4", names


def test_gallery_and_sampling_from_a_link():
    at = apptest(PAGE)
    at.query_params.update(src="gallery", ex="scene:3", dec="sampling", temp="1.5", seed="7", lang="ko")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="cap_gallery").value == "scene:3" and at.slider(key="cap_temp").value == 1.5
    assert at.number_input(key="cap_seed").value == 7
    assert _qp(at)["temp"] == "1.5" and _qp(at)["lang"] == "ko"


@pytest.mark.parametrize("lang,word", [("en", "Ignored in the link"), ("ko", "링크에서 무시한 값")])
def test_bad_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(PAGE)
    at.query_params.update(shape1="hexagon", x1="101", temp="nan", beam="0", n="3", what="1", lang=lang)
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if word in c.value]
    assert len(notes) == 1
    for item in ("shape1=hexagon", "x1=101", "temp=nan", "beam=0", "n=3", "what"):
        assert item in notes[0]
    assert "“a large red circle left of a small blue triangle”" in _caption(at)  # the default scene
    assert not set(URL.params) & set(_qp(at))


def test_reset_restores_the_defaults_and_cleans_only_this_pages_url():
    at = apptest(PAGE)
    at.query_params.update(n="1", colour1="green", dec="beam", lang="ko", present="1")
    at.run()
    at.slider(key="cap_width").set_value(6).run()
    at.session_state["_finished_run"] = "kept"
    assert {"n", "colour1", "dec", "beam"} <= set(_qp(at))
    at.button(key="_reset_caption").click().run()
    assert not at.exception, at.exception
    assert at.radio(key="cap_n").value == 2 and at.radio(key="cap_mode").value == "greedy"
    assert at.selectbox(key="cap_colour0").value == "red"
    qp = _qp(at)
    assert not set(URL.params) & set(qp) and qp.get("lang") == "ko" and qp.get("present") == "1"
    assert at.session_state["_finished_run"] == "kept"
    assert "“a large red circle left of a small blue triangle”" in _caption(at)
