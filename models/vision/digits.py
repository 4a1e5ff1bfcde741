"""The bundled handwritten-digit CNN: MNIST-style preprocessing, the network, prediction, and its training recipe.

Preprocessing does to any picture what LeCun et al. did to make MNIST: grayscale, ink brighter than paper, crop to
the ink, fit a 20x20 box keeping the aspect ratio, then centre by centre of mass in a 28x28 field. It is what lets a
mouse drawing or a phone photo of a pen digit look like the training data. Training (``train_digits``) adds
augmentation (shift, rotation +-15 degrees, scale, stroke thickness) so the network tolerates what the
preprocessing cannot fix.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from ..errors import InputError, WeightsCorruptError

WEIGHTS_NAME = "digits"
CLASSES = [str(d) for d in range(10)]
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # the usual MNIST normalisation, applied inside the network


# ------------------------------------------------------------------------------------------------
# preprocessing
# ------------------------------------------------------------------------------------------------
def _gray(img: Image.Image | np.ndarray) -> np.ndarray:
    """Grayscale float32 in [0, 1], at most 256 pixels on the longer side (enough for a digit, fast)."""
    if isinstance(img, np.ndarray):
        a = img.astype(np.float32)
        if a.ndim == 3:
            a = a[..., :3].mean(axis=2)
        return a / 255.0 if a.max(initial=0) > 1.0 else a
    g = img.convert("L")
    if max(g.size) > 256:
        g = g.copy()
        g.thumbnail((256, 256), Image.Resampling.LANCZOS)
    return np.asarray(g, dtype=np.float32) / 255.0


def _ink_map(g: np.ndarray) -> np.ndarray:
    """Ink as bright values on a zero background, whatever the polarity and lighting of ``g``."""
    from scipy import ndimage
    from skimage.filters import threshold_otsu

    if float(g.max() - g.min()) < 0.08:
        raise InputError("no digit found: the picture is blank or has almost no contrast")
    thr = threshold_otsu(g)
    if (g > thr).mean() > 0.5:  # the majority is the paper: bright paper, dark ink -> invert
        g = 1.0 - g
    side = min(g.shape)
    if side >= 64:  # photos: remove slowly varying background (shadows) with an opening wider than strokes
        k = max(3, max(g.shape) // 5)
        background = ndimage.grey_opening(g, size=(k, k))
        ink = g - background
    else:
        ink = g - float(np.median(g))
    return np.clip(ink, 0.0, None)


def _clean_mask(ink: np.ndarray) -> np.ndarray:
    """Pixels that belong to the digit: above Otsu's threshold, in components not much smaller than the largest."""
    from scipy import ndimage
    from skimage.filters import threshold_otsu

    if float(ink.max()) < 0.08:
        raise InputError("no digit found: the picture is blank or has almost no contrast")
    mask = ink > max(threshold_otsu(ink), 0.1 * float(ink.max()))
    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    if n > 1:
        sizes = ndimage.sum(mask, labels, index=np.arange(1, n + 1))
        keep = np.flatnonzero(sizes >= 0.08 * sizes.max()) + 1  # drop specks, keep the pieces of a "5" or "4"
        mask = np.isin(labels, keep)
    return mask


def preprocess_digit(img: Image.Image | np.ndarray) -> np.ndarray:
    """Any picture of one digit -> float32 (28, 28) in [0, 1], white ink on black, like an MNIST sample.

    Steps: grayscale; polarity (the majority of pixels is paper); background removed; crop to the ink;
    scale the longer side to 20 pixels keeping the aspect ratio; centre of mass moved to the centre of 28x28.
    Raises InputError when there is no ink to find.
    """
    from scipy import ndimage

    g = _gray(img)
    if g.ndim != 2 or min(g.shape) < 1:
        raise InputError("the picture has no pixels")
    ink = _ink_map(g)
    mask = _clean_mask(ink)
    ink = np.where(
        ndimage.binary_dilation(mask, iterations=1), ink, 0.0
    )  # (H, W), noise outside the digit removed
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]  # (h, w) tight box around the ink
    crop = crop / max(float(np.percentile(crop[crop > 0], 95)), 1e-6)  # strokes reach ~1.0
    crop = np.clip(crop, 0.0, 1.0).astype(np.float32)
    h, w = crop.shape
    scale = 20.0 / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    box = np.asarray(Image.fromarray(crop, mode="F").resize((nw, nh), Image.Resampling.LANCZOS))  # (nh, nw)
    box = np.clip(box, 0.0, 1.0)
    out = np.zeros((28, 28), dtype=np.float32)
    top, left = (28 - nh) // 2, (28 - nw) // 2
    out[top : top + nh, left : left + nw] = box
    if out.sum() > 0:
        cy, cx = ndimage.center_of_mass(out)
        out = ndimage.shift(out, (13.5 - cy, 13.5 - cx), order=1, mode="constant", cval=0.0)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def mnist_as_image(x: np.ndarray) -> Image.Image:
    """One MNIST row (784 values 0..255) as a 28x28 grayscale PIL image (white ink on black)."""
    return Image.fromarray(
        np.asarray(x, dtype=np.float64).reshape(28, 28).clip(0, 255).astype(np.uint8), mode="L"
    )


# ------------------------------------------------------------------------------------------------
# the network
# ------------------------------------------------------------------------------------------------
@dataclass
class DigitsConfig:
    channels: tuple[int, int] = (32, 64)  # output channels of the two 3x3 conv blocks
    hidden: int = 128  # width of the fully connected layer
    dropout: float = 0.3  # dropout before the classifier
    num_classes: int = 10  # digits 0-9


class DigitsCNN(nn.Module):
    """Two conv blocks (conv 3x3, batch norm, ReLU, conv 3x3, ReLU, max-pool) and two FC layers: LeNet's idea."""

    def __init__(self, config: DigitsConfig | None = None):
        super().__init__()
        self.config = config or DigitsConfig()
        c1, c2 = self.config.channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1),
            nn.BatchNorm2d(c1),
            nn.ReLU(inplace=True),  # (B, c1, 28, 28)
            nn.MaxPool2d(2),  # (B, c1, 14, 14)
            nn.Conv2d(c1, c2, 3, padding=1),
            nn.BatchNorm2d(c2),
            nn.ReLU(),  # (B, c2, 14, 14), Grad-CAM's layer
            nn.MaxPool2d(2),  # (B, c2, 7, 7)
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),  # (B, c2 * 49)
            nn.Dropout(self.config.dropout),
            nn.Linear(c2 * 49, self.config.hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(self.config.dropout),
            nn.Linear(self.config.hidden, self.config.num_classes),  # (B, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - MNIST_MEAN) / MNIST_STD  # x: (B, 1, 28, 28) in [0, 1]
        return self.classifier(self.features(x))

    @property
    def gradcam_layer(self) -> nn.Module:
        """The last conv block's rectified output (Grad-CAM weighs these 14x14 activations). Its ReLU is not
        in-place, so the hooked output is not overwritten."""
        return self.features[6]


def build_digits(**kwargs) -> DigitsCNN:
    """Registry builder: random weights (``DigitsConfig`` fields as keyword arguments)."""
    return DigitsCNN(DigitsConfig(**kwargs))


def digits_checkpoint(model: DigitsCNN, **extra) -> dict:
    """A plain dict that loads with weights_only=True."""
    cfg = asdict(model.config)
    cfg["channels"] = list(cfg["channels"])
    return {"arch": "DigitsCNN", "config": cfg, "state_dict": model.state_dict(), "classes": CLASSES, **extra}


def model_from_checkpoint(ckpt: dict) -> DigitsCNN:
    try:
        cfg = dict(ckpt["config"])
        cfg["channels"] = tuple(cfg["channels"])
        model = DigitsCNN(DigitsConfig(**cfg))
        model.load_state_dict(ckpt["state_dict"])
    except (KeyError, TypeError, RuntimeError) as exc:
        raise WeightsCorruptError(f"not a digits checkpoint ({str(exc).splitlines()[0][:160]})") from exc
    return model.eval()


def load_digits(store=None) -> DigitsCNN:
    """The bundled, trained digits CNN in eval mode (sha256 checked by the store)."""
    from ..store import default_store

    return model_from_checkpoint((store or default_store).load(WEIGHTS_NAME))


def digits_available() -> bool:
    from ..store import default_store

    return default_store.available(WEIGHTS_NAME)


# ------------------------------------------------------------------------------------------------
# prediction
# ------------------------------------------------------------------------------------------------
def to_tensor(x28: np.ndarray) -> torch.Tensor:
    """(28, 28) or (N, 28, 28) floats in [0, 1] -> (N, 1, 28, 28) tensor."""
    t = torch.as_tensor(np.asarray(x28, dtype=np.float32))
    return t.reshape(-1, 1, 28, 28)


def predict_digit(
    model: DigitsCNN, img: Image.Image | np.ndarray, *, top: int = 10, preprocess: bool = True
) -> dict:
    """Classify one picture of a digit.

    Returns ``{"input28": (28, 28) array the network saw, "probs": (10,) array,
    "predictions": [{"label": "7", "prob": 0.98}, ...] (best first, ``top`` of them)}``.
    ``preprocess=False`` takes an already MNIST-like 28x28 array (values 0..1 or 0..255).
    """
    if preprocess:
        x28 = preprocess_digit(img)
    else:
        x28 = np.asarray(img, dtype=np.float32).reshape(28, 28)
        x28 = x28 / 255.0 if x28.max(initial=0) > 1.0 else x28
    with torch.inference_mode():
        probs = torch.softmax(model(to_tensor(x28)), dim=1)[0].numpy()  # (10,)
    order = np.argsort(-probs)[: max(1, min(top, 10))]
    return {
        "input28": x28,
        "probs": probs,
        "predictions": [{"label": CLASSES[i], "prob": float(probs[i])} for i in order],
    }
