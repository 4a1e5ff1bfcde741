"""When the names classifier should say "not sure": a threshold on its top probability, chosen on the
VALIDATION split and then reported on the test split.

Rule (selective classification): the threshold is the LOWEST value on a grid of round numbers at which the names
answered (top probability >= threshold) are right at least ``target`` of the time on the validation split. Lower
thresholds answer more names but are wrong more often; the grid keeps the number the page quotes readable.
The test split is only measured, never used to choose.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

import torch

from .chars import NameBatches

TARGET_ACCURACY = 0.85  # the accuracy the answered validation names must reach
GRID = tuple(round(0.05 * k, 2) for k in range(2, 20))  # 0.10, 0.15, ..., 0.95


@dataclass(frozen=True)
class Coverage:
    threshold: float  # answers need a top probability >= this
    n: int  # names in the split
    answered: float  # share of names answered (top probability >= threshold)
    accuracy_answered: float  # accuracy on the answered names
    accuracy_all: float  # accuracy when every name is answered (no threshold)


@torch.inference_mode()
def predict_probs(model, vocab, pairs, batch: int = 512) -> torch.Tensor:
    """Class probabilities (N, classes) for (name, label) pairs, in order (eval mode assumed)."""
    collate = NameBatches(vocab)
    out = []
    for i in range(0, len(pairs), batch):
        ids, lengths, _, _ = collate(pairs[i : i + batch])
        out.append(model(ids, lengths).softmax(-1))  # (b, classes); an ensemble's mean probability
    return torch.cat(out)


def coverage(top: torch.Tensor, correct: torch.Tensor, threshold: float) -> Coverage:
    """How many names are answered at ``threshold`` and how often those answers are right.
    top: (N,) top probability; correct: (N,) bool, the top class is the true one."""
    keep = top >= threshold
    n_keep = int(keep.sum())
    return Coverage(
        threshold=threshold,
        n=int(top.numel()),
        answered=n_keep / max(int(top.numel()), 1),
        accuracy_answered=float(correct[keep].double().mean()) if n_keep else float("nan"),
        accuracy_all=float(correct.double().mean()),
    )


def choose_threshold(
    top: torch.Tensor, correct: torch.Tensor, target: float = TARGET_ACCURACY, grid=GRID
) -> float:
    """The lowest grid value whose answered names reach ``target`` accuracy (the highest grid value when none
    does). Call it with VALIDATION predictions only."""
    if not 0 < target <= 1:
        raise ValueError("target accuracy must be in (0, 1]")
    for t in sorted(grid):
        c = coverage(top, correct, t)
        if c.accuracy_answered == c.accuracy_answered and c.accuracy_answered >= target:  # (nan never passes)
            return float(t)
    return float(max(grid))


def _top_and_correct(model, vocab, pairs) -> tuple[torch.Tensor, torch.Tensor]:
    probs = predict_probs(model, vocab, pairs)  # (N, classes)
    labels = torch.tensor([y for _, y in pairs])
    top, pred = probs.max(1)
    return top, pred == labels


def abstention_report(model, vocab, data, target: float = TARGET_ACCURACY) -> dict:
    """Threshold chosen on data.val, and its effect on validation and test (plain types, for page and CLI)."""
    val_top, val_ok = _top_and_correct(model, vocab, list(data.val))
    t = choose_threshold(val_top, val_ok, target)
    test_top, test_ok = _top_and_correct(model, vocab, list(data.test))
    return {
        "threshold": t,
        "target": target,
        "val": asdict(coverage(val_top, val_ok, t)),
        "test": asdict(coverage(test_top, test_ok, t)),
    }


@functools.lru_cache(maxsize=1)
def bundled_abstention() -> dict:
    """abstention_report for the bundled checkpoint on its own data split (computed once per process)."""
    from .names import NamesConfig, load_names
    from .predict import bundled

    model, vocab, _ = bundled()
    return abstention_report(model, vocab, load_names(NamesConfig()))


def verdict(probs: list[float], labels: list[str], threshold: float) -> dict:
    """{"sure": bool, "label": top label, "prob": top probability} for one name's probabilities."""
    i = max(range(len(probs)), key=probs.__getitem__)
    return {"sure": probs[i] >= threshold, "label": labels[i], "prob": float(probs[i])}
