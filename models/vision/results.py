"""What the classify page computes around a classifier's answer: a picture's fingerprint (the result belongs to it),
top-k with the latency measured now, and the order of classes offered for Grad-CAM."""

from __future__ import annotations

import hashlib
import time
from typing import Any

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
    probs, times = _timed(lambda: clf.probabilities(x)[0], repeats)
    return clf.top(probs, top), 1000 * float(np.median(times))


def _timed(fn, repeats: int) -> tuple[Any, list[float]]:
    """``fn()`` called ``repeats`` times: (its last result, the seconds of each call)."""
    out, times = None, []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, times


def explained_classify(clf: Classifier, x, fmap_layer: str = "", top: int = 5, repeats: int = 1) -> dict:
    """One picture's result from one forward pass (:func:`models.vision.explain.one_pass`): ``preds`` (top-k),
    ``ms`` (the median forward latency, measured now: the pass itself plus ``repeats - 1`` plain forwards),
    ``acts`` (Grad-CAM's activations for :func:`~models.vision.explain.gradcam_from`, None for an unknown
    architecture) and ``fmaps`` (``fmap_layer``'s feature maps, up to 32, or None)."""
    import torch

    from models.vision import explain

    (logits, acts, fmaps), first = _timed(lambda: explain.one_pass(clf.model, x, fmap_layer, limit=32), 1)
    _, more = _timed(lambda: clf.probabilities(x), repeats - 1)
    probs = torch.softmax(logits, dim=1)[0]
    return {
        "preds": clf.top(probs, top),
        "ms": 1000 * float(np.median(first + more)),
        "acts": acts,
        "fmaps": fmaps,
    }


def class_order(preds: list[dict], n_classes: int) -> list[int]:
    """Every class index once: the predicted top classes first (in their order), then the rest ascending."""
    top = [p["index"] for p in preds]
    return top + [i for i in range(n_classes) if i not in top]
