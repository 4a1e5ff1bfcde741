"""The five lecture experiments give the direction the lecture predicts, on their fixed seed (real training runs,
8×8 digits, the exact configs the page's buttons launch)."""

from __future__ import annotations

import math

import pytest

from models.lab.experiments import EXPERIMENTS, get_experiment
from models.lab.lab import build_run
from models.training import TrainingSlots


def _history(cfg):
    run = build_run(cfg, slots=TrainingSlots(1))
    try:
        run.trainer.run()
    except FloatingPointError:  # a diverging run ends as "failed"; its history so far is what we compare
        assert run.trainer.state == "failed"
    return run.trainer.history.snapshot(), run.trainer


def test_five_experiments_differ_in_exactly_the_advertised_knob():
    assert list(EXPERIMENTS) == ["relu_sigmoid", "dropout", "momentum", "high_lr", "plateau"]
    for exp in EXPERIMENTS.values():
        a, b = exp.pair()
        da, db = a.to_dict(), b.to_dict()
        assert sorted(k for k in da if da[k] != db[k]) == exp.differing()
    with pytest.raises(ValueError, match="relu_sigmoid, dropout"):
        get_experiment("batchnorm")


@pytest.mark.parametrize("key", list(EXPERIMENTS))
def test_lecture_prediction_holds(key):
    exp = EXPERIMENTS[key]
    cfg_a, cfg_b = exp.pair()
    (ha, ta), (hb, tb) = _history(cfg_a), _history(cfg_b)
    assert len(ha["batches"]) > 0 and len(hb["batches"]) > 0
    if key != "high_lr":  # both sides train to the end; the same number of batches
        assert len(ha["batches"]) == len(hb["batches"])
    assert exp.expect(ha, hb), (key, ha["epochs"][-1:], hb["epochs"][-1:])
    if key == "relu_sigmoid":
        assert hb["epochs"][-1]["val_acc"] < 0.3 < ha["epochs"][-1]["val_acc"]  # sigmoid still near chance
    if key == "high_lr":
        last_b = hb["batches"][-1]["loss"]
        assert tb.state == "failed" or not math.isfinite(last_b) or last_b > 2.0
    if key == "plateau":
        assert [e["reason"] for e in ha["events"]] and not hb["events"]
        assert ta.lr < cfg_a.lr
