"""Registry entry of the captioner (listed in ``models.registry._PROVIDERS``)."""

from __future__ import annotations

from ..registry import ModelSpec, register
from ..store import default_store
from .model import build_captioner

register(
    ModelSpec(
        name="captioner_shapes",
        task="image-captioning",
        builder=build_captioner,
        weights="bundled",
        description="CNN encoder + LSTM decoder with soft attention (Show, Attend and Tell), shapes world",
        is_available=lambda: default_store.available("captioner_shapes"),
    )
)
