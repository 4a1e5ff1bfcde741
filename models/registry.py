"""An explicit registry of every model the app and the CLI can use (in the spirit of torchvision's
``list_models`` / ``get_model``).

Each domain module defines its ``ModelSpec`` objects and calls :func:`register`; the modules that provide
specs are listed in ``_PROVIDERS`` below (explicit, no scanning of ``globals()``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .errors import UnknownModelError

Task = Literal[
    "image-classification",  # one-to-one: image -> class
    "image-captioning",  # one-to-many: image -> caption
    "sequence-classification",  # many-to-one: sequence -> label
    "translation",  # many-to-many encoder-decoder
    "tagging",  # many-to-many aligned
    "forecasting",  # sequence -> next values
]

WeightsSource = Literal["bundled", "torch-cache", "wheel", "none"]


@dataclass(frozen=True)
class ModelSpec:
    name: str  # registry key, e.g. "resnet18" or "digits"
    task: Task  # which of the lecture's task types it solves
    builder: Callable[..., object]  # builder(**kwargs) -> torch.nn.Module with random or no weights
    weights: WeightsSource  # where trained weights come from
    description: str = ""  # one line for the sidebar and `python -m models info`
    is_available: Callable[[], bool] = field(default=lambda: False, compare=False)  # weights present now?


_REGISTRY: dict[str, ModelSpec] = {}

# Modules that register specs when imported. Append a module here when it adds models.
_PROVIDERS: tuple[str, ...] = (
    "models.tagging.specs",
    "models.rnn.classifier",
    "models.seq2seq.specs",
    "models.vision.specs",
    "models.forecast",
    "models.caption.spec",
)
_loaded = False


def register(spec: ModelSpec) -> ModelSpec:
    """Add a spec; a second spec with the same name is a programming error."""
    if spec.name in _REGISTRY and _REGISTRY[spec.name] is not spec:
        raise ValueError(f"model {spec.name!r} is registered twice")
    _REGISTRY[spec.name] = spec
    return spec


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        for module in _PROVIDERS:
            importlib.import_module(module)
        _loaded = True


def list_models(task: str | None = None) -> list[str]:
    """Sorted names of registered models, optionally only those of one task."""
    _ensure_loaded()
    return sorted(n for n, s in _REGISTRY.items() if task is None or s.task == task)


def get_spec(name: str) -> ModelSpec:
    """The spec of ``name``; UnknownModelError lists the valid names."""
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown model {name!r}; choose one of: {', '.join(sorted(_REGISTRY)) or '(none registered)'}"
        ) from None


def build(name: str, **kwargs):
    """Build the architecture of ``name`` (never downloads anything)."""
    return get_spec(name).builder(**kwargs)


def status() -> list[dict]:
    """One row per model: name, task, weights source, available now, description."""
    _ensure_loaded()
    rows = []
    for name in sorted(_REGISTRY):
        s = _REGISTRY[name]
        try:
            ok = bool(s.is_available())
        except Exception:  # an availability probe must never break a listing
            ok = False
        rows.append(
            {
                "name": name,
                "task": s.task,
                "weights": s.weights,
                "available": ok,
                "description": s.description,
            }
        )
    return rows
