"""AppTest for the two RNN pages: they render, the main controls work, both languages have the same keys."""

from __future__ import annotations

import json
import time

import pytest
from util import ROOT, apptest


def _text_table(path: str) -> dict:
    """TEXT of a page without running it as a Streamlit script."""
    import ast

    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "TEXT":
            return ast.literal_eval(node.value)
    raise AssertionError("no TEXT")


@pytest.mark.parametrize("path", ["app_pages/names.py", "app_pages/rnn_inside.py"])
def test_both_languages_have_the_same_keys(path):
    text = _text_table(path)
    assert set(text["en"]) == set(text["ko"])
    for key in text["en"]:
        assert text["ko"][key].count("{") == text["en"][key].count("{"), key


def _spec(at, i):
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def test_names_page_prediction_prefix_plot_and_errors():
    at = apptest("app_pages/names.py").run()
    assert not at.exception
    at.text_input(key="name").set_value("Yılmaz").run()
    assert not at.exception
    charts = at.get("plotly_chart")
    prefix = next(
        json.loads(c.proto.spec)
        for c in charts
        if "ticktext" in json.loads(c.proto.spec)["layout"].get("xaxis", {})
    )
    assert prefix["layout"]["xaxis"]["ticktext"] == ["Y", "Yı", "Yıl", "Yılm", "Yılma", "Yılmaz"]
    metrics = {m.label: m.value for m in at.metric}
    assert any("n-gram" in k for k in metrics) and all(v.endswith("%") for v in metrics.values())
    at.text_input(key="name").set_value("1234").run()
    assert not at.exception and at.error  # plain sentence, no traceback
    at.text_input(key="batch").set_value("Li, Virtanen, Abbott").run()
    assert not at.exception
    assert any(
        "·" in json.dumps(_spec(at, i), ensure_ascii=False) for i in range(len(at.get("plotly_chart")))
    )


def test_names_page_korean():
    at = apptest("app_pages/names.py")
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception and at.title[0].value.startswith("이름")


def test_rnn_inside_page_step_table_and_gradient_run():
    at = apptest("app_pages/rnn_inside.py").run()
    assert not at.exception
    assert "torch.nn.RNN" in at.caption[0].value or any("torch.nn.RNN" in c.value for c in at.caption)
    at.text_input(key="step_text").set_value("xyz").run()
    assert at.error and not at.exception
    at.text_input(key="step_text").set_value("hello").run()
    assert len(at.table[0].value) == 5
    # a tiny side-by-side run: T = 5, one epoch, vanilla RNN only; the trained curve appears when it finishes
    at.slider(key="T").set_value(5)
    at.slider(key="grad_epochs").set_value(1)
    at.multiselect(key="cells").set_value(["rnn"])
    at.run()
    at.button(key="start_grad").click().run()
    assert not at.exception
    deadline = time.time() + 90
    names = []
    while time.time() < deadline:
        time.sleep(1)
        at.run()
        names = [d.get("name") for d in _spec(at, 0)["data"]]
        if any("trained" in (n or "") for n in names):
            break
    assert "rnn (init)" in names and "rnn (trained)" in names
    assert _spec(at, 0)["layout"]["yaxis"]["type"] == "log"
