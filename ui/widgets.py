"""Widgets and small formatters that several pages share: written once here, imported everywhere.

* :func:`drawing_canvas` -- the white-on-black drawing pad (streamlit-drawable-canvas) and its conversion to an
  image (:func:`canvas_to_image`), used by the classify page and the training lab's "try it".
* :func:`enlarge` -- a small array shown big with sharp pixels (digits, feature maps, heatmaps).
* :func:`fmt` / :func:`pct` -- numbers for tables and metrics, "–" when there is no value.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

MISSING = "–"


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def fmt(v, spec: str) -> str:
    """``format(v, spec)``, or "–" for None / NaN (a run that has no validation loss yet)."""
    return MISSING if _missing(v) else format(v, spec)


def pct(v) -> str:
    """12.3% for ordinary fractions, 4.2e-05 for tiny ones (so alternatives never all read 0.0%), "–" for none."""
    if _missing(v):
        return MISSING
    return f"{v:.1e}" if 0 < v < 0.001 else f"{v:.1%}"


def canvas_to_image(rgba: np.ndarray | None) -> Image.Image | None:
    """Canvas RGBA (white strokes on black or transparent) -> grayscale ink image, None when nothing is drawn."""
    if rgba is None:
        return None
    a = np.asarray(rgba, dtype=np.float32)
    if a.ndim != 3 or a.shape[2] < 3:
        return None
    ink = a[..., :3].max(axis=2) * (a[..., 3] / 255.0 if a.shape[2] == 4 else 1.0)  # (H, W) 0..255
    if ink.max() < 20:
        return None
    return Image.fromarray(ink.clip(0, 255).astype(np.uint8), mode="L").convert("RGB")


def drawing_canvas(key: str, size: int = 280, stroke: int = 18) -> Image.Image | None:
    """A square drawing pad, white ink on black like MNIST; the drawing as an RGB image, None while empty."""
    from streamlit_drawable_canvas import st_canvas  # imported on use: the component loads its frontend

    res = st_canvas(
        stroke_width=stroke,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=size,
        width=size,
        drawing_mode="freedraw",
        return_image_data=True,
        key=key,
    )
    return canvas_to_image(res.image_data if res is not None else None)


def enlarge(a: np.ndarray, size: int = 224) -> Image.Image:
    """A small float image (H, W) or (H, W, 3) in [0, 1] enlarged by a whole factor to about ``size`` pixels,
    with visible (nearest-neighbour) pixels."""
    img = Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
    scale = max(1, size // max(img.size))
    return img.resize((img.size[0] * scale, img.size[1] * scale), Image.Resampling.NEAREST)


__all__ = ["canvas_to_image", "drawing_canvas", "enlarge", "fmt", "pct"]
