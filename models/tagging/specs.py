"""Registry entries of the taggers (task "tagging", page "tagger")."""

from __future__ import annotations

from functools import partial

from ..registry import ModelSpec, register
from ..store import default_store
from .model import build_tagger


def _register(name: str, arch: str, description: str) -> None:
    register(
        ModelSpec(
            name=name,
            task="tagging",
            builder=partial(build_tagger, arch),
            weights="bundled",
            description=description,
            is_available=lambda: default_store.available(name),
        )
    )


_register("tagger_bilstm", "bilstm", "BiLSTM + char-CNN part-of-speech tagger (17 UPOS), UD English-EWT")
_register("tagger_unilstm", "unilstm", "left-to-right LSTM + char-CNN tagger (baseline: no right context)")
