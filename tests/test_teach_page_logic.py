"""What the teach page computes, now in models/teach: the learners' training and validation sets from the stated
split, the probe's lead over the small CNN, and one picture's classes ranked."""

from __future__ import annotations

import numpy as np

from models.teach.compare import WIN_POINTS, points_ahead, ranked
from models.teach.evaluate import Evaluation, Split, plan_split
from models.teach.plan import training_sets


def _data(per_class: int, classes: int = 2):
    labels = np.repeat(np.arange(classes), per_class)
    feats = np.arange(len(labels) * 3, dtype=np.float32).reshape(-1, 3)  # (N, 3): row i starts at 3i
    pixels = np.zeros((len(labels), 3, 32, 32), dtype=np.float32)
    pixels[:, 0, 0, 0] = np.arange(len(labels))
    return labels, feats, pixels


def test_holdout_trains_on_the_training_fold_and_validates_on_the_rest():
    labels, feats, pixels = _data(10)
    split = plan_split(labels, seed=0)
    assert split.kind == "holdout"
    sets = training_sets(split, feats, pixels, labels)
    train, test = split.folds[0]
    assert np.array_equal(sets.train, train)
    px, py = sets.probe_val
    assert np.array_equal(px[:, 0] / 3, test) and np.array_equal(py, labels[test])
    sx, sy = sets.scratch_val
    assert np.array_equal(sx[:, 0, 0, 0], test) and np.array_equal(sy, labels[test])
    assert not set(sets.train) & set(test)


def test_kfold_trains_on_everything_without_validation():
    labels, feats, pixels = _data(3)
    split = plan_split(labels, seed=0)
    assert split.kind == "kfold"
    sets = training_sets(split, feats, pixels, labels)
    assert np.array_equal(sets.train, np.arange(6)) and sets.probe_val is None and sets.scratch_val is None


def _evaluation(accuracy: float) -> Evaluation:
    empty = np.zeros(0)
    return Evaluation(empty, empty, empty, empty, np.zeros((2, 2)), {}, accuracy, Split("given", []))


def test_points_ahead_and_ranked():
    assert np.isclose(points_ahead(_evaluation(0.9), _evaluation(0.75)), 15)
    assert points_ahead(_evaluation(0.5), _evaluation(0.6)) < 0
    assert WIN_POINTS == 10
    assert ranked(np.array([0.2, 0.5, 0.3]), ["a", "b", "c"]) == [("b", 0.5), ("c", 0.3), ("a", 0.2)]
