"""Registry entries of the taggers (task "tagging", page "tagger")."""

from __future__ import annotations

from functools import partial

from ..registry import ModelSpec, register
from ..store import default_store
from .model import build_tagger

register(
    ModelSpec(
        name="tagger_bilstm",
        task="tagging",
        builder=partial(build_tagger, "bilstm"),
        weights="bundled",
        description="BiLSTM + char-CNN part-of-speech tagger (17 UPOS), UD English-EWT",
        is_available=lambda: default_store.available("tagger_bilstm"),
    )
)
register(
    ModelSpec(
        name="tagger_unilstm",
        task="tagging",
        builder=partial(build_tagger, "unilstm"),
        weights="bundled",
        description="left-to-right LSTM + char-CNN tagger (baseline: no right context)",
        is_available=lambda: default_store.available("tagger_unilstm"),
    )
)
