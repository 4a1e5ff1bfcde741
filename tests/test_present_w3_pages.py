"""Issue 16 on the translation, tagging and training-lab pages (AppTest): a link with parameters reproduces the
state (the widgets hold the values AND the result equals a run with the same widgets set by hand), invalid or
unknown parameters give one note and no exception, Reset restores the defaults and cleans the URL (a finished
training run of the session survives), and every chart exports PNG under a meaningful name."""

from __future__ import annotations

import json
import os
import time

import pytest
from util import apptest

from models.tagging import treebank
from ui.lab import URL as LAB_URL
from ui.tagger import URL as TAGGER_URL
from ui.translate import URL as TRANSLATE_URL

os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")  # shared test machine: one torch thread per process

TRANSLATE, TAGGER, LAB = "app_pages/translate.py", "app_pages/tagger.py", "app_pages/train_lab.py"


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _big(at) -> list[str]:
    return [m.value for m in at.markdown if "cl-big-value" in m.value]


def _notes(at) -> list[str]:
    return [c.value for c in at.caption if "Ignored in the link" in c.value]


def _chart_names(at) -> list[str]:
    return [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]


def _open(page: str, **params):
    at = apptest(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at) -> str:
    return "".join(e.proto.body for e in at.get("html"))


# -- translate ---------------------------------------------------------------------------------------------------
TR_LINK = {
    "text": "구십구만 구천구백구십구",
    "dir": "ko-en",
    "model": "noattn",
    "beam": "3",
    "rl": "ko",
    "ldir": "ko-en",
    "ln": "1000",
    "lep": "3",
}


def test_translate_link_reproduces_the_state_and_the_translation():
    at = _open(TRANSLATE, **TR_LINK)
    assert at.text_input(key="tr_text").value == TR_LINK["text"]
    assert at.selectbox(key="tr_dir").value == "ko-en" and at.radio(key="tr_model").value == "noattn"
    assert at.slider(key="tr_beam").value == 3 and at.radio(key="tr_rand_lang").value == "ko"
    assert at.selectbox(key="tr_lab_dir").value == "ko-en" and at.select_slider(key="tr_lab_n").value == 1000
    assert at.slider(key="tr_lab_epochs").value == 3
    assert not _notes(at)
    by_hand = apptest(TRANSLATE).run()
    by_hand.text_input(key="tr_text").set_value(TR_LINK["text"])
    by_hand.selectbox(key="tr_dir").set_value("ko-en")
    by_hand.radio(key="tr_model").set_value("noattn")
    by_hand.slider(key="tr_beam").set_value(3).run()
    assert not by_hand.exception
    assert _big(at) == _big(by_hand) and "nine hundred" in _big(at)[0]
    assert (
        _qp(by_hand).items()
        >= {"text": TR_LINK["text"], "dir": "ko-en", "model": "noattn", "beam": "3"}.items()
    )


def test_translate_bad_link_gives_one_note_and_the_defaults():
    at = _open(TRANSLATE, model="nope", beam="99", ln="1234", text="x" * 401, zzz="1", dir="ko-en")
    notes = _notes(at)
    assert len(notes) == 1 and all(s in notes[0] for s in ("model=nope", "beam=99", "ln=1234", "zzz"))
    assert at.radio(key="tr_model").value == "attn" and at.slider(key="tr_beam").value == 1
    assert at.text_input(key="tr_text").value == TRANSLATE_URL.params["text"].default
    assert at.selectbox(key="tr_dir").value == "ko-en"  # the valid one was kept
    assert set(_qp(at)) == {"dir"}


def test_translate_reset_restores_defaults_and_cleans_the_url():
    at = _open(TRANSLATE, lang="ko", present="1")
    at.radio(key="tr_model").set_value("noattn")
    at.slider(key="tr_beam").set_value(4).run()
    assert _qp(at).get("model") == "noattn" and _qp(at).get("beam") == "4"
    at.button(key="_reset_translate").click().run()
    assert not at.exception
    assert at.radio(key="tr_model").value == "attn" and at.slider(key="tr_beam").value == 1
    assert not set(TRANSLATE_URL.params) & set(_qp(at))
    assert _qp(at).get("lang") == "ko" and _qp(at).get("present") == "1"


def test_translate_charts_have_meaningful_png_names():
    names = _chart_names(_open(TRANSLATE))
    assert names == [
        "translate-attention-en-ko-attn",
        "translate-accuracy-by-length-en-ko",
        "translate-accuracy-by-length-ko-en",
    ]


# -- tagger ------------------------------------------------------------------------------------------------------
TG_LINK = {
    "text": "I can fish.",
    "model": "tagger_unilstm",
    "src": "upload",
    "n": "1000",
    "arch": "unilstm",
    "ep": "6",
}


def test_tagger_link_reproduces_the_state_and_the_tags():
    at = _open(TAGGER, **TG_LINK)
    assert at.text_area(key="tagger_text").value == "I can fish."
    assert at.selectbox(key="tagger_model").value == "tagger_unilstm"
    assert at.radio(key="tagger_src").value == "upload"
    assert at.selectbox(key="tagger_arch").value == "unilstm" and at.slider(key="tagger_epochs").value == 6
    assert not _notes(at)
    by_hand = apptest(TAGGER).run()
    by_hand.text_area(key="tagger_text").set_value("I can fish.")
    by_hand.selectbox(key="tagger_model").set_value("tagger_unilstm")
    next(b for b in by_hand.button if b.label == "Tag").click().run()  # the form's Tag button
    assert not by_hand.exception
    chips = _html(at).split("tg-cmp")[0]  # the tagged text (before the comparison tables)
    assert chips.count("<span class='tg-chip'") == 4 and chips == _html(by_hand).split("tg-cmp")[0]
    # the sample size slider (shown with the sample source)
    at2 = _open(TAGGER, n="1000")
    assert at2.slider(key="tagger_sample_n").value == 1000 and _qp(at2) == {"n": "1000"}


def test_tagger_bad_link_gives_one_note_and_the_defaults():
    at = _open(TAGGER, model="tagger-3", n="2001", arch="gru", ep="0", zzz="1", text="The dog barks.")
    notes = _notes(at)
    assert len(notes) == 1 and all(
        s in notes[0] for s in ("model=tagger-3", "n=2001", "arch=gru", "ep=0", "zzz")
    )
    assert (
        at.selectbox(key="tagger_model").value == "tagger_bilstm"
        and at.slider(key="tagger_sample_n").value == 500
    )
    assert at.text_area(key="tagger_text").value == "The dog barks."
    assert set(_qp(at)) == {"text"}


@pytest.mark.skipif(
    treebank.find_file() is None and os.environ.get("CI") != "true",
    reason="the UD English-EWT dev file is not on this machine (python -m models data download "
    "ud-english-ewt)",
)
def test_tagger_reset_keeps_a_finished_run_and_its_curves_are_named():
    at = _open(TAGGER)
    at.slider(key="tagger_sample_n").set_value(100)
    at.slider(key="tagger_epochs").set_value(1)
    at.button(key="tagger_start").click().run()
    assert not at.exception and not at.error
    deadline = time.time() + 120
    while time.time() < deadline and not any("Held-out accuracy:" in c.value for c in at.caption):
        time.sleep(0.5)
        at.run()
    assert any("Held-out accuracy:" in c.value for c in at.caption)
    assert _big(at) and "%" in _big(at)[-1]
    names = _chart_names(at)
    assert names and all(n.startswith("tagger-curves-") for n in names)
    at.selectbox(key="tagger_model").set_value("tagger-1")
    next(b for b in at.button if b.label == "Tag").click().run()  # a box in the form: applied on submit
    assert _qp(at).get("model") == "tagger-1" and _qp(at).get("n") == "100"
    at.button(key="_reset_tagger").click().run()
    assert not at.exception
    assert (
        at.selectbox(key="tagger_model").value == "tagger_bilstm"
        and at.slider(key="tagger_sample_n").value == 500
    )
    assert not set(TAGGER_URL.params) & set(_qp(at))
    assert any(
        o.startswith("my model: ") for o in at.selectbox(key="tagger_model").options
    )  # the run survived
    assert _chart_names(at)  # and its curves are still shown


# -- training lab ------------------------------------------------------------------------------------------------
LAB_LINK = {
    "ds": "digits8x8",
    "size": "400",
    "arch": "mlp",
    "act": "tanh",
    "bn": "1",
    "drop": "0.2",
    "opt": "adam",
    "bs": "32",
    "lr": "0.01",
    "sched": "step",
    "ep": "3",
    "seed": "7",
    "floor": "0.1",
    "smooth": "0.3",
}


def _lab_knobs(at) -> dict:
    return {
        "ds": at.selectbox(key="lab-dataset").value,
        "size": at.slider(key="lab-train-size-digits8x8").value,
        "arch": at.selectbox(key="lab-model").value,
        "act": at.radio(key="lab-activation").value,
        "bn": at.toggle(key="lab-bn").value,
        "drop": at.slider(key="lab-dropout").value,
        "opt": at.selectbox(key="lab-optimizer").value,
        "bs": at.select_slider(key="lab-batch").value,
        "lr": at.select_slider(key="lab-lr").value,
        "sched": at.selectbox(key="lab-schedule").value,
        "ep": at.number_input(key="lab-epochs").value,
        "seed": at.number_input(key="lab-seed").value,
        "floor": at.select_slider(key="lab-step-floor").value,
    }


def _metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def test_lab_link_reproduces_every_knob_and_the_network():
    from models.lab.nets import ACTIVATIONS, ARCHITECTURES
    from models.training import OPTIMIZERS, SCHEDULES

    assert {"mlp", "tanh", "adam", "step"} <= set(ARCHITECTURES) | set(ACTIVATIONS) | set(OPTIMIZERS) | set(
        SCHEDULES
    )
    at = _open(LAB, **LAB_LINK)
    assert not _notes(at)
    want = {
        "ds": "digits8x8",
        "size": 400,
        "arch": "mlp",
        "act": "tanh",
        "bn": True,
        "drop": 0.2,
        "opt": "adam",
        "bs": 32,
        "lr": 0.01,
        "sched": "step",
        "ep": 3,
        "seed": 7,
        "floor": 0.1,
    }
    assert _lab_knobs(at) == want
    by_hand = apptest(LAB).run()
    by_hand.selectbox(key="lab-dataset").set_value("digits8x8").run()
    by_hand.slider(key="lab-train-size-digits8x8").set_value(400)
    by_hand.selectbox(key="lab-model").set_value("mlp")
    by_hand.radio(key="lab-activation").set_value("tanh")
    by_hand.toggle(key="lab-bn").set_value(True)
    by_hand.slider(key="lab-dropout").set_value(0.2)
    by_hand.selectbox(key="lab-optimizer").set_value("adam")
    by_hand.select_slider(key="lab-batch").set_value(32)
    by_hand.select_slider(key="lab-lr").set_value(0.01)
    by_hand.selectbox(key="lab-schedule").set_value("step")
    by_hand.number_input(key="lab-epochs").set_value(3)
    by_hand.number_input(key="lab-seed").set_value(7)
    by_hand.select_slider(key="lab-step-floor").set_value(0.1).run()
    assert not by_hand.exception
    assert _lab_knobs(by_hand) == want
    assert _metrics(at) == _metrics(by_hand) and len(_metrics(at)) == 2  # parameters and mult-adds
    assert {k: v for k, v in _qp(by_hand).items() if k != "smooth"} == {
        k: v for k, v in LAB_LINK.items() if k != "smooth"
    }


def test_lab_bad_link_gives_one_note_and_the_defaults():
    at = _open(LAB, lr="0.02", bs="100", drop="0.9", ep="31", size="15", arch="vit", zzz="1", seed="5")
    notes = _notes(at)
    assert len(notes) == 1
    assert all(
        s in notes[0] for s in ("lr=0.02", "bs=100", "drop=0.9", "ep=31", "size=15", "arch=vit", "zzz")
    )
    assert at.select_slider(key="lab-lr").value == 0.03 and at.select_slider(key="lab-batch").value == 128
    assert at.slider(key="lab-dropout").value == 0.5 and at.number_input(key="lab-epochs").value == 5
    assert at.number_input(key="lab-seed").value == 5
    assert set(_qp(at)) == {"seed"}


def test_lab_reset_keeps_the_finished_run_and_every_chart_is_named():
    at = _open(LAB, ds="digits8x8", size="200", bs="32", ep="1", lr="0.1")
    at.button(key="lab-start").click().run()
    deadline = time.time() + 120
    while time.time() < deadline and "finished" not in " ".join(p.proto.text for p in at.get("progress")):
        time.sleep(0.5)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    at.run()
    names = _chart_names(at)
    assert "newplot" not in names and "train-lab-compare-curves" in names
    assert {
        "train-lab-curves-run1-LeNet-5",
        "train-lab-confusion-run1-LeNet-5",
        "train-lab-per-class-run1-LeNet-5",
    } <= set(names), names
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Table as CSV", "Curves as CSV"} <= labels
    assert _big(at) and "%" in _big(at)[0]
    at.select_slider(key="lab-lr").set_value(0.3).run()
    assert _qp(at).get("lr") == "0.3" and _qp(at).get("size") == "200"
    at.button(key="_reset_train_lab").click().run()
    assert not at.exception
    assert not set(LAB_URL.params) & set(_qp(at))
    assert at.select_slider(key="lab-lr").value == 0.03 and at.selectbox(key="lab-dataset").value == "mnist5k"
    assert at.selectbox(key="lab-inspect-id").options  # the finished run is still there to inspect
    assert "train-lab-compare-curves" in _chart_names(at)
