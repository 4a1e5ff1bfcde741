"""A pretrained, frozen encoder for the captioner: EfficientNet-Lite0's last block before its 1x1 head
convolution, a 7x7 grid of 320-d feature vectors per 224x224 picture (the decoder attends over the 49 cells).

Pictures are squashed to 224x224 (timm's eval transform with ``crop_mode="squash"``, the model's own mean/std and
interpolation), not centre-cropped, so that nothing a caption mentions is cut off and the attention grid covers
the whole picture, like the shapes captioner's. The grids are computed once per picture and kept as float16
(31 KB each); only the decoder is trained.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence

import torch
from PIL import Image
from torch import nn

ENCODERS = {"efficientnet_lite0": 320}  # name -> channels of its feature grid
GRID = 7  # 224 / 32
_lock = threading.Lock()


def check_encoder(name: str) -> str:
    if name != "cnn" and name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r}; choose one of cnn, {', '.join(ENCODERS)}")
    return name


@functools.lru_cache(maxsize=2)
def backbone(name: str = "efficientnet_lite0") -> tuple[nn.Module, Callable]:
    """(frozen model in eval mode, PIL -> (3, 224, 224) transform); loaded once per process, never trained."""
    import timm.data

    from ..vision.efficientnet import data_config, load_efficientnet

    model = load_efficientnet(name)  # WeightsMissingError names the pip package
    cfg = data_config(model)
    transform = timm.data.create_transform(
        input_size=cfg["input_size"],
        interpolation=cfg["interpolation"],
        mean=cfg["mean"],
        std=cfg["std"],
        crop_pct=1.0,
        crop_mode="squash",
        is_training=False,
    )
    return model, transform


def block_grid(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """(N, 3, 224, 224) -> (N, 320, 7, 7): stem and all blocks, before conv_head."""
    with torch.inference_mode():
        return model.blocks(model.bn1(model.conv_stem(x)))


def encode_pictures(
    images: Sequence[Image.Image],
    name: str = "efficientnet_lite0",
    batch: int = 16,
    progress: Callable[[int, int], None] | None = None,
) -> torch.Tensor:
    """PIL pictures -> float16 feature grids (N, C, 7, 7)."""
    from ..vision.explain import model_lock

    model, transform = backbone(name)
    out = []
    for s in range(0, len(images), batch):
        x = torch.stack([transform(im.convert("RGB")) for im in images[s : s + batch]])  # (b, 3, 224, 224)
        with model_lock(model):
            out.append(block_grid(model, x).to(torch.float16))
        if progress:
            progress(min(s + batch, len(images)), len(images))
    return torch.cat(out) if out else torch.empty(0, ENCODERS[name], GRID, GRID, dtype=torch.float16)


class GridEncoder(nn.Module):
    """The captioner's encoder when the features come precomputed from a frozen CNN: (B, C, g, g) grids ->
    (B, g*g, C) vectors, layer-normalised (the only trainable part: a scale and shift per channel)."""

    def __init__(self, channels: int):
        super().__init__()
        self.norm = nn.LayerNorm(channels)

    def forward(self, grids: torch.Tensor) -> torch.Tensor:
        return self.norm(grids.float().flatten(2).transpose(1, 2))  # (B, g*g, C)
