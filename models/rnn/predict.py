"""Inference with the bundled names classifier: probabilities, prediction after every prefix, hidden states."""

from __future__ import annotations

import functools

import torch

from ..errors import InputError
from .chars import pad_batch
from .classifier import load_bundled

MAX_LEN = 40


@functools.lru_cache(maxsize=1)
def bundled():
    """(model, vocab, labels), loaded once per process (eval mode; never mutated)."""
    return load_bundled()


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError("type a name (letters, at least one)")
    if len(name) > MAX_LEN:
        raise InputError(f"a name of at most {MAX_LEN} characters, please (got {len(name)})")
    if not any(c.isalpha() for c in name):
        raise InputError("a name needs at least one letter")
    return name


@torch.inference_mode()
def analyse(name: str, bundle=None) -> dict:
    """Everything the page shows for one name: labels, final probabilities, the probabilities after every prefix
    (T, classes), the top layer's hidden state after every character (T, hidden), unknown characters."""
    name = check_name(name)
    model, vocab, labels = bundle or bundled()
    enc = vocab.encode(name)
    ids, lengths, _ = pad_batch([enc[: t + 1] for t in range(len(enc))])  # (T, T): every prefix, padded
    probs = model(ids, lengths, "packed").softmax(-1)  # (T, classes): the answer after each prefix
    final = probs[-1]  # (classes,) the whole name
    states = model.forward_states(ids[-1:])  # (1, T, hidden): left-to-right states over the whole name
    return {
        "name": name,
        "labels": labels,
        "probs": final.tolist(),
        "prefix_probs": probs.tolist(),
        "prefixes": [name[: t + 1] for t in range(len(name))],
        "hidden": states[0].tolist(),
        "unknown": vocab.unknown(name),
    }


def predict(name: str, bundle=None) -> list[dict]:
    """[{"label", "prob"}, ...] sorted by probability, highest first."""
    a = analyse(name, bundle)
    rows = [{"label": lab, "prob": round(p, 6)} for lab, p in zip(a["labels"], a["probs"])]
    return sorted(rows, key=lambda r: -r["prob"])
