"""Many small images as one: a grid of kernels or feature maps for the classify page (and anything else)."""

from __future__ import annotations

import numpy as np
from PIL import Image


def tile_grid(tiles: np.ndarray, cols: int = 8, pad: int = 1, cell: int = 48) -> Image.Image:
    """(n, h, w) or (n, h, w, 3) in [0, 1] -> one grid image, each tile enlarged to about ``cell`` pixels."""
    n = len(tiles)
    rows = int(np.ceil(n / cols))
    h, w = tiles.shape[1:3]
    scale = max(1, cell // max(h, w))
    th, tw = h * scale, w * scale
    chans = 3 if tiles.ndim == 4 else 1
    grid = np.ones((rows * (th + pad) + pad, cols * (tw + pad) + pad, chans), dtype=np.float32)
    for i, t in enumerate(tiles):
        t = np.kron(t if t.ndim == 3 else t[..., None], np.ones((scale, scale, 1)))  # (th, tw, chans)
        r, c = divmod(i, cols)
        grid[
            pad + r * (th + pad) : pad + r * (th + pad) + th, pad + c * (tw + pad) : pad + c * (tw + pad) + tw
        ] = t
    grid = grid[..., 0] if chans == 1 else grid
    return Image.fromarray((grid * 255).astype(np.uint8))
