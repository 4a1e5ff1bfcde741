"""The training loop: one trainer for every model in the project (CNNs, RNNs, captioner, tagger, seq2seq).

Shape of the API follows karpathy/minGPT's trainer (``add_callback`` / ``trigger_callbacks``):

    trainer = Trainer(model, train_loader, val_loader, TrainerConfig(epochs=3), step_fn=classification_step)
    trainer.add_callback("on_batch_end", lambda tr, row: print(row["loss"]))
    trainer.run()                # in this thread, or
    trainer.start(); trainer.join()   # in a background thread, after waiting for a training slot

A *step function* turns one batch into a :class:`BatchResult` (a differentiable scalar loss plus counts for
accuracy), so the loop itself knows nothing about images, words or padding. The UI subscribes to callbacks or
polls :attr:`Trainer.history`; the trainer never knows about the UI.
"""

from __future__ import annotations

import math
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import TrainingDivergedError
from .history import History
from .slots import TrainingSlots, _tokens, default_slots

EVENTS = (
    "on_train_start",  # (trainer)
    "on_batch_end",  # (trainer, batch_row)
    "on_epoch_end",  # (trainer, epoch_row)
    "on_lr_change",  # (trainer, event_row) -- scheduler drop or manual change
    "on_stop",  # (trainer) -- a stop request was honoured
    "on_finished",  # (trainer) -- ended normally or after a stop; trainer.state says which
    "on_failed",  # (trainer, exception)
    "on_pause",  # (trainer) -- the loop is now waiting for resume
    "on_resume",  # (trainer) -- the loop goes on after a pause
)

OPTIMIZERS = ("sgd", "sgdm", "adam")
SCHEDULES = ("constant", "step", "plateau")


@dataclass
class BatchResult:
    loss: torch.Tensor  # scalar, differentiable, already averaged over the real (unpadded) outputs
    correct: int = 0  # correct predictions in this batch (0 when accuracy makes no sense)
    count: int = 0  # predictions that count for accuracy (e.g. unpadded tokens)
    samples: int = 0  # examples in the batch, for throughput (defaults to count)


StepFn = Callable[[nn.Module, Any], BatchResult]


def classification_step(model: nn.Module, batch) -> BatchResult:
    """Default step: ``batch = (x, y)``, logits = model(x) of shape (batch, classes), cross-entropy."""
    x, y = batch
    logits = model(x)  # (batch, classes)
    loss = F.cross_entropy(logits, y)
    correct = int((logits.argmax(1) == y).sum())
    return BatchResult(loss=loss, correct=correct, count=int(y.numel()), samples=int(y.shape[0]))


def progress_row(step: int, total: int | None, elapsed: float, samples: int, state: str) -> dict:
    """The progress dict a page shows, for a Trainer and a RemoteRun alike (ETA from the pace so far)."""
    eta = elapsed / step * max(total - step, 0) if total and step else None
    return {
        "step": step,
        "total_steps": total,
        "fraction": (step / total) if total else None,
        "elapsed": elapsed,
        "eta": eta,
        "samples_per_s": samples / elapsed if elapsed > 0 else 0.0,
        "state": state,
    }


def summary_row(run, config: dict) -> dict:
    """A run's config, state, final epoch metrics and timing in plain types, for a Trainer and a RemoteRun alike."""
    epochs = run.history.snapshot()["epochs"]
    last = epochs[-1] if epochs else {}
    return {
        "name": run.name,
        "state": run.state,
        "error": run.error,
        "config": config,
        "steps": run.step,
        "epochs_done": len(epochs),
        "elapsed": run.elapsed(),
        **{k: v for k, v in last.items() if k not in ("epoch", "step", "elapsed")},
    }


def add_callback(self, event: str, fn: Callable) -> None:
    """Subscribe ``fn(run, *args)`` to ``event`` (one of EVENTS); shared by Trainer and RemoteRun."""
    if event not in self.callbacks:
        raise ValueError(f"unknown event {event!r}; choose one of {', '.join(EVENTS)}")
    self.callbacks[event].append(fn)


def trigger_callbacks(self, event: str, *args) -> None:
    for fn in self.callbacks[event]:
        fn(self, *args)


@dataclass
class TrainerConfig:
    epochs: int = 5  # passes over the training data
    lr: float = 1e-3  # initial learning rate
    optimizer: str = "adam"  # one of OPTIMIZERS: sgd, sgdm (SGD + momentum), adam
    momentum: float = 0.9  # momentum for "sgdm"
    weight_decay: float = 0.0  # L2 penalty
    schedule: str = (
        "constant"  # one of SCHEDULES: constant, step (every step_size epochs), plateau (on val acc)
    )
    step_size: int = 2  # epochs between drops for the "step" schedule
    gamma: float = 0.1  # factor of every drop
    patience: int = 0  # epochs without val-acc improvement before a "plateau" drop
    grad_clip: float | None = None  # clip the global gradient norm to this value (None: no clipping)
    max_batches_per_epoch: int | None = None  # cap for quick demos and tests (None: whole loader)
    heartbeat_timeout: float | None = None  # stop by itself when nobody polled for this many seconds
    seed: int = 0  # seeds model init (via seeded()) and the data order (via make_loader())

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.schedule!r}; choose one of {', '.join(SCHEDULES)}")
        if self.epochs < 1:
            raise ValueError("epochs must be at least 1")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise ValueError("lr must be a positive number")


def build_optimizer(params, cfg: TrainerConfig) -> torch.optim.Optimizer:
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    momentum = cfg.momentum if cfg.optimizer == "sgdm" else 0.0
    return torch.optim.SGD(params, lr=cfg.lr, momentum=momentum, weight_decay=cfg.weight_decay)


# ------------------------------------------------------------------------------------------------
# trainer
# ------------------------------------------------------------------------------------------------
@torch.no_grad()
def evaluate(
    model: nn.Module, data: Iterable, step_fn: StepFn = classification_step, max_batches=None
) -> dict:
    """Mean loss (weighted by count) and accuracy of ``model`` over ``data``; restores train/eval mode."""
    was_training = model.training
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    try:
        for i, batch in enumerate(data):
            if max_batches is not None and i >= max_batches:
                break
            r = step_fn(model, batch)
            n = max(r.count, 1)
            total_loss += float(r.loss) * n
            correct += r.correct
            count += n
    finally:
        model.train(was_training)
    return {"loss": total_loss / max(count, 1), "acc": correct / count if count else float("nan")}


class Trainer:
    """Runs ``config.epochs`` epochs of ``step_fn`` over ``train_data``; see the module docstring."""

    def __init__(
        self,
        model: nn.Module,
        train_data: Iterable,
        val_data: Iterable | None = None,
        config: TrainerConfig | None = None,
        *,
        step_fn: StepFn = classification_step,
        optimizer: torch.optim.Optimizer | None = None,
        name: str = "run",
        slots: TrainingSlots | None = None,
    ):
        self.model = model
        self.train_data = train_data
        self.val_data = val_data
        self.config = config or TrainerConfig()
        self.step_fn = step_fn
        self.optimizer = optimizer or build_optimizer(model.parameters(), self.config)
        self.scheduler = self._build_scheduler()
        self.name = name
        self.slots = slots or default_slots
        self.token = next(_tokens)
        self.history = History()
        self.callbacks: dict[str, list[Callable]] = {e: [] for e in EVENTS}
        self.state = "created"  # created, queued, running, paused, stopped, finished, failed
        self.error: str | None = None
        self.error_traceback: str | None = None
        self.step = 0
        self.epoch = 0
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._share = 1.0  # share of wall time spent in steps; start() lowers it (runtime.training_share)
        self._resume.set()
        self._pending_lr: float | None = None
        self._last_poll = time.monotonic()
        self._thread: threading.Thread | None = None
        self._paused_time = 0.0
        self.results: dict = {}  # plain results a builder's callbacks leave for whoever started the run (a worker
        #   sends them back with the weights; e.g. the forecaster's best epoch and its weights)

    # -- callbacks (minGPT style) -----------------------------------------------------------------
    add_callback = add_callback
    trigger_callbacks = trigger_callbacks

    # -- controls (safe from any thread) ----------------------------------------------------------
    def request_stop(self) -> None:
        """Ask the loop to stop; it does so before the next batch starts."""
        self._stop.set()
        self._resume.set()

    def pause(self) -> None:
        self._resume.clear()

    def resume(self) -> None:
        self._resume.set()

    @property
    def paused(self) -> bool:
        return not self._resume.is_set()

    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next batch on (fires on_lr_change with reason 'manual')."""
        if not (lr > 0 and math.isfinite(lr)):
            raise ValueError("lr must be a positive number")
        self._pending_lr = float(lr)

    def heartbeat(self) -> None:
        """Called by whoever watches the run; with ``heartbeat_timeout`` set, an unwatched run stops itself."""
        self._last_poll = time.monotonic()

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    @property
    def total_steps(self) -> int | None:
        try:
            per_epoch = len(self.train_data)  # type: ignore[arg-type]
        except TypeError:
            return None
        if self.config.max_batches_per_epoch is not None:
            per_epoch = min(per_epoch, self.config.max_batches_per_epoch)
        return per_epoch * self.config.epochs

    @property
    def queue_position(self) -> int | None:
        """0 while holding a slot, 1.. while queued, None otherwise."""
        return self.slots.position(self.token)

    def elapsed(self) -> float:
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else time.monotonic()
        return max(0.0, end - self.started_at - self._paused_time)

    def progress(self) -> dict:
        """step, total_steps, fraction, elapsed, eta (seconds, None when unknown), samples per second."""
        samples = sum(r["samples"] for r in self.history.snapshot()["batches"])
        return progress_row(self.step, self.total_steps, self.elapsed(), samples, self.state)

    # -- background execution ---------------------------------------------------------------------
    def start(self) -> Trainer:
        """Run in a daemon thread after waiting for a slot (state 'queued' meanwhile)."""
        if self._thread is not None:
            raise RuntimeError("this trainer was already started")
        self.state = "queued"
        self._thread = threading.Thread(target=self._run_with_slot, name=f"trainer-{self.name}", daemon=True)
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the background thread; True when it has ended."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run_with_slot(self) -> None:
        from ..runtime import training_share

        self._share = training_share()  # a background run shares the server with the students
        if not self.slots.acquire(self.token, cancel=self._stop):
            self.state = "stopped"
            self.trigger_callbacks("on_stop")
            self.trigger_callbacks("on_finished")
            return
        try:
            self.run()
        except Exception:  # already recorded in self.error and reported through on_failed
            pass
        finally:
            self.slots.release(self.token)

    # -- the loop ---------------------------------------------------------------------------------
    def _build_scheduler(self):
        cfg = self.config
        if cfg.schedule == "step":
            return torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=cfg.step_size, gamma=cfg.gamma)
        if cfg.schedule == "plateau":
            return torch.optim.lr_scheduler.ReduceLROnPlateau(
                self.optimizer, mode="max", factor=cfg.gamma, patience=cfg.patience
            )
        return None

    def _change_lr(self, new: float, reason: str) -> None:
        old = self.lr
        if new == old:
            return
        for g in self.optimizer.param_groups:
            g["lr"] = new
        self._record_lr_event(old, new, reason)

    def _record_lr_event(self, old: float, new: float, reason: str) -> None:
        row = {"step": self.step, "epoch": self.epoch, "old_lr": old, "new_lr": new, "reason": reason}
        self.history.add("events", row)
        self.trigger_callbacks("on_lr_change", row)

    def _should_stop(self) -> bool:
        if self._stop.is_set():
            return True
        hb = self.config.heartbeat_timeout
        if hb is not None and time.monotonic() - self._last_poll > hb:
            self.error = None
            self._stop.set()
            return True
        return False

    def _wait_if_paused(self) -> None:
        if self._resume.is_set():
            return
        self.state = "paused"
        self.trigger_callbacks("on_pause")
        t0 = time.monotonic()
        while not self._resume.wait(0.05):
            if self._should_stop():
                break
        self._paused_time += time.monotonic() - t0
        if not self._stop.is_set():
            self.state = "running"
            self.trigger_callbacks("on_resume")

    def _before_batch(self) -> bool:
        """Pause, stop and LR requests are honoured here, between two batches. False: stop now."""
        self._wait_if_paused()
        if self._should_stop():
            return False
        if self._pending_lr is not None:
            lr, self._pending_lr = self._pending_lr, None
            self._change_lr(lr, "manual")
        return True

    def _train_step(self, batch) -> tuple[BatchResult, float]:
        """One optimisation step; returns the step's result and its duration in seconds."""
        t0 = time.perf_counter()
        result = self.step_fn(self.model, batch)
        if not torch.isfinite(result.loss):
            raise TrainingDivergedError(
                f"the loss became {float(result.loss.detach())} at step {self.step + 1}: the learning "
                "rate is probably too high, or the data has values of absurd magnitude"
            )
        self.optimizer.zero_grad(set_to_none=True)
        result.loss.backward()
        if self.config.grad_clip is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.config.grad_clip)
        self.optimizer.step()
        dt = time.perf_counter() - t0
        if self._share < 1.0:  # rest so that the step took at most this share of the wall time
            self._stop.wait(dt * (1.0 / self._share - 1.0))
        return result, dt

    def _batch_row(self, epoch: int, i: int, result: BatchResult, dt: float) -> dict:
        return {
            "step": self.step,
            "epoch": epoch,
            "batch": i + 1,
            "loss": float(result.loss.detach()),
            "acc": result.correct / result.count if result.count else float("nan"),
            "lr": self.lr,
            "samples": result.samples or result.count,
            "batch_seconds": dt,
            "elapsed": self.elapsed(),
        }

    def _run_epoch(self, epoch: int) -> dict:
        """Train one epoch (until a stop request); returns the running totals for the epoch row."""
        cfg = self.config
        totals = {"loss": 0.0, "correct": 0, "count": 0}
        for i, batch in enumerate(self.train_data):
            if cfg.max_batches_per_epoch is not None and i >= cfg.max_batches_per_epoch:
                break
            if not self._before_batch():
                break
            result, dt = self._train_step(batch)
            self.step += 1
            row = self._batch_row(epoch, i, result, dt)
            n = max(result.count, 1)
            totals["loss"] += row["loss"] * n
            totals["correct"] += result.correct
            totals["count"] += n
            self.history.add("batches", row)
            self.trigger_callbacks("on_batch_end", row)
        return totals

    def _end_epoch(self, epoch: int, totals: dict) -> None:
        """Epoch row (validation included), callbacks, scheduler."""
        n = totals["count"]
        erow = {
            "epoch": epoch,
            "step": self.step,
            "train_loss": totals["loss"] / max(n, 1),
            "train_acc": totals["correct"] / n if n else float("nan"),
            "lr": self.lr,
            "elapsed": self.elapsed(),
        }
        if self.val_data is not None:
            v = evaluate(self.model, self.val_data, self.step_fn)
            erow.update(val_loss=v["loss"], val_acc=v["acc"])
        self.history.add("epochs", erow)
        self.trigger_callbacks("on_epoch_end", erow)
        self._scheduler_step(erow)

    def run(self) -> History:
        """Train in the calling thread. Returns the history (also kept on the trainer)."""
        self.state = "running"
        self.started_at = time.monotonic()
        self.trigger_callbacks("on_train_start")
        try:
            self.model.train()
            for epoch in range(1, self.config.epochs + 1):
                self.epoch = epoch
                totals = self._run_epoch(epoch)
                if self._stop.is_set():
                    break
                self._end_epoch(epoch, totals)
            self.state = "stopped" if self._stop.is_set() else "finished"
            if self.state == "stopped":
                self.trigger_callbacks("on_stop")
            self.ended_at = time.monotonic()
            self.trigger_callbacks("on_finished")
            return self.history
        except Exception as exc:
            self.state = "failed"
            self.error = f"{type(exc).__name__}: {exc}"
            self.error_traceback = traceback.format_exc()
            self.ended_at = time.monotonic()
            self.trigger_callbacks("on_failed", exc)
            raise

    def _scheduler_step(self, erow: dict) -> None:
        if self.scheduler is None:
            return
        old = self.lr
        if isinstance(self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            metric = erow.get("val_acc", erow["train_acc"])
            self.scheduler.step(metric)
            reason = "plateau"
        else:
            self.scheduler.step()
            reason = "step"
        if self.lr != old:
            self._record_lr_event(old, self.lr, reason)

    def summary(self) -> dict:
        """Config, state, final epoch metrics and timing in plain types (for tables and JSON)."""
        return summary_row(self, asdict(self.config))


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
