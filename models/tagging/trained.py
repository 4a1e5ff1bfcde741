"""A tagger a student trained on the page: its training data split, its held-out score and its checkpoint
as downloadable bytes (the tagging page calls these; the CLI's own training path is models/tagging/cli.py)."""

from __future__ import annotations

import io

import torch

from ..errors import ModelsError
from .conllu_io import Sentence, heldout_split
from .inference import NeuralTagger, evaluate_tagger
from .train import TrainSettings, checkpoint


def split_for_training(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out): every 10th sentence held out; too few sentences to hold any out is an error."""
    train, test = heldout_split(sentences)
    if not test:
        raise ModelsError(f"{len(sentences)} sentences: at least 10 are needed to hold out every 10th")
    return train, test


def checkpoint_bytes(ckpt: dict) -> bytes:
    """A checkpoint dict as the bytes of a .pt file."""
    buf = io.BytesIO()
    torch.save(ckpt, buf)
    return buf.getvalue()


def finish_run(
    model, vocab, settings: TrainSettings, test: list[Sentence]
) -> tuple[NeuralTagger, dict, bytes]:
    """A finished (or stopped) run's tagger, its held-out result and its checkpoint file (metrics inside)."""
    tagger = NeuralTagger(model, vocab)
    result = evaluate_tagger(tagger, test)
    return tagger, result, checkpoint_bytes(checkpoint(model, vocab, settings, metrics=result))
