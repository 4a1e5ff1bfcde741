"""Training the five forecasters with the project's one trainer, then forecasting and scoring them.

Many-to-one models are trained on the next value and forecast H steps *recursively* (each prediction is fed
back as the newest input); many-to-many models emit all H values at once. Validation loss picks the epoch
whose weights are kept (early-stopping style, restored after training).
"""

from __future__ import annotations

import copy
import math
import threading
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..training import BatchResult, Trainer, TrainerConfig, count_parameters, make_loader, seeded
from . import metrics
from .nets import KINDS, LABELS, RECURRENT, build_matched
from .series import Series
from .windows import Prepared, origins, prepare, unscale


@dataclass
class ForecastConfig:
    window: int = 24  # input length W
    horizon: int = 6  # forecast length H
    mode: str = "many-to-one"  # "many-to-one" (recursive) or "many-to-many" (direct)
    epochs: int = 30  # passes over the training windows
    batch_size: int = 32  # windows per batch (grown for long series so an epoch has at most max_batches)
    max_batches: int = 40  # batches per epoch at most: long series get bigger batches, not longer epochs
    lr: float = 3e-3  # Adam learning rate
    budget: int = 2000  # parameter budget each model is sized to
    seed: int = 0  # model init and data order
    val_frac: float = 0.1  # share of the series (after the training part) for validation
    test_frac: float = 0.2  # final share of the series for the test
    grad_clip: float = 1.0  # global gradient-norm clip (keeps the vanilla RNN stable)


def parse_models(text: str | list | tuple) -> list[str]:
    """ "mlp,gru" -> ["mlp", "gru"]; ValueError lists the valid names."""
    names = [s.strip().lower() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    bad = [n for n in names if n not in KINDS]
    if bad or not names:
        raise ValueError(f"unknown model(s) {', '.join(bad) or '(none)'}; choose from {', '.join(KINDS)}")
    return list(dict.fromkeys(names))


def regression_step(model, batch) -> BatchResult:
    """Mean squared error on the scaled targets; no accuracy (count=0)."""
    x, y = batch  # (batch, W, 1), (batch, outputs)
    pred = model(x)  # (batch, outputs)
    return BatchResult(loss=F.mse_loss(pred, y), correct=0, count=0, samples=int(x.shape[0]))


class BestKeeper:
    """Keeps a copy of the weights of the epoch with the lowest validation loss; ``restore`` loads it once."""

    def __init__(self):
        self._lock = threading.Lock()
        self.best_loss = float("inf")
        self.best_epoch: int | None = None
        self._state: dict | None = None
        self.restored = False

    def on_epoch_end(self, trainer: Trainer, row: dict) -> None:
        loss = row.get("val_loss", row["train_loss"])
        with self._lock:
            if loss < self.best_loss:
                self.best_loss, self.best_epoch = loss, row["epoch"]
                self._state = copy.deepcopy(trainer.model.state_dict())

    def restore(self, model) -> None:
        with self._lock:
            if self._state is not None and not self.restored:
                model.load_state_dict(self._state)
            self.restored = True


@dataclass
class Job:
    kind: str  # one of KINDS
    model: torch.nn.Module  # the forecaster being trained
    trainer: Trainer  # the project's trainer (run() or start())
    keeper: BestKeeper  # best-validation weights
    prepared: Prepared  # the data it trains on

    @property
    def params(self) -> int:
        return count_parameters(self.model)


def make_job(
    kind: str, prepared: Prepared, cfg: ForecastConfig, *, heartbeat_timeout: float | None = None, slots=None
) -> Job:
    """Model (seeded, sized to the budget) + a Trainer with the regression step; not started."""
    with seeded(cfg.seed):
        model = build_matched(kind, cfg.budget, prepared.window, prepared.horizon, prepared.mode)
    batch = max(cfg.batch_size, math.ceil(len(prepared.train_set) / cfg.max_batches))
    train = make_loader(prepared.train_set, batch, seed=cfg.seed)
    val = make_loader(prepared.val_set, 256, shuffle=False)
    tcfg = TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer="adam",
        grad_clip=cfg.grad_clip,
        seed=cfg.seed,
        heartbeat_timeout=heartbeat_timeout,
    )
    trainer = Trainer(model, train, val, tcfg, step_fn=regression_step, name=f"forecast-{kind}", slots=slots)
    keeper = BestKeeper()
    trainer.add_callback("on_epoch_end", keeper.on_epoch_end)
    return Job(kind, model, trainer, keeper, prepared)


@torch.no_grad()
def forecast(model, prepared: Prepared, starts: np.ndarray) -> np.ndarray:
    """(N, H) forecasts in the series' units from each origin (recursive in many-to-one mode)."""
    model.eval()
    starts = np.asarray(starts, int)
    s = torch.as_tensor(prepared.scaled, dtype=torch.float32)
    idx = torch.as_tensor(starts)[:, None] + torch.arange(-prepared.window, 0)[None, :]
    win = s[idx].unsqueeze(-1)  # (N, W, 1): only values before each origin
    if prepared.mode == "many-to-many":
        out = model(win)  # (N, H)
    else:
        steps = []
        for _ in range(prepared.horizon):
            nxt = model(win)  # (N, 1)
            steps.append(nxt)
            win = torch.cat([win[:, 1:, :], nxt.unsqueeze(-1)], dim=1)  # (N, W, 1): prediction fed back
        out = torch.cat(steps, dim=1)  # (N, H)
    return unscale(prepared.scaler, out.numpy())


def segment_scores(model, prepared: Prepared, segment: str, period: int | None) -> dict:
    starts = origins(prepared.split, segment, prepared.window, prepared.horizon)
    return metrics.scores(prepared.values, starts, forecast(model, prepared, starts), period)


def baseline_scores(prepared: Prepared, segment: str, period: int | None) -> dict:
    """Scores of the naive forecast (and the seasonal-naive one when the series has a period)."""
    starts = origins(prepared.split, segment, prepared.window, prepared.horizon)
    out = {
        "naive": metrics.scores(
            prepared.values, starts, metrics.naive_forecast(prepared.values, starts, prepared.horizon), period
        )
    }
    if period and len(starts) and starts.min() >= period:
        out["seasonal_naive"] = metrics.scores(
            prepared.values,
            starts,
            metrics.seasonal_naive_forecast(prepared.values, starts, prepared.horizon, period),
            period,
        )
    return out


def result_row(job: Job, period: int | None) -> dict:
    """Parameters, training time, validation and test RMSE/MAE/MASE of a finished (or stopped) job."""
    job.keeper.restore(job.model)
    val = segment_scores(job.model, job.prepared, "val", period)
    test = segment_scores(job.model, job.prepared, "test", period)
    return {
        "model": job.kind,
        "label": LABELS[job.kind],
        "params": job.params,
        "train_seconds": round(job.trainer.elapsed(), 2),
        "epochs_done": len(job.trainer.history.epochs),
        "best_epoch": job.keeper.best_epoch,
        "state": job.trainer.state,
        "val_rmse": val["rmse"],
        "val_mae": val["mae"],
        "val_mase": val["mase"],
        "test_rmse": test["rmse"],
        "test_mae": test["mae"],
        "test_mase": test["mase"],
        "test_mase_seasonal": test["mase_seasonal"],
    }


def rolling_forecast(model, prepared: Prepared, segment: str = "test") -> tuple[np.ndarray, np.ndarray]:
    """Forecasts from non-overlapping origins that tile ``segment``: (starts (K,), forecasts (K, H))."""
    starts = origins(prepared.split, segment, prepared.window, prepared.horizon)[:: prepared.horizon]
    return starts, forecast(model, prepared, starts)


def naive_segments(prepared: Prepared, segment: str = "test") -> tuple[np.ndarray, np.ndarray]:
    """The naive forecast (repeat the last value) from the same origins as :func:`rolling_forecast`."""
    starts = origins(prepared.split, segment, prepared.window, prepared.horizon)[:: prepared.horizon]
    return starts, metrics.naive_forecast(prepared.values, starts, prepared.horizon)


def best_row(rows: list[dict]) -> dict:
    """The result row with the lowest test MASE."""
    return min(rows, key=lambda r: r["test_mase"])


@torch.no_grad()
def last_window_hidden(model, prepared: Prepared) -> np.ndarray:
    """(hidden units, time) hidden states of a recurrent model over the series' last window."""
    if not hasattr(model, "hidden_states"):
        raise ValueError(f"hidden states exist only for {', '.join(RECURRENT)}")
    model.eval()
    win = torch.as_tensor(prepared.scaled[-prepared.window :], dtype=torch.float32)[
        None, :, None
    ]  # (1, W, 1)
    return model.hidden_states(win)[0].T.numpy()  # (hidden, T)


def run_models(series: Series, kinds: list[str], cfg: ForecastConfig, *, on_epoch=None) -> dict:
    """Train each model in this thread, one after the other, and score all of them (the CLI and the table)."""
    prepared = prepare(
        series.values, cfg.window, cfg.horizon, cfg.mode, val_frac=cfg.val_frac, test_frac=cfg.test_frac
    )
    rows = []
    for kind in kinds:
        job = make_job(kind, prepared, cfg)
        if on_epoch is not None:
            job.trainer.add_callback("on_epoch_end", on_epoch)
        t0 = time.perf_counter()
        job.trainer.run()
        row = result_row(job, series.period)
        row["wall_seconds"] = round(time.perf_counter() - t0, 2)
        rows.append(row)
    base = baseline_scores(prepared, "test", series.period)
    return {
        "series": series.name,
        "rows": len(series),
        "period": series.period,
        "config": asdict(cfg),
        "split": asdict(prepared.split),
        "notes": [str(n) for n in series.notes],
        "models": rows,
        "naive": {"test_rmse": base["naive"]["rmse"], "test_mae": base["naive"]["mae"], "test_mase": 1.0},
        "seasonal_naive": (
            {
                "test_rmse": base["seasonal_naive"]["rmse"],
                "test_mae": base["seasonal_naive"]["mae"],
                "test_mase": base["seasonal_naive"]["mase"],
            }
            if "seasonal_naive" in base
            else None
        ),
    }
