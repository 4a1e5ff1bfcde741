"""AppTest of the translation page: renders, translates, heatmap, notes, accuracy chart, training lab."""

from __future__ import annotations

import json
import time

from util import apptest

from models.seq2seq.corpus import to_words, tokenize
from ui.text.translate import TEXT


def test_text_keys_match_in_both_languages():
    assert set(TEXT["en"]) == set(TEXT["ko"])


def _charts(at, kind):
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [s for s in specs if s["data"] and s["data"][0].get("type") == kind]


def test_page_translates_default_and_korean_input():
    at = apptest("app_pages/translate.py").run()
    assert not at.exception
    md = " ".join(m.value for m in at.markdown)
    assert (
        'cl-big-value">십이만 삼천사백오십육<' in md
    )  # the default phrase, translated exactly (shown large)
    assert any("123,456" in s.value for s in at.success)
    heat = _charts(at, "heatmap")
    z = heat[0]["data"][0]["z"]
    src = tokenize(to_words(123_456, "en"), "en")
    assert len(src) == 14 and heat[0]["layout"]["xaxis"]["ticktext"] == src
    assert len(z) == 12 and len(z[0]) == 14  # 11 syllables/spaces + <eos>  x  14 English tokens
    assert all(abs(sum(row) - 1) < 1e-4 for row in z)
    at.text_input(key="tr_text").set_value("구십구만 구천구백구십구").run()
    assert not at.exception
    assert any(to_words(999_999, "en") in m.value for m in at.markdown)
    # the accuracy-vs-length charts come from the manifest (attention and no attention, both directions)
    bars = _charts(at, "bar")
    assert len(bars) == 2 and all(len(b["data"]) == 2 for b in bars)  # with / without attention
    assert bars[0]["layout"]["xaxis"]["type"] == "category" and "1-3" in bars[0]["data"][0]["x"]


def test_out_of_domain_inputs_never_crash():
    at = apptest("app_pages/translate.py").run()
    for text in ("the cat sat on the mat", "one million", "twentyy-three", "x" * 400, "!!!", ""):
        at.text_input(key="tr_text").set_value(text).run()
        assert not at.exception, text
        if text in ("!!!",):
            assert at.error and "no words" in at.error[0].value
        elif text:
            assert at.warning and "only knows number phrases" in at.warning[0].value, text


def test_no_attention_model_and_random_button():
    at = apptest("app_pages/translate.py").run()
    at.radio(key="tr_model").set_value("noattn").run()
    assert not at.exception and any("no attention" in i.value for i in at.info)
    at.radio(key="tr_rand_lang").set_value("ko").run()
    before = at.text_input(key="tr_text").value
    at.button(key="tr_random").click().run()
    assert not at.exception and at.text_input(key="tr_text").value != before
    assert any("Translating Korean → English" in c.value for c in at.caption)


def test_training_lab_runs_both_teacher_forcing_settings():
    at = apptest("app_pages/translate.py").run()
    at.select_slider(key="tr_lab_n").set_value(1000)
    at.slider(key="tr_lab_epochs").set_value(1)
    at.button(key="tr_lab_start").click().run()
    assert not at.exception
    deadline = time.time() + 150
    while time.time() < deadline:
        time.sleep(2)
        at.run()
        frames = at.dataframe
        table = frames[-1].value if frames else None
        if (
            table is not None
            and "exact match (free-running)" in table
            and (table["exact match (free-running)"] != "–").all()
        ):
            break
    assert not at.exception
    assert list(table["run"]) == [
        "en-ko · teacher forcing on (ratio 1.0)",
        "en-ko · teacher forcing off (ratio 0.0)",
    ]
    assert (table["exact match (free-running)"] != "–").all()


def test_page_in_korean():
    at = apptest("app_pages/translate.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == TEXT["ko"]["title"]
    assert any("정답" in s.value for s in at.success)
