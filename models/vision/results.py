"""What the classify page computes around a classifier's answer: a picture's fingerprint (the result belongs to it),
top-k with the latency measured now, and the order of classes offered for Grad-CAM."""

from __future__ import annotations

import hashlib
import time

import numpy as np
from PIL import Image

from models.vision.classify import Classifier


def image_key(img: Image.Image) -> str:
    """A short fingerprint of the picture's pixels and size: the same picture gives the same key."""
    return hashlib.sha1(img.tobytes() + str(img.size).encode()).hexdigest()[:16]


def timed_classify(
    clf: Classifier, img: Image.Image, top: int = 5, repeats: int = 3, x=None
) -> tuple[list[dict], float]:
    """Top-k and the median forward latency in milliseconds, measured now on this machine. ``x``: the already
    preprocessed image (1, C, H, W), when the caller has it."""
    x = clf.preprocess(img) if x is None else x
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        probs = clf.probabilities(x)[0]
        times.append(time.perf_counter() - t0)
    return clf.top(probs, top), 1000 * float(np.median(times))


def class_order(preds: list[dict], n_classes: int) -> list[int]:
    """Every class index once: the predicted top classes first (in their order), then the rest ascending."""
    top = [p["index"] for p in preds]
    return top + [i for i in range(n_classes) if i not in top]
