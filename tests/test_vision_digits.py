"""The bundled digits CNN: held-out accuracy re-measured, preprocessing, and digits drawn the way people draw them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from models.errors import InputError
from models.store import default_store
from models.vision.digits import (
    DigitsCNN,
    DigitsConfig,
    load_digits,
    mnist_as_image,
    predict_digit,
    preprocess_digit,
    to_tensor,
)
from models.vision.digits_train import Augment, heldout_accuracy, mnist_split, preprocess_rows

# Strokes of hand-drawn digits in a unit box (polylines; "0" is an ellipse).
STROKES = {
    "0": "ellipse",
    "1": [[(0.55, 0.12), (0.47, 0.88)]],
    "2": [
        [
            (0.28, 0.3),
            (0.36, 0.17),
            (0.52, 0.12),
            (0.66, 0.2),
            (0.68, 0.34),
            (0.6, 0.5),
            (0.3, 0.85),
            (0.75, 0.85),
        ]
    ],
    "3": [
        [
            (0.3, 0.18),
            (0.5, 0.12),
            (0.66, 0.2),
            (0.64, 0.36),
            (0.46, 0.48),
            (0.66, 0.58),
            (0.7, 0.74),
            (0.55, 0.88),
            (0.3, 0.84),
        ]
    ],
    "4": [[(0.34, 0.12), (0.28, 0.56), (0.74, 0.56)], [(0.62, 0.2), (0.6, 0.9)]],
    "7": [[(0.28, 0.16), (0.72, 0.16), (0.44, 0.88)]],
}


def draw_digit(
    digit: str, *, size=280, box=(0.0, 0.0, 1.0, 1.0), width=0.08, ink=255, paper=0
) -> Image.Image:
    """A digit drawn with a round brush inside ``box`` (fractions of the canvas)."""
    img = Image.new("L", (size, size), paper)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (v * size for v in box)
    w = max(1, int(width * size))

    def pt(p):
        return (x0 + p[0] * (x1 - x0), y0 + p[1] * (y1 - y0))

    if STROKES[digit] == "ellipse":
        d.ellipse([pt((0.27, 0.12)), pt((0.73, 0.88))], outline=ink, width=w)
    else:
        for line in STROKES[digit]:
            pts = [pt(p) for p in line]
            d.line(pts, fill=ink, width=w, joint="curve")
            for p in pts:  # round caps, like a brush
                d.ellipse([p[0] - w / 2, p[1] - w / 2, p[0] + w / 2, p[1] + w / 2], fill=ink)
    return img


def phone_photo(img: Image.Image, seed: int = 0) -> Image.Image:
    """Dark pen on uneven grey paper with sensor noise, as RGB (what a phone camera gives)."""
    rng = np.random.default_rng(seed)
    ink = np.asarray(img.filter(ImageFilter.GaussianBlur(1.5)), dtype=np.float32) / 255.0
    h, w = ink.shape
    light = np.linspace(150, 215, w)[None, :] * np.linspace(0.9, 1.0, h)[:, None]  # a shadow across the sheet
    grey = light * (1 - ink) + 45 * ink + rng.normal(0, 6, (h, w))
    rgb = np.stack([grey, grey * 0.97, grey * 0.9], axis=2)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


@pytest.fixture(scope="module")
def model():
    return load_digits()


@pytest.fixture(scope="module")
def split():
    return mnist_split()


def test_checkpoint_is_bundled_small_and_documented():
    entry = default_store.entry("digits")
    assert entry["bytes"] <= 5 * 2**20
    assert (default_store.root / entry["file"]).stat().st_size == entry["bytes"]
    assert entry["command"].startswith("python -m models train digits")
    assert entry["metrics"]["heldout_size"] == 1000


def test_split_is_stratified_and_disjoint(split):
    x_tr, y_tr, x_te, y_te = split
    assert len(y_te) == 1000 and len(y_tr) == 4000
    assert (
        np.bincount(y_te).tolist() == [100] * 10
    )  # mnist_data() is sorted by label: stratified, not the tail
    held = {r.tobytes() for r in x_te.astype(np.uint8)}
    assert not any(r.tobytes() in held for r in x_tr.astype(np.uint8))


def test_heldout_accuracy_at_least_98_percent(model, split):
    _, _, x_te, y_te = split
    acc = heldout_accuracy(model, to_tensor(preprocess_rows(x_te)), y_te)  # the app's own path
    assert acc >= 0.98, acc
    assert acc == pytest.approx(default_store.entry("digits")["metrics"]["heldout_accuracy"], abs=1e-3)


def test_preprocessing_reproduces_mnist_format(split):
    _, _, x_te, _ = split
    from scipy import ndimage

    for row in x_te[:20]:
        out = preprocess_digit(mnist_as_image(row))
        assert out.shape == (28, 28) and out.dtype == np.float32 and out.min() >= 0 and out.max() <= 1
        cy, cx = ndimage.center_of_mass(out)
        assert abs(cy - 13.5) < 1 and abs(cx - 13.5) < 1
        ys, xs = np.nonzero(out > 0.1)
        assert max(ys.max() - ys.min(), xs.max() - xs.min()) <= 22  # fitted to a 20x20 box (plus blur)
        assert np.abs(out - row.reshape(28, 28) / 255.0).mean() < 0.12


@pytest.mark.parametrize("style", ["thick", "inverted", "off_centre", "phone_photo"])
def test_drawn_digits_are_recognised(model, style):
    wrong = []
    for digit in STROKES:
        if style == "thick":
            img = draw_digit(digit, width=0.14)
        elif style == "inverted":
            img = draw_digit(digit, ink=0, paper=255).convert("RGB")
        elif style == "off_centre":
            img = draw_digit(digit, size=400, box=(0.05, 0.5, 0.4, 0.95), width=0.025)
        else:
            img = phone_photo(draw_digit(digit, size=360, box=(0.15, 0.1, 0.85, 0.9), width=0.035))
        result = predict_digit(model, img)
        if result["predictions"][0]["label"] != digit:
            wrong.append((digit, result["predictions"][0]))
    assert not wrong, f"{style}: {wrong}"


def test_polarity_and_what_the_network_sees():
    white_on_black = preprocess_digit(draw_digit("7"))
    black_on_white = preprocess_digit(draw_digit("7", ink=0, paper=255))
    assert np.abs(white_on_black - black_on_white).mean() < 0.02  # same 28x28 whatever the polarity
    assert white_on_black[0].max() == 0 and white_on_black.max() > 0.9  # black background, bright ink


@pytest.mark.parametrize(
    "img", [Image.new("L", (50, 50), 255), Image.new("RGB", (1, 1)), Image.new("L", (300, 9), 0)]
)
def test_blank_pictures_are_refused_clearly(img):
    with pytest.raises(InputError, match="no digit"):
        preprocess_digit(img)


def test_augmentation_is_seeded_and_shape_preserving(split):
    x = to_tensor(split[0][:8] / 255.0)
    a1, a2 = Augment(seed=1)(x), Augment(seed=1)(x)
    assert a1.shape == x.shape and a1.min() >= 0 and a1.max() <= 1
    assert (a1 == a2).all() and not (a1 == x).all()


def test_network_shapes_with_non_default_sizes():
    import torch

    m = DigitsCNN(DigitsConfig(channels=(4, 6), hidden=16, num_classes=3))
    assert m(torch.rand(5, 1, 28, 28)).shape == (5, 3)
