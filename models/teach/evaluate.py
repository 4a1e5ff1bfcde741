"""Held-out accuracy by a stated split, the same for the linear probe and the small CNN.

* every class has at least ``HOLDOUT_MIN`` (10) images: one stratified hold-out split, ``TEST_FRACTION`` (30 %) of
  each class held out, seeded;
* otherwise: stratified k-fold cross-validation with k = min(5, images in the smallest class) (every image is
  tested exactly once, by a model that never saw it);
* a given test set (``DIR/train`` + ``DIR/test``): trained on train, tested on test.

A class with fewer than 2 images cannot be measured (InputError says which).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import StratifiedKFold, train_test_split

from ..errors import InputError
from .learners import MakeTrainer, probabilities

HOLDOUT_MIN = 10  # images per class needed for a hold-out split
TEST_FRACTION = 0.3  # share of each class held out
MAX_FOLDS = 5


@dataclass
class Split:
    kind: str  # "holdout", "kfold" or "given"
    folds: list[tuple[np.ndarray, np.ndarray]]  # (train indices, test indices) per fold
    seed: int = 0  # what drew it

    @property
    def k(self) -> int:
        return len(self.folds)

    def describe(self) -> str:
        """The split in one English sentence (the page has its own EN/KO)."""
        if self.kind == "holdout":
            return (
                f"stratified hold-out: {TEST_FRACTION:.0%} of each class held out "
                f"({len(self.folds[0][1])} test images), seed {self.seed}"
            )
        if self.kind == "kfold":
            return (
                f"stratified {self.k}-fold cross-validation (a class has fewer than {HOLDOUT_MIN} images; every "
                f"image is tested once by a model that did not see it), seed {self.seed}"
            )
        return "the given test folder"


def plan_split(labels, seed: int = 0, names: list[str] | None = None) -> Split:
    y = np.asarray(labels)
    counts = np.bincount(y)
    present = counts[counts > 0]
    if len(present) < 2:
        raise InputError("at least 2 classes with images are needed")
    if present.min() < 2:
        c = int(np.flatnonzero((counts > 0) & (counts < 2))[0])
        name = names[c] if names else str(c)
        raise InputError(f"class '{name}' has 1 image: at least 2 per class are needed to measure accuracy")
    idx = np.arange(len(y))
    if present.min() >= HOLDOUT_MIN:
        tr, te = train_test_split(idx, test_size=TEST_FRACTION, stratify=y, random_state=seed)
        return Split("holdout", [(np.sort(tr), np.sort(te))], seed)
    k = int(min(MAX_FOLDS, present.min()))
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return Split("kfold", [(tr, te) for tr, te in skf.split(idx, y)], seed)


def given_split(n_train: int, n_test: int) -> Split:
    """Images 0..n_train-1 train, the next n_test test (the CLI's DIR/train + DIR/test)."""
    return Split("given", [(np.arange(n_train), np.arange(n_train, n_train + n_test))])


@dataclass
class Evaluation:
    index: np.ndarray  # (M,) which image each tested row is
    y_true: np.ndarray  # (M,)
    y_pred: np.ndarray  # (M,)
    confidence: np.ndarray  # (M,) probability of the predicted class
    matrix: np.ndarray  # (classes, classes), rows = true, columns = predicted
    per_class: dict[str, float | None]  # class name -> accuracy (None: no test image of it)
    accuracy: float  # over all tested rows
    split: Split  # how it was measured

    def to_dict(self) -> dict:
        return {
            "test_accuracy": round(self.accuracy, 4),
            "per_class": {k: (None if v is None else round(v, 4)) for k, v in self.per_class.items()},
            "split": self.split.describe(),
        }

    def mistakes(self) -> list[int]:
        """Rows that were wrong, most confident mistakes first."""
        wrong = np.flatnonzero(self.y_true != self.y_pred)
        return wrong[np.argsort(-self.confidence[wrong], kind="stable")].tolist()


def evaluate(
    inputs: torch.Tensor, labels, classes: list[str], split: Split, make_trainer: MakeTrainer, trained=None
) -> Evaluation:
    """Train one model per fold with ``make_trainer(x, y)`` (run in this thread) and test it on the fold's test
    images. ``trained``: an already trained model for a single-fold split (the page's live run) is used instead
    of training again."""
    y = np.asarray(labels)
    rows, preds, probs_max = [], [], []
    for tr, te in split.folds:
        if trained is not None and split.k == 1:
            model = trained
        else:
            trainer = make_trainer(inputs[tr], y[tr])
            trainer.run()
            model = trainer.model
        p = probabilities(model, inputs[te])  # (len(te), classes)
        rows.append(te)
        preds.append(p.argmax(1))
        probs_max.append(p.max(1))
    index = np.concatenate(rows)
    y_pred = np.concatenate(preds)
    y_true = y[index]
    k = len(classes)
    cm = confusion_matrix(y_true, y_pred, labels=list(range(k)))
    per_class = {classes[i]: (float(cm[i, i] / cm[i].sum()) if cm[i].sum() else None) for i in range(k)}
    return Evaluation(
        index,
        y_true,
        y_pred,
        np.concatenate(probs_max),
        cm,
        per_class,
        float((y_true == y_pred).mean()),
        split,
    )
