"""The five lecture experiments, one click each: a pair of configs that differ in one knob, plus the direction
the lecture predicts (checked by ``tests/test_lab_experiments.py`` on a fixed seed).

They run on the 8×8 digits by default (the dropout pair on 200 MNIST digits): a pair finishes in seconds, so a
whole class can click at once.

``pair(key, **overrides)`` returns the two :class:`LabConfig` objects; overrides (e.g. a smaller data set for
tests) apply to both sides.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .lab import LabConfig


def _final(history: dict, key: str, default: float = float("nan")) -> float:
    epochs = history.get("epochs") or []
    return float(epochs[-1].get(key, default)) if epochs else default


def _val_acc(h: dict) -> float:
    v = _final(h, "val_acc", 0.0)
    return 0.0 if math.isnan(v) else v


@dataclass(frozen=True)
class Experiment:
    key: str  # id (page text keys exp_<key>_title / exp_<key>_expect)
    base: dict  # LabConfig fields shared by both runs
    a: dict  # overrides of the first run (the lecture's recommended side)
    b: dict  # overrides of the second run
    # expect(history_a, history_b) -> True when the lecture's prediction holds (History.snapshot() dicts)
    expect: Callable[[dict, dict], bool] = field(compare=False, default=lambda a, b: True)
    metric: str = "val_acc"  # the epoch metric the page highlights

    def pair(self, **overrides) -> tuple[LabConfig, LabConfig]:
        base = {"dataset": "digits8x8", **self.base, **overrides}
        return LabConfig(**{**base, **self.a}), LabConfig(**{**base, **self.b})

    def differing(self) -> list[str]:
        return sorted(set(self.a) | set(self.b))


def _gap(h: dict) -> float:
    """Over-fitting gap at the end: validation loss minus training loss."""
    return _final(h, "val_loss") - _final(h, "train_loss")


def _lr_dropped(h: dict) -> bool:
    return any(e.get("reason") == "plateau" for e in h.get("events", []))


EXPERIMENTS: dict[str, Experiment] = {
    e.key: e
    for e in (
        # ReLU keeps gradients alive through the stack; sigmoid saturates: same batches, ReLU is far ahead.
        Experiment(
            "relu_sigmoid",
            dict(model="lenet5", dropout=0.0, optimizer="sgdm", lr=0.03, schedule="constant", epochs=3),
            dict(activation="relu"),
            dict(activation="sigmoid"),
            expect=lambda a, b: _val_acc(a) > _val_acc(b) + 0.05,
        ),
        # Few training examples + many epochs: without dropout the MLP memorises its 200 MNIST digits (training loss
        # near zero, validation loss far above it); dropout 0.5 keeps the two closer (a smaller over-fitting gap).
        # 28x28 MNIST here: on the 8x8 digits the gap is too small to see reliably (measured over seeds).
        Experiment(
            "dropout",
            dict(
                dataset="mnist5k",
                model="mlp",
                train_size=200,
                optimizer="adam",
                lr=0.003,
                schedule="constant",
                epochs=30,
                batch_size=32,
            ),
            dict(dropout=0.5),
            dict(dropout=0.0),
            expect=lambda a, b: _gap(a) < _gap(b) - 0.1,
            metric="val_loss",
        ),
        # Momentum accumulates a velocity: at the same small learning rate it gets much further.
        Experiment(
            "momentum",
            dict(model="lenet5", dropout=0.0, lr=0.01, schedule="constant", epochs=3),
            dict(optimizer="sgdm"),
            dict(optimizer="sgd"),
            expect=lambda a, b: _val_acc(a) > _val_acc(b) + 0.02,
        ),
        # A learning rate that is too high: the loss explodes (the run fails with a clear message) or stalls at chance.
        Experiment(
            "high_lr",
            dict(model="lenet5", dropout=0.0, optimizer="sgdm", schedule="constant", epochs=3),
            dict(lr=0.03),
            dict(lr=1.5),
            expect=lambda a, b: _val_acc(a) > _val_acc(b) + 0.2,
        ),
        # AlexNet's schedule: divide the learning rate by 10 when validation accuracy stops improving.
        # With a bold rate (0.08), progress stalls after a few epochs; the plateau run divides the rate by 10 there and
        # settles, the constant run keeps bouncing (seed 0: validation loss 0.263 vs 0.386, accuracy 0.947 vs 0.919).
        Experiment(
            "plateau",
            dict(model="lenet5", dropout=0.0, optimizer="sgdm", lr=0.08, batch_size=32, epochs=10),
            dict(schedule="plateau"),
            dict(schedule="constant"),
            expect=lambda a, b: _lr_dropped(a) and _final(a, "val_loss") < _final(b, "val_loss") - 0.05,
        ),
    )
}


def list_experiments() -> list[str]:
    return list(EXPERIMENTS)


def get_experiment(key: str) -> Experiment:
    try:
        return EXPERIMENTS[key]
    except KeyError:
        raise ValueError(f"unknown experiment {key!r}; choose one of {', '.join(EXPERIMENTS)}") from None


__all__ = ["EXPERIMENTS", "Experiment", "get_experiment", "list_experiments", "replace"]
