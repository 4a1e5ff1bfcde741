"""Training lab: a 28×28 digit from the classifier page's preprocessing becomes the input of a run's network."""

from __future__ import annotations

import numpy as np
import torch

from models.lab.inputs import to_model_input


def _bar(value: float = 1.0) -> np.ndarray:
    """A vertical stroke in the left half of a 28×28 picture (white on black)."""
    x = np.zeros((28, 28), dtype=np.float32)
    x[4:24, 6:10] = value
    return x


def test_28x28_passes_through_unchanged():
    x28 = _bar(0.7)
    x = to_model_input(x28, (1, 28, 28))
    assert x.shape == (1, 1, 28, 28) and x.dtype == torch.float32
    assert torch.equal(x[0, 0], torch.from_numpy(x28))


def test_smaller_input_is_area_averaged_and_rescaled_to_reach_one():
    x = to_model_input(_bar(0.5), (1, 8, 8))  # the 8×8 digits' input size
    assert x.shape == (1, 1, 8, 8)
    assert float(x.max()) == 1.0 and float(x.min()) >= 0.0  # strokes reach 1 like the training data
    cols = x[0, 0].sum(dim=0)  # (8,) ink per column
    assert float(cols[:4].sum()) > 0 and float(cols[4:].sum()) == 0.0  # the stroke stays in the left half
    assert 0.0 < float(x[0, 0, 4, 1]) < 1.0  # a cell the stroke covers in part is grey (area average)


def test_channels_are_repeated_and_a_blank_picture_stays_blank():
    x = to_model_input(_bar(), (3, 28, 28))
    assert x.shape == (1, 3, 28, 28)
    assert torch.equal(x[0, 0], x[0, 2])
    blank = to_model_input(np.zeros((28, 28), dtype=np.float32), (1, 8, 8))
    assert float(blank.abs().sum()) == 0.0  # no division by zero
