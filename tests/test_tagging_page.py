"""The tagging page under AppTest, the chips' escaping and the translations."""

from __future__ import annotations

import html
import time

from util import apptest

from models.tagging.inference import TokenTag
from models.tagging.tokenize import tokenize
from ui.tagger import chips_html, names_html
from ui.text.tagger import TEXT


def tr(key, **fmt):
    s = TEXT["en"][key]
    return s.format(**fmt) if fmt else s


def test_translations_have_the_same_keys():
    assert set(TEXT["en"]) == set(TEXT["ko"])


def test_user_text_is_escaped_in_chips_and_names():
    evil = '<script>alert("x")</script>'
    rows = [
        TokenTag(evil, "PROPN", 0.9, [("PROPN", 0.9), ("NOUN", 0.05), ("X", 0.01)], False),
        TokenTag("'onmouseover='alert(1)", "NOUN", 0.5, [("NOUN", 0.5)], True),
    ]
    out = chips_html(rows, tr) + names_html(rows, tr)
    assert "<script>" not in out and 'alert("x")' not in out
    assert html.escape(evil, quote=True) in out
    assert "'onmouseover='" not in out and "&#x27;onmouseover=&#x27;" in out
    assert out.count("<span class='tg-chip'") == 2 and "tg-name" in out  # PROPN gets the name badge


def _page():
    at = apptest("app_pages/tagger.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _html(at) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def test_page_tags_the_default_sentence_and_shows_examples():
    at = _page()
    body = _html(at)
    n_tokens = len(tokenize(TEXT["en"]["default_text"]))
    assert body.count("<span class='tg-chip'") == n_tokens
    assert ("data-tag='PROPN'" in body) == ("Names (PROPN) found" in body)  # names listed iff a chip is PROPN
    assert body.count("<table class='tg-cmp'>") == 4  # the three context examples + "I can can a can."
    for label in ("<th>BiLSTM</th>", "<th>LSTM (left → right)</th>", "<th>most frequent tag</th>"):
        assert body.count(label) == 4
    assert "<th class=''>I</th>" in body or "<th class='tg-diff'>I ≠</th>" in body


def test_bad_text_gives_plain_errors_and_odd_scripts_are_tagged():
    at = _page()
    for text, expect in [("", "empty"), ("word " * 10_000, "1,000")]:
        at.text_area(key="tagger_text").set_value(text)
        next(b for b in at.button if b.label == "Tag").click().run()  # the form's Tag button
        assert not at.exception
        assert any(expect in e.value for e in at.error), [e.value for e in at.error]
    at.text_area(key="tagger_text").set_value('<script>alert(1)</script> 서울 😀 Bob said "hi" to Ann.')
    next(b for b in at.button if b.label == "Tag").click().run()
    assert not at.exception and not at.error
    body = _html(at)
    assert "<script" not in body and "</script" not in body
    assert (
        "&lt;" in body and "&gt;" in body
    )  # the tokenizer splits "<script>" into <, script, >: each escaped
    assert "서울" in body and "😀" in body


def test_broken_and_binary_uploads_are_refused(tmp_path):
    at = _page()
    at.radio(key="tagger_src").set_value("upload").run()
    for name, data, needle in [
        ("bad.conllu", b"1\tx\tx\tNOUN\n", "line 1"),
        ("photo.conllu", b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
    ]:
        at.file_uploader(key="tagger_upload").set_value((name, data, "text/plain")).run()
        at.button(key="tagger_start").click().run()
        assert not at.exception
        assert any(needle in e.value for e in at.error), [e.value for e in at.error]


def test_train_your_own_then_use_and_download_it():
    lines = []
    for i in range(30):
        lines += [
            f"1\tAnna{i}\t_\tPROPN\t_\t_\t2\tnsubj\t_\t_",
            "2\tsleeps\t_\tVERB\t_\t_\t0\troot\t_\t_",
            "3\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_",
            "",
        ]
    at = _page()
    at.radio(key="tagger_src").set_value("upload").run()
    at.file_uploader(key="tagger_upload").set_value(
        ("mine.conllu", "\n".join(lines).encode(), "text/plain")
    ).run()
    at.slider(key="tagger_epochs").set_value(2)
    at.button(key="tagger_start").click().run()
    assert not at.exception and not at.error
    assert any("27 training sentences, 3 held out" in m.value for m in at.success)
    deadline = time.time() + 90
    while time.time() < deadline and not any("Held-out accuracy:" in m.value for m in at.caption):
        time.sleep(0.5)
        at.run()
    assert any("Held-out accuracy:" in m.value and "on 9 words" in m.value for m in at.caption)
    assert len(at.get("plotly_chart")) == 1  # the live curves
    assert at.get("download_button")
    use = next(b for b in at.button if b.label == "Use it above")
    use.click().run()
    assert at.selectbox(key="tagger_model").value.startswith("tagger-")
    assert not at.exception and "tg-chip" in _html(at)


def test_page_in_korean():
    at = apptest("app_pages/tagger.py")
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == TEXT["ko"]["title"]
    assert "<th>최빈 태그</th>" in _html(at)
