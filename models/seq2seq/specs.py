"""Registry entries of the four bundled translators (task "translation", page "translate")."""

from __future__ import annotations

from functools import partial

from ..registry import ModelSpec, register
from ..store import default_store
from . import corpus
from .model import build_seq2seq
from .train import weights_name

for _direction in corpus.DIRECTIONS:
    _src, _tgt = corpus.direction_langs(_direction)
    for _attention in (True, False):
        _name = weights_name(_direction, _attention)
        register(
            ModelSpec(
                name=_name,
                task="translation",
                builder=partial(
                    build_seq2seq,
                    src_vocab=len(corpus.vocab(_src)),
                    tgt_vocab=len(corpus.vocab(_tgt)),
                    attention=_attention,
                ),
                weights="bundled",
                description=f"number words {_direction}: GRU encoder-decoder "
                + ("with Luong attention" if _attention else "without attention (baseline)"),
                is_available=partial(default_store.available, _name),
            )
        )
