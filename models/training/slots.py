"""Training slots: a process-wide cap on concurrent trainings run as threads, with a visible FIFO queue
(the thread path, ``Trainer.start()``; the worker pool of :mod:`.local` keeps its own queue)."""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque


class TrainingSlots:
    """At most ``cap`` trainings run at once; the rest wait in FIFO order and can read their position."""

    def __init__(self, cap: int):
        if cap < 1:
            raise ValueError("the training cap must be at least 1")
        self._cap = cap
        self._cond = threading.Condition()
        self._running: set[int] = set()
        self._waiting: deque[int] = deque()

    @property
    def cap(self) -> int:
        return self._cap

    def set_cap(self, cap: int) -> None:
        if cap < 1:
            raise ValueError("the training cap must be at least 1")
        with self._cond:
            self._cap = cap
            self._cond.notify_all()

    def acquire(self, token: int, cancel: threading.Event | None = None, poll: float = 0.05) -> bool:
        """Wait for a slot. Returns False when ``cancel`` was set while waiting."""
        with self._cond:
            self._waiting.append(token)
            try:
                while not (self._waiting[0] == token and len(self._running) < self._cap):
                    if cancel is not None and cancel.is_set():
                        return False
                    self._cond.wait(poll)
                self._running.add(token)
                return True
            finally:
                if token in self._waiting:
                    self._waiting.remove(token)
                self._cond.notify_all()

    def release(self, token: int) -> None:
        with self._cond:
            self._running.discard(token)
            self._cond.notify_all()

    def position(self, token: int) -> int | None:
        """0 while running, 1.. while waiting (1 = next), None when neither."""
        with self._cond:
            if token in self._running:
                return 0
            try:
                return self._waiting.index(token) + 1
            except ValueError:
                return None

    def counts(self) -> dict[str, int]:
        with self._cond:
            return {"running": len(self._running), "waiting": len(self._waiting), "cap": self._cap}


def env_count(*names: str) -> int | None:
    """The first of the environment variables ``names`` that holds an integer, at least 1; None if none does."""
    for name in names:
        try:
            return max(1, int(os.environ.get(name, "").strip()))
        except ValueError:
            continue
    return None


def default_cap() -> int:
    """CLASSROOM_TRAINING_CAP, else half the cores, at least 1."""
    return env_count("CLASSROOM_TRAINING_CAP") or max(1, (os.cpu_count() or 1) // 2)


#: The server-wide cap (default: half the cores, at least 1; env CLASSROOM_TRAINING_CAP overrides). Measured with
#: bench/load.py on 2 cores, 5 trainings running the whole minute: cap 1 kept students' p95 at 7.8-12.4x idle,
#: cap 2 at 13.9-18.1x (four pairs of runs); the rest of the queue waits with its position shown.
default_slots = TrainingSlots(default_cap())
_tokens = itertools.count(1)
