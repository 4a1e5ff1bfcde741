"""Process-wide PyTorch thread settings, applied once (``set_num_interop_threads`` fails on a second call)."""

from __future__ import annotations

import os
import threading

import torch

_lock = threading.Lock()
_configured: dict | None = None


def configure_threads(num_threads: int | None = None, interop_threads: int | None = None) -> dict:
    """Set intra-op and inter-op thread counts once per process; later calls return the first settings.

    Defaults come from the environment (CLASSROOM_TORCH_THREADS, CLASSROOM_TORCH_INTEROP_THREADS), else
    1 and 1: the server runs many small requests and trainings concurrently on Python threads, one per
    student, so the parallelism comes from the students; torch's own thread pools on top of that oversubscribe
    the cores. Measured on a loaded 2-core machine: five forecasters trained 13x slower on the clock with
    2 intra-op threads than with 1 (142.8 s vs 10.9 s), a small captioner test 348 s vs 18 s.
    """
    global _configured
    with _lock:
        if _configured is not None:
            return dict(_configured)
        n = num_threads or int(os.environ.get("CLASSROOM_TORCH_THREADS", "0") or 0) or 1
        inter = interop_threads or int(os.environ.get("CLASSROOM_TORCH_INTEROP_THREADS", "0") or 0) or 1
        torch.set_num_threads(n)
        try:
            torch.set_num_interop_threads(inter)
        except RuntimeError:  # already set (or parallel work already started) in this process
            inter = torch.get_num_interop_threads()
        _configured = {"num_threads": torch.get_num_threads(), "interop_threads": inter}
        return dict(_configured)


def training_share() -> float:
    """The largest share of wall time a background training may spend in its steps (0.05..1): after a step of
    d seconds the training thread rests d * (1 / share - 1) seconds, handing the GIL and the core to the students.

    Env CLASSROOM_TRAINING_SHARE; default 0.5, chosen from ``bench/load.py`` (README, "Server knobs"). Command-line
    training (``python -m models train ...``) runs in the foreground and never rests."""
    try:
        v = float(os.environ.get("CLASSROOM_TRAINING_SHARE", "0.5"))
    except ValueError:
        return 0.5
    return min(1.0, max(0.05, v)) if v == v else 0.5
