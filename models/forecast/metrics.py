"""Forecast errors in the series' own units: RMSE, MAE (scikit-learn), and MASE against the naive and the
seasonal-naive forecast.

MASE here is scaled by the baseline's error *on the same forecasts*: MASE = MAE(model) / MAE(baseline), where
both forecast the same horizons from the same origins. MASE < 1 therefore reads "beats the baseline"
(naive: repeat the last observed value; seasonal naive: repeat the value one season earlier).
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import mean_absolute_error, root_mean_squared_error


def naive_forecast(values: np.ndarray, starts: np.ndarray, horizon: int) -> np.ndarray:
    """(N, H): the last observed value y[t-1], repeated for every step ahead."""
    y = np.asarray(values, float)
    return np.repeat(y[np.asarray(starts) - 1][:, None], horizon, axis=1)


def seasonal_naive_forecast(values: np.ndarray, starts: np.ndarray, horizon: int, period: int) -> np.ndarray:
    """(N, H): y[t+h] forecast by the value one (or more) whole seasons before, among those already seen."""
    y = np.asarray(values, float)
    h = np.arange(horizon)
    back = period * (h // period + 1)  # smallest multiple of the period that reaches into the past
    idx = np.asarray(starts)[:, None] + h[None, :] - back[None, :]  # (N, H)
    if idx.min() < 0:
        raise ValueError("the series is too short before the first origin for a seasonal-naive forecast")
    return y[idx]


def targets(values: np.ndarray, starts: np.ndarray, horizon: int) -> np.ndarray:
    """(N, H): the true y[t:t+H] of every origin t."""
    y = np.asarray(values, float)
    return y[np.asarray(starts)[:, None] + np.arange(horizon)[None, :]]


def rmse(truth: np.ndarray, pred: np.ndarray) -> float:
    return float(root_mean_squared_error(np.ravel(truth), np.ravel(pred)))


def mae(truth: np.ndarray, pred: np.ndarray) -> float:
    return float(mean_absolute_error(np.ravel(truth), np.ravel(pred)))


def mase(truth: np.ndarray, pred: np.ndarray, baseline: np.ndarray) -> float:
    """MAE of ``pred`` divided by the MAE of ``baseline`` on the same targets (inf when the baseline is exact)."""
    denom = mae(truth, baseline)
    return float(mae(truth, pred) / denom) if denom > 0 else float("inf")


def scores(values: np.ndarray, starts: np.ndarray, pred: np.ndarray, period: int | None = None) -> dict:
    """rmse, mae, mase (vs naive) and, when a period fits before the first origin, mase_seasonal."""
    horizon = pred.shape[1]
    truth = targets(values, starts, horizon)
    out = {
        "rmse": rmse(truth, pred),
        "mae": mae(truth, pred),
        "mase": mase(truth, pred, naive_forecast(values, starts, horizon)),
        "mase_seasonal": None,
    }
    if period and period > 1 and len(starts) and int(np.min(starts)) >= period:
        out["mase_seasonal"] = mase(truth, pred, seasonal_naive_forecast(values, starts, horizon, period))
    return out
