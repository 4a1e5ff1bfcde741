"""The states a training run goes through, and the groups of them the pages test.

``TrainerState`` is a ``StrEnum``: a state equals its plain string (``TrainerState.RUNNING == "running"``), so it
crosses process boundaries and JSON as text and older code comparing with strings keeps working.

    created → queued → running ⇄ paused → finished | stopped | failed
"""

from __future__ import annotations

from enum import StrEnum


class TrainerState(StrEnum):
    CREATED = "created"
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"
    FAILED = "failed"


#: has begun its steps and not ended (an ETA makes sense)
STARTED = frozenset({TrainerState.RUNNING, TrainerState.PAUSED})
#: waiting for a worker or training (pause / stop buttons make sense)
LIVE = frozenset({TrainerState.QUEUED, *STARTED})
#: not ended yet, including a run that was created but not submitted
ACTIVE = frozenset({TrainerState.CREATED, *LIVE})
#: will not change any more
ENDED = frozenset({TrainerState.STOPPED, TrainerState.FINISHED, TrainerState.FAILED})
