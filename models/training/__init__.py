"""Training: one trainer for every model, and the executors that run it away from the web server.

* :mod:`.loop` -- :class:`Trainer` (minGPT-style callbacks, pause / stop within one batch / LR change),
  :class:`TrainerConfig`, :class:`BatchResult`, :func:`evaluate`.
* :mod:`.history` -- lock-protected per-batch / per-epoch / event rows; :mod:`.seeding` -- seeded builds and
  loaders; :mod:`.slots` -- the thread path's server-wide cap (``Trainer.start()``).
* :mod:`.jobs` -- a training job as a picklable description (:class:`JobSpec`: builder name + plain config + seed)
  and the registry of builders every page's training uses.
* :mod:`.remote` -- :class:`RemoteRun`, the proxy a page holds: same surface as a ``Trainer`` (history, progress,
  state, queue position, pause / resume / stop / LR), whatever process or machine runs the job.
* :mod:`.local` -- the default executor: a lazily started pool of worker processes (:mod:`.worker`);
  :mod:`.ray_executor` -- the same job specs as Ray actors (``CLASSROOM_EXECUTOR=ray``).
"""

from __future__ import annotations

from .history import History
from .jobs import JobSpec, build_trainer, job_builders
from .loop import (
    EVENTS,
    OPTIMIZERS,
    SCHEDULES,
    BatchResult,
    StepFn,
    Trainer,
    TrainerConfig,
    build_optimizer,
    classification_step,
    count_parameters,
    evaluate,
)
from .remote import RemoteRun, executor_name, get_executor
from .seeding import make_loader, seeded
from .slots import TrainingSlots, default_slots

__all__ = [
    "EVENTS",
    "OPTIMIZERS",
    "SCHEDULES",
    "BatchResult",
    "History",
    "JobSpec",
    "RemoteRun",
    "StepFn",
    "Trainer",
    "TrainerConfig",
    "TrainingSlots",
    "build_optimizer",
    "build_trainer",
    "classification_step",
    "count_parameters",
    "default_slots",
    "evaluate",
    "executor_name",
    "get_executor",
    "job_builders",
    "make_loader",
    "seeded",
]
