"""The process side of a job: :class:`JobRunner` trains one :class:`~.jobs.JobSpec` and reports through a
``send(kind, data)`` function; :func:`main` is a worker process of the local pool.

A worker is started by :mod:`.local` as ``python -m models.training.worker FD`` with one end of a socket pair: it
lowers its own CPU priority (``os.nice``), sets one torch thread, imports torch once, then trains the jobs it is
sent, one at a time. A reader thread applies the controls (pause, resume, stop, LR, heartbeat) between batches;
when the server's end of the socket closes (the server stopped or died) the worker exits at once, so no worker
outlives its server.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from .jobs import JobSpec, build_trainer
from .loop import Trainer
from .remote import weights_bytes

Send = Callable[[str, Any], None]


#: Batch rows are sent together, at most every this many seconds (and before any other message, so the order
#: holds): one message per ~50 ms instead of one per batch. Measured with bench/train_overhead.py (README).
BATCH_FLUSH_SECONDS = 0.05


class JobRunner:
    """Train one spec in this process; every batch, epoch, LR event, pause/resume and the end go to ``send``.

    Batch rows travel as ``("batches", [row, ...])``: the rows of the last ~50 ms (``flush_every``) in one
    message, each row still whole (the page's history gets every batch); any other message first sends the rows
    before it."""

    def __init__(self, spec: JobSpec, send: Send, worker: str = "", flush_every: float = BATCH_FLUSH_SECONDS):
        self.spec, self._send, self.worker = spec, send, worker
        self.flush_every = flush_every
        self._lock = threading.Lock()
        self._trainer: Trainer | None = None
        self._early: list[tuple] = []  # controls that arrived before the trainer was built
        self._rows: list[dict] = []  # batch rows not sent yet
        self._flushed = 0.0  # monotonic time of the last batch message

    def send(self, kind: str, data: Any) -> None:
        """Send one message, after the batch rows that came before it."""
        self._flush()
        self._send(kind, data)

    def _batch(self, row: dict) -> None:
        self._rows.append(row)
        if time.monotonic() - self._flushed >= self.flush_every:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            rows, self._rows = self._rows, []
            self._flushed = time.monotonic()
            self._send("batches", rows)

    def control(self, cmd: str, *args) -> None:
        """pause, resume, stop, lr VALUE or heartbeat; safe from any thread."""
        with self._lock:
            t = self._trainer
            if t is None:
                self._early.append((cmd, *args))
                return
        _apply(t, cmd, *args)

    def run(self) -> None:
        try:
            trainer = build_trainer(self.spec)
        except Exception as exc:  # a bad spec or unusable data: the run fails, the worker carries on
            self.send("end", {"state": "failed", "error": f"{type(exc).__name__}: {exc}", "step": 0})
            return
        trainer._share = 1.0  # a worker never rests: its lower priority (nice) hands the cores to the server
        trainer.add_callback("on_batch_end", lambda tr, row: self._batch(row))
        trainer.add_callback("on_epoch_end", lambda tr, row: self.send("epoch", row))
        trainer.add_callback("on_lr_change", lambda tr, row: self.send("event", row))
        trainer.add_callback(
            "on_pause", lambda tr: self.send("state", {"state": "paused", "elapsed": tr.elapsed()})
        )
        trainer.add_callback(
            "on_resume", lambda tr: self.send("state", {"state": "running", "elapsed": tr.elapsed()})
        )
        with self._lock:
            self._trainer = trainer
            early, self._early = self._early, []
        for c in early:
            _apply(trainer, *c)
        self.send(
            "started",
            {"total_steps": trainer.total_steps, "config": asdict(trainer.config), "worker": self.worker},
        )
        try:
            trainer.run()
        except Exception:  # recorded in trainer.state / error
            pass
        end = {
            "state": trainer.state,
            "error": trainer.error,
            "error_traceback": trainer.error_traceback,
            "elapsed": trainer.elapsed(),
            "step": trainer.step,
            "weights": None,
            "results": None,
        }
        try:
            end["weights"] = weights_bytes(trainer.model.state_dict())
            if trainer.results:
                end["results"] = weights_bytes(trainer.results)
        except Exception as exc:  # weights that cannot be serialised: keep the history, say why
            end["error"] = end["error"] or f"the weights could not be sent back: {exc}"
        self.send("end", end)


def _apply(trainer: Trainer, cmd: str, *args) -> None:
    if cmd == "stop":
        trainer.request_stop()
    elif cmd == "pause":
        trainer.pause()
    elif cmd == "resume":
        trainer.resume()
    elif cmd == "lr":
        trainer.set_lr(float(args[0]))
    trainer.heartbeat()  # any message from the page proves someone is watching


#: Default ``os.nice`` of a worker: the lowest priority. CFS then weighs a busy worker at 15 against 1024 for
#: a server thread at nice 0, so a student's rerun gets ~98 % of a core the two contend for, and the trainings run
#: on whatever the students leave (bench/load.py, README "Trainings outside the web server").
WORKER_NICE = 19


def _lower_priority() -> None:
    """os.nice(CLASSROOM_WORKER_NICE, default WORKER_NICE)."""
    try:
        os.nice(int(os.environ.get("CLASSROOM_WORKER_NICE", WORKER_NICE)))
    except (OSError, ValueError):
        pass


def _flush_seconds() -> float:
    """CLASSROOM_BATCH_FLUSH_SECONDS (0: one message per batch, the old way), default BATCH_FLUSH_SECONDS."""
    try:
        return max(0.0, float(os.environ.get("CLASSROOM_BATCH_FLUSH_SECONDS", BATCH_FLUSH_SECONDS)))
    except ValueError:
        return BATCH_FLUSH_SECONDS


def main(fd: int) -> None:
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    signal.signal(
        signal.SIGINT, signal.SIG_IGN
    )  # Ctrl-C in the terminal reaches the whole process group: the
    #   server shuts the pool down itself (and a closed socket ends the worker anyway)
    _lower_priority()
    from ..runtime import configure_threads

    configure_threads()  # CLASSROOM_TORCH_THREADS, default 1
    flush = _flush_seconds()
    jobs: queue.Queue = queue.Queue()
    current: dict[int, JobRunner] = {}
    send_lock = threading.Lock()

    def send(msg: tuple) -> None:
        with send_lock:
            conn.send(msg)

    def reader() -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                os._exit(0)  # the server is gone: never outlive it
            kind = msg[0]
            if kind == "exit":
                os._exit(0)
            if kind == "run":
                _, job_id, spec = msg
                current[job_id] = JobRunner(
                    spec,
                    lambda k, d, j=job_id: send((k, j, d)),
                    worker=f"pid {os.getpid()}",
                    flush_every=flush,
                )
                jobs.put(job_id)
            elif msg[1] in current:
                current[msg[1]].control(kind, *msg[2:])

    threading.Thread(target=reader, name="worker-reader", daemon=True).start()
    send(("ready", 0, {"pid": os.getpid()}))
    while True:
        job_id = jobs.get()
        try:
            current[job_id].run()
        finally:
            current.pop(job_id, None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
