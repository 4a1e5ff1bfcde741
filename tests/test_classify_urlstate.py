"""Issue 16 on the image-classification page: a link reproduces the state and the result, bad values give one
note, Reset restores the defaults and cleans the URL, every chart exports a named PNG, the side-by-side table
exports as CSV."""

from __future__ import annotations

import pytest
from util import apptest

PAGE = "app_pages/classify.py"
NAMES = {"view", "src", "m", "photo", "digit", "csrc", "cphoto"}


@pytest.fixture(autouse=True)
def no_imagenet_weights(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _result(at) -> str:
    return next(m.value for m in at.markdown if "cl-big-value" in m.value)


def _chart_names(at) -> list[str]:
    import json

    return [json.loads(c.proto.config)["toImageButtonOptions"]["filename"] for c in at.get("plotly_chart")]


@pytest.mark.parametrize(
    "params,widgets",
    [
        (
            {"photo": "coffee", "m": "efficientnet_lite0"},
            {"cls_photo": "coffee", "cls_model": "efficientnet_lite0"},
        ),
        (
            {"src": "digits", "digit": "7", "m": "digits"},
            {"cls_source": "digits", "cls_digit": 7, "cls_model": "digits"},
        ),
    ],
)
def test_a_link_reproduces_the_widgets_and_the_result(params, widgets):
    linked = apptest(PAGE)
    linked.query_params.update(params)
    linked.run()
    assert not linked.exception, linked.exception
    for key, value in widgets.items():
        assert linked.session_state[key] == value
    assert linked.selectbox(key="cls_model").value == widgets["cls_model"]
    assert _result(linked), "a link to an example shows its result without pressing Classify"

    by_hand = apptest(PAGE).run()
    if "cls_source" in widgets:
        by_hand.radio(key="cls_source").set_value(widgets["cls_source"]).run()
        by_hand.number_input(key="cls_digit").set_value(widgets["cls_digit"]).run()
    else:
        by_hand.selectbox(key="cls_photo").set_value(widgets["cls_photo"]).run()
    by_hand.selectbox(key="cls_model").set_value(widgets["cls_model"]).run()
    by_hand.button(key="cls_go").click().run()
    assert not by_hand.exception, by_hand.exception
    assert _result(linked) == _result(by_hand)
    assert _qp(by_hand) == dict(params.items())  # the widgets wrote the same link back
    names = _chart_names(linked)
    assert names == [f"classify-top5-{widgets['cls_model']}"]


def test_the_view_comes_from_the_link():
    at = apptest(PAGE)
    at.query_params.update(view="claims", lang="ko")
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="cls_view").value == "claims"
    assert _qp(at) == {"view": "claims", "lang": "ko"}


@pytest.mark.parametrize("lang,word", [("en", "Ignored in the link"), ("ko", "링크에서 무시한 값")])
def test_bad_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(PAGE)
    at.query_params.update(m="nope", photo="../etc/passwd", digit="1000", view="x", zzz="1", lang=lang)
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if word in c.value]
    assert len(notes) == 1
    for item in ("m=nope", "digit=1000", "view=x", "zzz"):
        assert item in notes[0]
    assert at.radio(key="cls_view").value == "classify"
    assert at.selectbox(key="cls_model").value == "auto" and at.selectbox(key="cls_photo").value == "chelsea"
    assert not NAMES & set(_qp(at))


def test_reset_restores_the_defaults_and_cleans_only_this_pages_url():
    at = apptest(PAGE)
    at.query_params.update(photo="rocket", m="digits", lang="ko", present="1")
    at.run()
    at.radio(key="cls_source").set_value("digits").run()
    at.session_state["_finished_run"] = "kept"  # stands for this session's finished trainings
    assert {"photo", "m", "src"} <= set(_qp(at))
    at.button(key="_reset_classify").click().run()
    assert not at.exception, at.exception
    assert at.radio(key="cls_source").value == "photos" and at.selectbox(key="cls_model").value == "auto"
    assert at.selectbox(key="cls_photo").value == "chelsea"
    qp = _qp(at)
    assert not NAMES & set(qp) and qp.get("lang") == "ko" and qp.get("present") == "1"
    assert at.session_state["_finished_run"] == "kept"


def test_side_by_side_charts_are_named_and_the_table_exports_as_csv():
    at = apptest(PAGE)
    at.query_params.update(view="compare", cphoto="coffee")
    at.run()
    assert at.selectbox(key="cmp_photo").value == "coffee"
    at.button(key="cmp_go").click().run()
    assert not at.exception, at.exception
    names = _chart_names(at)
    assert names and all(n.startswith("classify-compare-top5-") for n in names), names
    assert "efficientnet_lite0" in " ".join(names) and "newplot" not in names
    dl = [d for d in at.get("download_button") if "classify-side-by-side" in str(d.proto)]
    assert dl, "no CSV download of the side-by-side table"


def test_gradcam_class_and_feature_layer_come_from_the_link_and_go_back_into_it():
    """Choosing another Grad-CAM class and feature-map layer writes them into the URL; that link, opened in a
    fresh session, shows the same class and layer (and a new picture still starts at its own top class)."""
    by_hand = apptest(PAGE)
    by_hand.query_params.update(photo="chelsea", m="efficientnet_lite0")
    by_hand.run()
    target = next(s for s in by_hand.selectbox if (s.key or "").startswith("cls_target:"))
    third = target.options[2]
    target.select(third).run()
    layer_box = next(s for s in by_hand.selectbox if (s.key or "").startswith("cls_layer:"))
    last_layer = layer_box.options[-1]
    layer_box.select(last_layer).run()
    assert not by_hand.exception, by_hand.exception
    link = _qp(by_hand)
    assert link["layer"] == last_layer and int(link["cam"]) >= 0, link

    fresh = apptest(PAGE)
    fresh.query_params.update(link)
    fresh.run()
    assert not fresh.exception, fresh.exception
    t2 = next(s for s in fresh.selectbox if (s.key or "").startswith("cls_target:"))
    l2 = next(s for s in fresh.selectbox if (s.key or "").startswith("cls_layer:"))
    assert t2.value == by_hand.selectbox(key=target.key).value and l2.value == last_layer
    assert _qp(fresh) == link

    fresh.selectbox(key="cls_photo").set_value("coffee").run()  # a new picture: its own top class again
    fresh.button(key="cls_go").click().run()
    t3 = next(s for s in fresh.selectbox if (s.key or "").startswith("cls_target:"))
    assert t3.index == 0 and "cam" not in _qp(fresh)
