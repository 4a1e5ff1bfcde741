"""Issue 16 on the teach page: a link sets the number of classes and each class's picture source, sample set and
count (the pictures, names and trained models stay in the session); bad values give one note; Reset restores the
defaults, cleans the URL and keeps the session's pictures."""

from __future__ import annotations

import os

import pytest
from util import apptest

from ui.teach import URL

PAGE = "app_pages/teach.py"
os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _editors(at) -> list:
    """What the class editors show: (source, sample set, how many) per class."""
    n = at.number_input(key="teach-n").value
    out = []
    for i in range(n):
        src = at.radio(key=f"teach-src-{i}").value
        out.append(
            (
                src,
                at.selectbox(key=f"teach-set-{i}").value if src == "samples" else None,
                at.slider(key=f"teach-count-{i}").value if src == "samples" else None,
            )
        )
    return out


def test_a_link_sets_the_classes_like_setting_them_by_hand():
    link = {"n": "3", "set1": "digits", "count1": "20", "src2": "upload", "set3": "photos"}
    linked = apptest(PAGE)
    linked.query_params.update(link)
    linked.run()
    assert not linked.exception, linked.exception

    by_hand = apptest(PAGE).run()
    by_hand.number_input(key="teach-n").set_value(3).run()
    by_hand.selectbox(key="teach-set-0").set_value("digits").run()
    by_hand.slider(key="teach-count-0").set_value(20).run()
    by_hand.radio(key="teach-src-1").set_value("upload").run()
    by_hand.selectbox(key="teach-set-2").set_value("photos").run()
    assert not by_hand.exception, by_hand.exception
    assert (
        _editors(linked)
        == _editors(by_hand)
        == [("samples", "digits", 20), ("upload", None, None), ("samples", "photos", 12)]
    )
    assert len(linked.get("file_uploader")) == len(by_hand.get("file_uploader"))
    assert _qp(by_hand) == link


@pytest.mark.parametrize("lang,word", [("en", "Ignored in the link"), ("ko", "링크에서 무시한 값")])
def test_bad_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(PAGE)
    at.query_params.update(n="99", set1="cats", count2="1", src1="disk", nope="x", lang=lang)
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if word in c.value]
    assert len(notes) == 1
    for item in ("n=99", "set1=cats", "count2=1", "src1=disk", "nope"):
        assert item in notes[0]
    assert _editors(at) == [("samples", "shapes", 12)] * 2
    assert not set(URL.params) & set(_qp(at))


def test_reset_restores_the_defaults_and_keeps_the_sessions_pictures():
    at = apptest(PAGE)
    at.query_params.update(n="4", count1="6", lang="ko", present="1")
    at.run()
    at.button(key="teach-add-0").click().run()  # six sample pictures into class 1
    assert not at.exception, at.exception
    pictures = len(at.session_state["teach-state"]["set"].classes[0].images)
    assert pictures == 6
    at.button(key="_reset_teach").click().run()
    assert not at.exception, at.exception
    assert _editors(at) == [("samples", "shapes", 12)] * 2
    qp = _qp(at)
    assert not set(URL.params) & set(qp) and qp.get("lang") == "ko" and qp.get("present") == "1"
    assert len(at.session_state["teach-state"]["set"].classes[0].images) == pictures
