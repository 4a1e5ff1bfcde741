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
    intra-op = number of cores and inter-op = 1: the server runs many small requests concurrently on
    Python threads, so torch's own inter-op pool adds contention without speed.
    """
    global _configured
    with _lock:
        if _configured is not None:
            return dict(_configured)
        cores = os.cpu_count() or 1
        n = num_threads or int(os.environ.get("CLASSROOM_TORCH_THREADS", "0") or 0) or cores
        inter = interop_threads or int(os.environ.get("CLASSROOM_TORCH_INTEROP_THREADS", "0") or 0) or 1
        torch.set_num_threads(n)
        try:
            torch.set_num_interop_threads(inter)
        except RuntimeError:  # already set (or parallel work already started) in this process
            inter = torch.get_num_interop_threads()
        _configured = {"num_threads": torch.get_num_threads(), "interop_threads": inter}
        return dict(_configured)
