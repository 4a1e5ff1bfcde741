"""Quality (seeded, measured here): with 12 images per class the linear probe on frozen Lite0 features reaches
>= 95 % on held-out images of a shapes-by-shape set and of MNIST digits; the small CNN from scratch is measured on
the same images (on shapes it must lose clearly: that is the page's lesson)."""

from __future__ import annotations

import numpy as np
import pytest

from models.teach.data import sample_images
from models.teach.features import Backbone, FeatureCache, extract, gradcam_image, predict_image
from models.teach.learners import head_trainer
from models.teach.measure import probe_vs_scratch


@pytest.fixture(scope="module")
def backbone():
    return Backbone()


def test_probe_beats_95_percent_on_shapes_and_the_scratch_cnn_does_not(backbone):
    r = probe_vs_scratch("shapes", ("circle", "square", "triangle"), 12, 25, backbone=backbone)
    assert r["test_images"] >= 70
    assert r["probe_accuracy"] >= 0.95, r
    assert r["scratch_accuracy"] < r["probe_accuracy"] - 0.2, r


def test_probe_beats_95_percent_on_mnist_digits(backbone):
    r = probe_vs_scratch("digits", ("0", "1", "2"), 12, 25, backbone=backbone)
    assert r["test_images"] >= 70
    assert r["probe_accuracy"] >= 0.95, r
    assert 0.0 <= r["scratch_accuracy"] <= 1.0


def test_features_are_cached_by_content(backbone):
    items = sample_images("photos", "coffee", 3, seed=9)
    cache = FeatureCache()
    calls = []
    f1 = extract(backbone, items + items[:1], cache, progress=lambda d, t: calls.append((d, t)))
    assert f1.shape == (4, 1280) and np.allclose(f1[0], f1[3])
    assert cache.misses == 3 and calls[-1] == (3, 3)  # the repeated picture went through the network once
    f2 = extract(backbone, items, cache)
    assert cache.misses == 3 and cache.hits == 1 + 3 and np.allclose(f1[:3], f2)


def test_prediction_and_gradcam_through_backbone_and_head(backbone):
    cats = sample_images("photos", "chelsea", 6, seed=1)
    cups = sample_images("photos", "coffee", 6, seed=1)
    f = extract(backbone, cats + cups)
    t = head_trainer(f, [0] * 6 + [1] * 6, 2)
    t.run()
    new_cat = sample_images("photos", "chelsea", 1, seed=7)[0]
    probs = predict_image(backbone, t.model, new_cat)
    assert probs.shape == (2,) and probs.argmax() == 0 and abs(probs.sum() - 1) < 1e-5
    heat, seen = gradcam_image(backbone, t.model, new_cat, 0)
    assert heat.shape == (224, 224) and seen.shape == (224, 224, 3) and seen.dtype == np.uint8
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0)
