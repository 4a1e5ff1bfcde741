"""The names page's "not sure": a threshold on the top probability, chosen on the validation split only."""

from __future__ import annotations

import pytest
import torch
from util import apptest

from models.rnn import confidence as C
from models.rnn.names import LOCALES, load_names
from models.rnn.predict import analyse, bundled


def test_choose_threshold_is_the_lowest_grid_value_reaching_the_target():
    # 10 names: the confident ones are right, the unsure ones mostly wrong
    top = torch.tensor([0.95, 0.9, 0.85, 0.7, 0.6, 0.5, 0.45, 0.4, 0.3, 0.2])
    ok = torch.tensor([1, 1, 1, 1, 0, 1, 0, 0, 0, 1], dtype=torch.bool)
    # at 0.7: 4 answered, all right; at 0.6: 5 answered, 4 right (0.8); at 0.5: 6 answered, 5 right (0.83)
    assert C.choose_threshold(top, ok, target=1.0, grid=(0.3, 0.5, 0.6, 0.7, 0.9)) == 0.7
    assert C.choose_threshold(top, ok, target=0.8, grid=(0.3, 0.5, 0.6, 0.7, 0.9)) == 0.5
    c = C.coverage(top, ok, 0.5)
    assert (c.answered, round(c.accuracy_answered, 3), c.accuracy_all) == (0.6, 0.833, 0.6)
    with pytest.raises(ValueError):
        C.choose_threshold(top, ok, target=0.0)


def test_verdict_says_not_sure_below_the_threshold():
    assert C.verdict([0.2, 0.5, 0.3], ["a", "b", "c"], 0.6) == {"sure": False, "label": "b", "prob": 0.5}
    assert C.verdict([0.1, 0.7, 0.2], ["a", "b", "c"], 0.6)["sure"]


def test_bundled_threshold_comes_from_validation_and_holds_on_test():
    r = C.bundled_abstention()
    model, vocab, _ = bundled()
    data = load_names()
    top, ok = C._top_and_correct(model, vocab, list(data.val))
    # re-derived from the validation split: the lowest grid value whose answered names reach the target
    assert r["threshold"] == C.choose_threshold(top, ok, r["target"])
    assert r["val"]["accuracy_answered"] >= r["target"]
    lower = max((t for t in C.GRID if t < r["threshold"]), default=None)
    if lower is not None:
        assert C.coverage(top, ok, lower).accuracy_answered < r["target"]
    # it is a real trade-off: fewer names answered, the answered ones more often right, on the unseen test split
    assert 0.3 < r["test"]["answered"] < 1.0
    assert r["test"]["accuracy_answered"] > r["test"]["accuracy_all"] + 0.05


def _page_text(at) -> str:
    parts = [
        e.value for kind in ("markdown", "caption", "success", "warning", "error") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_names_page_lists_the_classes_and_says_not_sure_when_unsure():
    at = apptest("app_pages/names.py").run()
    assert not at.exception
    text = _page_text(at)
    assert all(label in text for label in LOCALES.values())  # the 12 classes, next to the input
    threshold = C.bundled_abstention()["threshold"]
    assert f"{threshold:.0%}" in text
    seen = set()
    for name in ("Virtanen", "Kowalski", "Nguyen", "Smith", "Rossi", "Papadopoulos", "Jansen", "Yılmaz"):
        at.text_input(key="name").set_value(name).run()
        assert not at.exception
        probs = analyse(name)["probs"]
        sure = max(probs) >= threshold
        seen.add(sure)
        warnings = " ".join(w.value for w in at.warning)
        successes = " ".join(m.value for m in at.markdown if "cl-big-value" in m.value)  # big_result
        if sure:
            assert "Not sure" not in warnings and f"{max(probs):.0%}" in successes, name
        else:
            assert "Not sure" in warnings and f"{max(probs):.0%}" in warnings, name
    assert seen == {True, False}  # both cases were exercised


def test_names_page_korean_translates_the_nationalities():
    at = apptest("app_pages/names.py")
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception
    spec = at.get("plotly_chart")[0].proto.spec
    text = _page_text(at) + spec
    for english in LOCALES.values():
        assert english not in text, english
    assert "핀란드" in text and "튀르키예" in text
