"""The classify page's computations on results, now in models/vision (tiles, results): grids, fingerprints,
timed top-k, the Grad-CAM class order."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from models.vision.results import class_order, image_key, timed_classify
from models.vision.tiles import tile_grid


def test_tile_grid_lays_out_gray_and_colour_tiles_with_padding():
    tiles = np.zeros((5, 3, 4))  # five 3x4 tiles, black
    img = tile_grid(tiles, cols=2, pad=1, cell=8)  # scale 8 // 4 = 2 -> 6x8 tiles, 3 rows x 2 columns
    assert img.mode == "L" and img.size == (2 * (8 + 1) + 1, 3 * (6 + 1) + 1)
    a = np.asarray(img)
    assert a[0, 0] == 255 and a[1, 1] == 0  # white padding, black tile
    assert (a[-7:-1, -9:-1] == 255).all()  # the sixth cell is empty (white)
    colour = tile_grid(np.ones((2, 2, 2, 3)) * [1.0, 0.0, 0.0], cols=2, pad=0, cell=4)
    assert colour.mode == "RGB" and colour.size == (8, 4)
    assert tuple(np.asarray(colour)[0, 0]) == (255, 0, 0)


def test_image_key_follows_pixels_and_size():
    a = Image.new("RGB", (4, 2), (10, 20, 30))
    assert image_key(a) == image_key(a.copy()) and len(image_key(a)) == 16
    assert image_key(a) != image_key(Image.new("RGB", (2, 4), (10, 20, 30)))  # same bytes, other size
    assert image_key(a) != image_key(Image.new("RGB", (4, 2), (10, 20, 31)))


def test_class_order_puts_the_top_first_and_every_class_once():
    order = class_order([{"index": 3}, {"index": 0}], 5)
    assert order == [3, 0, 1, 2, 4]


class _Fake:
    """Just what timed_classify uses of a Classifier."""

    def __init__(self):
        self.calls = 0

    def preprocess(self, img):
        return torch.zeros(1, 1, 2, 2)

    def probabilities(self, x):
        self.calls += 1
        return torch.tensor([[0.1, 0.7, 0.2]])

    def top(self, probs, top):
        idx = torch.argsort(probs, descending=True)[:top]
        return [{"index": int(i), "prob": float(probs[i])} for i in idx]


def test_timed_classify_runs_repeats_times_and_returns_top_k():
    clf = _Fake()
    preds, ms = timed_classify(clf, None, top=2, repeats=3)
    assert clf.calls == 3 and ms >= 0
    assert [p["index"] for p in preds] == [1, 2]
    clf2 = _Fake()
    timed_classify(clf2, None, top=1, repeats=1, x=torch.zeros(1, 1, 2, 2))
    assert clf2.calls == 1
