"""Reading a teach session's results: how far the linear probe is ahead of the small CNN, and one picture's
classes ranked by probability."""

from __future__ import annotations

import numpy as np

from models.teach.evaluate import Evaluation

#: the probe "wins" the lesson when it is this many accuracy points ahead of the small CNN
WIN_POINTS = 10


def points_ahead(probe: Evaluation, scratch: Evaluation) -> float:
    """Accuracy points (0-100 scale) by which the probe beats the small CNN (negative when behind)."""
    return (probe.accuracy - scratch.accuracy) * 100


def ranked(probs: np.ndarray, classes: list[str]) -> list[tuple[str, float]]:
    """(class, probability) pairs, most probable first; ``probs`` (classes,)."""
    return [(classes[i], float(probs[i])) for i in np.argsort(-probs)]
