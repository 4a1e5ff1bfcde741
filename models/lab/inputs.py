"""A digit prepared for the classifier page (28×28, white on black, in [0, 1]) as the input of a lab run's network,
whose data set may have another size (the 8×8 digits) or more channels."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image


def to_model_input(x28: np.ndarray, shape: tuple[int, int, int]) -> torch.Tensor:
    """The classifier page's 28×28 digit -> (1, C, H, W) for this run's input size (area-averaged when smaller,
    then rescaled so the strokes reach 1 like the training data)."""
    c, h, w = shape
    if (h, w) != (28, 28):
        img = Image.fromarray((x28 * 255).astype(np.uint8), mode="L").resize((w, h), Image.Resampling.BOX)
        x = np.asarray(img, dtype=np.float32) / 255.0  # (h, w)
        x = x / max(float(x.max()), 1e-6)
    else:
        x = x28
    return torch.as_tensor(x, dtype=torch.float32).reshape(1, 1, h, w).expand(1, c, h, w)
