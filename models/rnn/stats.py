"""The arithmetic behind the two RNN pages' numbers, tables and sentences (names → nationality, inside the RNN).

Plain functions of plain data (the bundle's manifest metrics, the precomputed memory-task sweep, finished runs'
accuracies), so the pages only lay them out and the tests check them without Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

CELL_ORDER = ("rnn", "lstm", "gru")  # the order the pages list cells in
LEARNED_AT = 0.9  # a lab #27 run "learned" the task when its validation accuracy reached this
DEFAULT_SWEEP_EPOCHS = 8  # the live runs' epochs when the precomputed sweep is missing


# -- names → nationality ----------------------------------------------------------------------------------------
def standard_error(accuracy: float, n: int) -> float:
    """One standard error of an accuracy measured on ``n`` examples: sqrt(p(1 − p) / n) (binomial; a fraction,
    like ``accuracy``). ``n`` below 1 counts as 1."""
    return math.sqrt(accuracy * (1 - accuracy) / max(n, 1))


def lead_over_baseline(accuracy: float | None, baseline: float | None, n_test: int) -> dict | None:
    """How far the RNN is ahead of the n-gram baseline, in percentage points (negative: behind), and one standard
    error of the RNN's accuracy on ``n_test`` names, also in points: {"lead", "se"}. None when either accuracy is
    unknown (no manifest metrics)."""
    if accuracy is None or baseline is None:
        return None
    return {"lead": 100 * (accuracy - baseline), "se": 100 * standard_error(accuracy, n_test)}


def confusion_counts(y_true: list[int], y_pred: list[int], n_classes: int) -> list[list[int]]:
    """(n_classes, n_classes) counts, rows = true class, columns = predicted; every class has its row and column
    even when it never occurs."""
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred, labels=list(range(n_classes))).tolist()


def packed_vs_naive(runs: dict[str, dict]) -> list[dict]:
    """The manifest's packed/naive runs ({"gru-packed": {"test_acc": ...}, ...}) as rows {"cell", "packed",
    "naive"} of test accuracies, in CELL_ORDER; a cell without a packed run is left out, a missing naive run is
    None."""
    return [
        {
            "cell": cell,
            "packed": runs[f"{cell}-packed"]["test_acc"],
            "naive": runs.get(f"{cell}-naive", {}).get("test_acc"),
        }
        for cell in CELL_ORDER
        if f"{cell}-packed" in runs
    ]


# -- inside the RNN: the precomputed sweep and lab #27 ------------------------------------------------------------
def sweep_epochs(sweep: dict | None) -> int:
    """The precomputed sweep's epochs (the live runs' default, so a default run repeats the table's run)."""
    return int(sweep["epochs"]) if sweep else DEFAULT_SWEEP_EPOCHS


def sweep_seeds(sweep: dict | None) -> list[int]:
    """The model seeds the sweep was trained with ([0] when there is no sweep or it predates seeds)."""
    return list(sweep.get("seeds", [0])) if sweep else [0]


def learned(accuracies: list[float], at: float = LEARNED_AT) -> tuple[int, int]:
    """(runs that reached ``at``, runs)."""
    return sum(v >= at for v in accuracies), len(accuracies)


def lab27_rows(lab: dict) -> list[dict]:
    """One row per lab #27 step, in the sweep's order: {"step", "mean", "runs" (one accuracy per seed, None when
    the sweep has no per-seed results), "learned" ((reached 90 %, runs) or None)}."""
    by_seed = lab.get("accuracy_by_seed", {})
    rows = []
    for step, mean in lab["accuracy"].items():
        runs = by_seed[step] if by_seed else None
        rows.append(
            {"step": step, "mean": mean, "runs": runs, "learned": learned(runs) if runs is not None else None}
        )
    return rows


def orthogonal_dip(lab: dict, label: str, chance: float) -> dict | None:
    """The first seed whose ``label`` run was below chance after epoch 1 (from the sweep's stored curves):
    {"seed_index", "a": accuracy after epoch 1, "b": after epoch 2, "r": after epoch 1 under the best
    one-to-one relabelling}; None when no seed dipped (or the sweep has no curves)."""
    curves = lab.get("curves", {}).get(label) or []
    relabelled = lab.get("relabelled_curves", {}).get(label) or []
    for i, (c, r) in enumerate(zip(curves, relabelled)):
        if len(c) >= 2 and c[0] < chance:
            return {"seed_index": i, "a": c[0], "b": c[1], "r": r[0]}
    return None


def accuracy_table(results: Iterable[tuple[str, int, float]]) -> dict[str, dict[str, float]]:
    """Finished runs' (cell, T, final validation accuracy) as {cell: {"T": accuracy}}, the sweep's layout (a later
    run of the same cell and T replaces an earlier one)."""
    table: dict[str, dict[str, float]] = {}
    for cell, length, acc in results:
        table.setdefault(cell, {})[str(length)] = acc
    return table


def effective_init(cell: str, init: str) -> str:
    """The recurrent init a run really uses: chrono exists for the gated cells only, so the vanilla RNN keeps
    PyTorch's default then."""
    return "default" if (cell == "rnn" and init == "chrono") else init
