"""Chronological split, scaling fitted on the training part only, and sliding windows.

Vocabulary: a forecast *origin* ``t`` means "we have seen y[:t]"; its input window is y[t-W:t] and its targets
are y[t:t+H]. A segment owns the origins whose targets lie inside it; windows may reach back into earlier
segments (that is the past, not leakage), never forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.preprocessing import StandardScaler

MODES = ("many-to-one", "many-to-many")


@dataclass(frozen=True)
class Split:
    n: int  # series length
    train_end: int  # y[:train_end] is training data (the scaler sees only this)
    val_end: int  # y[train_end:val_end] is validation, y[val_end:] is test

    def segment(self, name: str) -> tuple[int, int]:
        """[start, end) of "train", "val" or "test"."""
        bounds = {
            "train": (0, self.train_end),
            "val": (self.train_end, self.val_end),
            "test": (self.val_end, self.n),
        }
        if name not in bounds:
            raise ValueError(f"unknown segment {name!r}; choose one of train, val, test")
        return bounds[name]

    def sizes(self) -> dict[str, int]:
        """{"train", "val", "test"}: how many points each segment has."""
        return {"train": self.train_end, "val": self.val_end - self.train_end, "test": self.n - self.val_end}


def chronological_split(n: int, val_frac: float = 0.1, test_frac: float = 0.2) -> Split:
    """First (1 - val - test) for training, then validation, then test; never shuffled."""
    if not (0 < val_frac < 1 and 0 < test_frac < 1 and val_frac + test_frac < 1):
        raise ValueError("val_frac and test_frac must be in (0, 1) and sum to less than 1")
    test = max(1, int(round(n * test_frac)))
    val = max(1, int(round(n * val_frac)))
    return Split(n=n, train_end=n - val - test, val_end=n - test)


def fit_scaler(values: np.ndarray, split: Split) -> StandardScaler:
    """A StandardScaler fitted on the training part only."""
    return StandardScaler().fit(np.asarray(values[: split.train_end], float).reshape(-1, 1))


def scale(scaler: StandardScaler, values: np.ndarray) -> np.ndarray:
    return scaler.transform(np.asarray(values, float).reshape(-1, 1)).ravel()


def unscale(scaler: StandardScaler, values: np.ndarray) -> np.ndarray:
    arr = np.asarray(values, float)
    return scaler.inverse_transform(arr.reshape(-1, 1)).reshape(arr.shape)


def origins(split: Split, segment: str, window: int, horizon: int) -> np.ndarray:
    """Forecast origins whose ``horizon`` targets all lie in ``segment`` and whose window fits in the series."""
    start, end = split.segment(segment)
    return np.arange(max(start, window), end - horizon + 1)


def make_windows(
    scaled: np.ndarray, starts: np.ndarray, window: int, horizon: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs (N, window, 1) = y[t-window:t] and targets (N, horizon) = y[t:t+horizon] for each origin t."""
    y = np.asarray(scaled, np.float32)
    starts = np.asarray(starts, int)
    idx_in = starts[:, None] + np.arange(-window, 0)[None, :]  # (N, window)
    idx_out = starts[:, None] + np.arange(horizon)[None, :]  # (N, horizon)
    x = torch.from_numpy(y[idx_in].copy()).unsqueeze(-1)  # (N, window, 1)
    t = torch.from_numpy(y[idx_out].copy())  # (N, horizon)
    return x, t


@dataclass
class Prepared:
    values: np.ndarray  # (n,) raw series
    scaled: np.ndarray  # (n,) scaled with the train-only scaler
    scaler: StandardScaler  # fitted on y[:train_end]
    split: Split  # chronological boundaries
    window: int  # input length W
    horizon: int  # forecast length H
    mode: str  # "many-to-one" (train on the next value, forecast recursively) or "many-to-many"
    train_set: torch.utils.data.TensorDataset  # training windows (targets inside the train segment)
    val_set: torch.utils.data.TensorDataset  # validation windows (targets inside the validation segment)

    @property
    def train_horizon(self) -> int:
        """How many future values one training example asks for (1 in many-to-one mode)."""
        return 1 if self.mode == "many-to-one" else self.horizon


def prepare(
    values: np.ndarray,
    window: int,
    horizon: int,
    mode: str = "many-to-one",
    *,
    val_frac: float = 0.1,
    test_frac: float = 0.2,
) -> Prepared:
    """Split, scale on train only, and build the training and validation windows."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if window < 1 or horizon < 1:
        raise ValueError("window and horizon must be at least 1")
    from .series import check_length

    values = np.asarray(values, float)
    check_length(len(values), window, horizon, val_frac=val_frac, test_frac=test_frac)
    split = chronological_split(len(values), val_frac, test_frac)
    scaler = fit_scaler(values, split)
    scaled = scale(scaler, values)
    h = 1 if mode == "many-to-one" else horizon
    train = torch.utils.data.TensorDataset(
        *make_windows(scaled, origins(split, "train", window, h), window, h)
    )
    val = torch.utils.data.TensorDataset(*make_windows(scaled, origins(split, "val", window, h), window, h))
    return Prepared(values, scaled, scaler, split, window, horizon, mode, train, val)
