"""What the page and the CLI call: load a captioner (bundled or a user's checkpoint), caption an image."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ..errors import InputError, WeightsMissingError
from ..store import default_store, safe_load
from .decode import MAX_BEAM, BeamResult, Decoded, beam_search, greedy, sample
from .model import Captioner, preprocess
from .train import BUNDLED_NAME, from_checkpoint
from .vocab import Vocab


@dataclass
class LoadedCaptioner:
    model: Captioner  # eval mode, never trained further
    vocab: Vocab  # its words
    name: str  # registry name or file name
    meta: dict  # what the checkpoint says about itself (trained_on, metrics, ...)

    def tensor(self, image: Image.Image) -> torch.Tensor:
        """uint8 (3, S, S): the image squashed to the model's input size; with a frozen pretrained encoder, its
        feature grid (C, 7, 7) of the image squashed to 224x224."""
        if self.model.config.encoder != "cnn":
            from .lite import encode_pictures

            return encode_pictures([image], self.model.config.encoder)[0]
        return preprocess(image, self.model.config.image_size)

    def greedy(self, image: Image.Image, max_len: int | None = None) -> Decoded:
        return greedy(self.model, self.vocab, self.tensor(image), max_len)

    def beam(self, image: Image.Image, width: int = 3, max_len: int | None = None) -> BeamResult:
        return beam_search(self.model, self.vocab, self.tensor(image), width, max_len)

    def sample(
        self, image: Image.Image, temperature: float = 1.0, seed: int = 0, max_len: int | None = None
    ) -> Decoded:
        return sample(self.model, self.vocab, self.tensor(image), temperature, seed, max_len)

    def caption(self, image: Image.Image, beam: int = 1) -> dict:
        """``{"caption": best, "beams": [{"caption", "logprob", "finished"}, ...]}`` (greedy when beam = 1)."""
        if not 1 <= int(beam) <= MAX_BEAM:
            raise InputError(f"--beam must be between 1 and {MAX_BEAM}")
        res = self.beam(image, int(beam))
        beams = [b.to_dict(with_steps=False) for b in res.beams]
        return {"caption": beams[0]["caption"] if beams else "", "beams": beams}


def _meta(ckpt: dict) -> dict:
    return {k: v for k, v in ckpt.items() if k not in ("state_dict", "vocab", "config")}


def load_bundled(name: str = BUNDLED_NAME) -> LoadedCaptioner:
    """The shapes-world captioner shipped in models/weights/ (sha256-verified)."""
    ckpt = default_store.load(name)
    model, vocab = from_checkpoint(ckpt)
    return LoadedCaptioner(model, vocab, name, _meta(ckpt))


def load_file(source, name: str | None = None) -> LoadedCaptioner:
    """A checkpoint written by ``python -m models train captioner --out PATH`` (path or bytes; weights_only)."""
    if isinstance(source, (str, os.PathLike)) and not Path(source).is_file():
        raise WeightsMissingError(f"checkpoint not found: {source}")
    ckpt = safe_load(source)
    if not isinstance(ckpt, dict):
        from ..errors import WeightsCorruptError

        raise WeightsCorruptError("not a captioner checkpoint of this app (not a dict)")
    model, vocab = from_checkpoint(ckpt)
    label = name or (Path(source).name if isinstance(source, (str, os.PathLike)) else "uploaded checkpoint")
    return LoadedCaptioner(model, vocab, label, _meta(ckpt))


def load_captioner(name_or_path: str = BUNDLED_NAME) -> LoadedCaptioner:
    """A registry/bundled name, or a path to a .pt file."""
    if name_or_path.endswith(".pt") or os.sep in name_or_path or Path(name_or_path).is_file():
        return load_file(name_or_path)
    from ..registry import get_spec

    spec = get_spec(name_or_path)  # UnknownModelError lists the names
    if spec.task != "image-captioning":
        raise InputError(f"{name_or_path!r} is not a captioning model")
    return load_bundled(name_or_path)


def looks_like_shapes_world(image: Image.Image) -> bool:
    """A cheap test for "plain light background with a few flat shapes": at 64 px, most pixels (>= 55 %) lie
    close to the median border colour, and that colour is light. Photographs fail it."""
    a = np.asarray(
        image.convert("RGB").resize((64, 64), Image.Resampling.BILINEAR), dtype=np.float32
    )  # (64,64,3)
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])  # (256, 3)
    bg = np.median(border, axis=0)  # (3,)
    near = np.abs(a - bg).max(axis=2) < 28  # (64, 64)
    border_near = np.abs(border - bg).max(axis=1) < 28
    return bool(bg.mean() > 170 and near.mean() >= 0.55 and border_near.mean() >= 0.9)


# anchors of a perceptually ordered colour map (dark purple -> orange -> light yellow, like "inferno")
_CMAP = np.array([[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]], dtype=np.float32)


def _colormap(v: np.ndarray) -> np.ndarray:
    """Values in [0, 1] (H, W) -> RGB float (H, W, 3)."""
    x = np.clip(v, 0, 1) * (len(_CMAP) - 1)
    i = np.minimum(x.astype(int), len(_CMAP) - 2)
    f = (x - i)[..., None]
    return _CMAP[i] * (1 - f) + _CMAP[i + 1] * f


def attention_overlay(image: Image.Image, attention, size: int = 192, strength: float = 0.65) -> Image.Image:
    """The image (squashed to size x size, as the model saw it) with the (grid, grid) attention map upsampled
    smoothly and blended on top: bright = where the decoder looked. The map is scaled to its own maximum."""
    a = np.asarray(attention, dtype=np.float32)  # (g, g)
    if a.ndim != 2:
        raise ValueError("attention must be a 2-D (grid, grid) array")
    heat = Image.fromarray((a / max(float(a.max()), 1e-12) * 255).astype(np.uint8)).resize(
        (size, size), Image.Resampling.BICUBIC
    )
    h = np.asarray(heat, dtype=np.float32) / 255.0  # (size, size) in [0, 1]
    base = np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32)
    alpha = (strength * (0.25 + 0.75 * h))[
        ..., None
    ]  # (size, size, 1): faint everywhere, strong where looked
    out = base * (1 - alpha) + _colormap(h) * alpha
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
