"""The run a page holds: :class:`RemoteRun`, a proxy with a ``Trainer``'s surface for a job that trains elsewhere.

A page builds a :class:`~.jobs.JobSpec`, wraps it in a RemoteRun and starts it; the executor (a worker process of
the local pool by default, a Ray actor with ``CLASSROOM_EXECUTOR=ray``) streams every batch row back, and the
proxy keeps them in a local :class:`~.history.History`. Controls (pause, resume, stop, LR, heartbeat) travel to
the job as small messages. When the job ends its weights come back as bytes and are loaded with
``torch.load(weights_only=True)`` into the page's own copy of the network (``model=``), or into one rebuilt
from the spec when the page first asks for ``.model``.

    run = RemoteRun(lab_job(cfg, heartbeat_timeout=60), model=local_model)
    run.start()                         # queued (position and ETA), then running in a worker
    run.history.snapshot(); run.progress(); run.pause(); run.set_lr(0.01); run.request_stop()
"""

from __future__ import annotations

import io
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import torch

from .history import History
from .jobs import JobSpec, build_trainer
from .loop import EVENTS, add_callback, progress_row, summary_row, trigger_callbacks
from .state import LIVE, STARTED

EXECUTORS = ("local", "ray")
WORKER_LOST = "the training process ended unexpectedly"
HEARTBEAT_EVERY = 1.0  # seconds: the page polls twice a second; the job hears about it at most once a second

_job_ids = itertools.count(1)


def executor_name() -> str:
    """CLASSROOM_EXECUTOR: local (default, worker processes on this machine) or ray."""
    name = os.environ.get("CLASSROOM_EXECUTOR", "local").strip().lower() or "local"
    if name not in EXECUTORS:
        raise ValueError(f"unknown CLASSROOM_EXECUTOR {name!r}; choose one of {', '.join(EXECUTORS)}")
    return name


_executors: dict[str, Any] = {}
_executors_lock = threading.Lock()


def get_executor(name: str | None = None):
    """The process-wide executor of that name, created on first use (the pool starts its workers lazily)."""
    name = name or executor_name()
    with _executors_lock:
        if name not in _executors:
            if name == "ray":
                import importlib.util

                if importlib.util.find_spec("ray") is None:
                    raise ValueError("the Ray executor needs ray: pip install -r requirements-ray.txt")
                from .ray_executor import RayExecutor

                _executors[name] = RayExecutor()
            elif name == "local":
                from .local import LocalExecutor

                _executors[name] = LocalExecutor()
            else:
                raise ValueError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
        return _executors[name]


def weights_bytes(state: dict) -> bytes:
    buf = io.BytesIO()
    torch.save(state, buf)
    return buf.getvalue()


def load_bytes(data: bytes) -> Any:
    return torch.load(io.BytesIO(data), weights_only=True)


class RemoteRun:
    """A job running elsewhere, seen through the surface pages use on a Trainer."""

    def __init__(
        self,
        spec: JobSpec,
        *,
        model: torch.nn.Module | None = None,
        on_result: Callable[[dict], None] | None = None,
        executor: Any = None,
    ):
        self.spec = spec
        self.name = spec.name
        self.job_id = next(_job_ids)
        self.owner: str | None = None  # the browser session that started it: one active training per session
        self.executor_choice = executor  # None: CLASSROOM_EXECUTOR; "local" / "ray"; or an executor object
        self.history = History()
        self.callbacks: dict[str, list[Callable]] = {e: [] for e in EVENTS}
        self.state = "created"  # created, queued, running, paused, stopped, finished, failed
        self.error: str | None = None
        self.error_key: str | None = None  # "worker_lost" when the process that trained it died
        self.error_traceback: str | None = None
        self.step = 0
        self.epoch = 0
        self.total_steps: int | None = None
        self.config: dict = {}
        self.results: dict = {}  # what the job's builder left in trainer.results
        self.worker: str | None = None  # which process / actor trains it (for logs and tests)
        self.submitted_at: float | None = None
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._model = model
        self._on_result = on_result
        self._weights: bytes | None = None
        self._model_lock = threading.Lock()
        self._lr: float | None = None
        self._paused = False
        self._ended = threading.Event()
        self._executor = None
        self._elapsed = 0.0  # the job's own elapsed seconds at its latest row ...
        self._elapsed_at: float | None = None  # ... received at this monotonic time
        self._last_hb = time.monotonic()
        self._hb_sent = 0.0
        self._samples = 0  # samples of every batch row received

    # -- callbacks, as on a Trainer (fired from the executor's thread) ------------------------------------
    add_callback = add_callback
    trigger_callbacks = trigger_callbacks

    # -- starting and waiting ----------------------------------------------------------------------------
    def start(self) -> RemoteRun:
        """Queue the job on the executor (first come, first served); returns at once."""
        if self._executor is not None:
            raise RuntimeError("this run was already started")
        choice = self.executor_choice
        self._executor = choice if hasattr(choice, "submit") else get_executor(choice)
        self.state = "queued"
        self.submitted_at = time.monotonic()
        self._last_hb = time.monotonic()
        self._executor.submit(self)
        return self

    def run(self) -> History:
        """Start and wait (the CLI's foreground use)."""
        self.start()
        self.join()
        return self.history

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the end; True when it has ended."""
        if self._executor is None:
            return True
        return self._ended.wait(timeout)

    @property
    def alive(self) -> bool:
        return self._executor is not None and not self._ended.is_set()

    # -- controls (any thread) ---------------------------------------------------------------------------
    def _send(self, cmd: str, *args) -> None:
        if self._executor is not None and not self._ended.is_set():
            self._executor.control(self, cmd, *args)

    def request_stop(self) -> None:
        """Ask the job to stop before its next batch (a queued job leaves the queue at once)."""
        self._paused = False
        self._send("stop")

    def pause(self) -> None:
        self._paused = True
        self._send("pause")

    def resume(self) -> None:
        self._paused = False
        self._send("resume")

    @property
    def paused(self) -> bool:
        return self._paused and self.state in LIVE

    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next batch on."""
        if not (lr > 0 and lr == lr and lr != float("inf")):
            raise ValueError("lr must be a positive number")
        self._lr = float(lr)
        self._send("lr", float(lr))

    def heartbeat(self) -> None:
        """The page is still watching; forwarded to the job at most once a second."""
        now = time.monotonic()
        self._last_hb = now
        if now - self._hb_sent >= HEARTBEAT_EVERY and self.state in STARTED:
            self._hb_sent = now
            self._send("heartbeat")

    def heartbeat_expired(self, now: float | None = None) -> bool:
        hb = self.spec.heartbeat_timeout
        return hb is not None and (now or time.monotonic()) - self._last_hb > hb

    # -- reading -----------------------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        return float(self._lr if self._lr is not None else self.config.get("lr", float("nan")))

    @property
    def queue_position(self) -> int | None:
        """0 while a worker has it, 1.. while queued (1 = next), None otherwise."""
        if self._executor is None or self._ended.is_set():
            return None
        return self._executor.position(self)

    @property
    def queue_eta(self) -> float | None:
        """Seconds until a queued job should start (None when unknown or not queued)."""
        if self._executor is None or self.state != "queued":
            return None
        return self._executor.eta(self)

    def elapsed(self) -> float:
        if self._elapsed_at is None:
            return 0.0
        extra = time.monotonic() - self._elapsed_at if self.state == "running" else 0.0
        return self._elapsed + extra

    def progress(self) -> dict:
        """step, total_steps, fraction, elapsed, eta (seconds, None when unknown), samples per second."""
        # the sample count is kept as rows arrive: a poll does not walk the whole history
        return progress_row(self.step, self.total_steps, self.elapsed(), self._samples, self.state)

    def summary(self) -> dict:
        return summary_row(self, dict(self.config))

    @property
    def model(self) -> torch.nn.Module:
        """The trained network: the page's own copy, or one rebuilt here from the spec, with the weights that came
        back loaded (weights_only=True). Before the end: the untrained network."""
        with self._model_lock:
            if self._model is None:
                self._model = build_trainer(self.spec).model
            if self._weights is not None:
                self._model.load_state_dict(load_bytes(self._weights))
                self._weights = None
            return self._model

    def checkpoint(self) -> bytes | None:
        """The trained weights as torch.save bytes (None before the end)."""
        with self._model_lock:
            if self._weights is not None:
                return self._weights
        return weights_bytes(self.model.state_dict()) if self._ended.is_set() else None

    # -- what the executor calls (its own thread) --------------------------------------------------------
    def _touch(self, elapsed: float | None) -> None:
        if elapsed is not None:
            self._elapsed, self._elapsed_at = float(elapsed), time.monotonic()

    def handle(self, kind: str, data: Any) -> None:
        """One message from the job: started, batches, epoch, event, state or end."""
        if self._ended.is_set():
            return
        if kind == "started":
            self.total_steps, self.config = data.get("total_steps"), data.get("config", {})
            self.worker = data.get("worker")
            self.started_at = time.monotonic()
            self._touch(0.0)
            if self._lr is None:
                self._lr = self.config.get("lr")
            self.state = "paused" if self._paused else "running"
            self.trigger_callbacks("on_train_start")
        elif kind == "batches":  # the rows of the last ~50 ms (worker.JobRunner), oldest first
            for row in data:
                self._batch(row)
        elif kind == "epoch":
            self.history.add("epochs", data)
            self._lr = data.get("lr", self._lr)
            self.trigger_callbacks("on_epoch_end", data)
        elif kind == "event":
            self.history.add("events", data)
            self._lr = data.get("new_lr", self._lr)
            self.trigger_callbacks("on_lr_change", data)
        elif kind == "state":
            self._touch(data.get("elapsed"))
            self.state = data["state"]
        elif kind == "end":
            self._end(data)

    def _batch(self, row: dict) -> None:
        self.history.add("batches", row)
        self._samples += row["samples"]
        self.step, self.epoch, self._lr = row["step"], row["epoch"], row["lr"]
        self._touch(row.get("elapsed"))
        self.trigger_callbacks("on_batch_end", row)

    def _end(self, data: dict) -> None:
        self._touch(data.get("elapsed"))
        self.step = data.get("step", self.step)
        if data.get("weights") is not None:
            with self._model_lock:
                self._weights = data["weights"]
            if self._model is not None:
                self.model  # noqa: B018 -- load now into the page's own copy
        if data.get("results"):
            self.results = load_bytes(data["results"])
            if self._on_result is not None:
                self._on_result(self.results)
        self._finish(data["state"], data.get("error"), data.get("error_traceback"))

    def fail_lost(self) -> None:
        """The process (or actor) that trained this job died: keep what came back, mark the run failed."""
        self.error_key = "worker_lost"
        self._finish("failed", WORKER_LOST, None)

    def cancel(self) -> None:
        """Stopped before it ever started (stop pressed while queued, tab closed, nobody watching)."""
        self._finish("stopped", None, None)

    def _finish(self, state: str, error: str | None, tb: str | None) -> None:
        if self._ended.is_set():
            return
        self.state, self.error, self.error_traceback = state, error, tb
        self.ended_at = time.monotonic()
        self._paused = False
        self._ended.set()
        if state == "stopped":
            self.trigger_callbacks("on_stop")
        if state == "failed":
            self.trigger_callbacks("on_failed", RuntimeError(error or "failed"))
        else:
            self.trigger_callbacks("on_finished")


def spec_summary(spec: JobSpec) -> dict:
    """The spec without its data (for logs and JSON)."""
    d = asdict(spec)
    d["config"] = {k: v for k, v in d["config"].items() if k not in ("values", "train", "val")}
    return d
