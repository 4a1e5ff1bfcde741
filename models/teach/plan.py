"""What the two learners of one teach session train and validate on, from the stated split: a hold-out split
trains on its training fold and validates on the held-out fold; k-fold trains on everything without validation
(the k-fold models are trained later, by evaluate)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.teach.evaluate import Split


@dataclass
class TrainingSets:
    train: np.ndarray  # indices of the images both learners train on
    probe_val: (
        tuple[np.ndarray, np.ndarray] | None
    )  # (features, labels) the linear probe validates on, or None
    scratch_val: tuple[np.ndarray, np.ndarray] | None  # (pixels, labels) the small CNN validates on, or None


def training_sets(split: Split, feats: np.ndarray, pixels: np.ndarray, labels: np.ndarray) -> TrainingSets:
    """``feats`` (N, D) frozen features, ``pixels`` (N, 3, 32, 32), ``labels`` (N,) -> the sets of both learners."""
    if split.kind == "holdout":
        train, test = split.folds[0]
        return TrainingSets(train, (feats[test], labels[test]), (pixels[test], labels[test]))
    return TrainingSets(np.arange(len(labels)), None, None)
