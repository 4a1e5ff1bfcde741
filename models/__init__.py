"""Plain-Python backend of the CNN & RNN classroom lab. Never imports streamlit.

Everything a page, the CLI, the tests and the benchmarks need lives here: the model registry, the weights
store, the one trainer, and (added by later modules) datasets, networks, inference and explanations.
"""

from .errors import (
    InputError,
    ModelsError,
    UnknownModelError,
    WeightsCorruptError,
    WeightsError,
    WeightsMissingError,
)
from .registry import ModelSpec, build, get_spec, list_models, register, status
from .store import WeightsStore, default_store, safe_load

__all__ = [
    "InputError",
    "ModelSpec",
    "ModelsError",
    "UnknownModelError",
    "WeightsCorruptError",
    "WeightsError",
    "WeightsMissingError",
    "WeightsStore",
    "build",
    "default_store",
    "get_spec",
    "list_models",
    "register",
    "safe_load",
    "status",
]
