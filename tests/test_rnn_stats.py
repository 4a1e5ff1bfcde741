"""The arithmetic the two RNN pages show (models/rnn/stats.py and the small helpers beside it): standard error and
lead over the baseline, confusion counts, the packed/naive and lab #27 tables, the orthogonal-init dip, the live
sweep's table, the masked-loss demo, the batch parser and the vanilla step's check. No Streamlit."""

from __future__ import annotations

import math

import pytest
import torch

from models.rnn import memory_task as M
from models.rnn import stats
from models.rnn import vanilla_step as V
from models.rnn.chars import CharVocab, masked_loss_demo, split_names
from models.rnn.classifier import ClassifierConfig, NameClassifier
from models.rnn.names import load_names


def test_standard_error_of_an_accuracy():
    assert stats.standard_error(0.5, 100) == pytest.approx(0.05)
    assert stats.standard_error(0.711, 1080) == pytest.approx(math.sqrt(0.711 * 0.289 / 1080))
    assert stats.standard_error(1.0, 50) == 0.0
    assert stats.standard_error(0.5, 0) == pytest.approx(0.5)  # no division by zero


def test_lead_over_baseline_in_points():
    lead = stats.lead_over_baseline(0.711, 0.697, 1080)
    assert lead["lead"] == pytest.approx(1.4)
    assert lead["se"] == pytest.approx(100 * math.sqrt(0.711 * 0.289 / 1080))  # about 1.4 points
    assert stats.lead_over_baseline(0.60, 0.65, 100)["lead"] == pytest.approx(-5.0)  # behind: negative
    assert stats.lead_over_baseline(None, 0.7, 100) is None
    assert stats.lead_over_baseline(0.7, None, 100) is None


def test_confusion_counts_rows_true_columns_predicted_every_class_present():
    m = stats.confusion_counts([0, 0, 1, 2], [0, 1, 1, 1], n_classes=4)
    assert m == [[1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    assert sum(map(sum, m)) == 4


def test_packed_vs_naive_rows_in_cell_order():
    runs = {
        "gru-naive": {"test_acc": 0.5},
        "gru-packed": {"test_acc": 0.7},
        "rnn-packed": {"test_acc": 0.6},
        "lstm-naive": {"test_acc": 0.4},  # no packed lstm run: no row
    }
    assert stats.packed_vs_naive(runs) == [
        {"cell": "rnn", "packed": 0.6, "naive": None},
        {"cell": "gru", "packed": 0.7, "naive": 0.5},
    ]
    assert stats.packed_vs_naive({}) == []


def test_sweep_epochs_and_seeds_with_and_without_a_sweep():
    assert stats.sweep_epochs(None) == stats.DEFAULT_SWEEP_EPOCHS
    assert stats.sweep_seeds(None) == [0]
    assert stats.sweep_epochs({"epochs": 6.0}) == 6
    assert stats.sweep_seeds({"epochs": 6}) == [0]  # a sweep made before seeds
    sweep = M.load_sweep()
    assert stats.sweep_seeds(sweep) == sweep["seeds"] and stats.sweep_epochs(sweep) == sweep["epochs"]


def test_learned_counts_runs_at_ninety_percent():
    assert stats.learned([1.0, 0.9, 0.89, 0.2]) == (2, 4)
    assert stats.learned([]) == (0, 0)


def test_lab27_rows_from_the_stored_sweep():
    lab = M.load_sweep()["lab27"]
    rows = stats.lab27_rows(lab)
    assert [r["step"] for r in rows] == list(lab["accuracy"])
    for r in rows:
        assert r["mean"] == lab["accuracy"][r["step"]]
        assert r["runs"] == lab["accuracy_by_seed"][r["step"]]
        assert r["learned"] == (sum(v >= 0.9 for v in r["runs"]), len(r["runs"]))
    plain = stats.lab27_rows({"accuracy": {"a": 0.5}})  # no per-seed results
    assert plain == [{"step": "a", "mean": 0.5, "runs": None, "learned": None}]


def test_orthogonal_dip_finds_the_first_seed_below_chance():
    lab = {
        "curves": {"x": [[0.5, 0.6], [0.1, 0.7], [0.05, 0.8]]},
        "relabelled_curves": {"x": [[0.5], [0.6], [0.9]]},
    }
    assert stats.orthogonal_dip(lab, "x", chance=0.25) == {"seed_index": 1, "a": 0.1, "b": 0.7, "r": 0.6}
    assert stats.orthogonal_dip(lab, "x", chance=0.01) is None
    assert stats.orthogonal_dip({}, "x", chance=0.25) is None
    stored = M.load_sweep()["lab27"]
    chance = 1 / M.MemoryTaskConfig().classes
    dip = stats.orthogonal_dip(stored, "+ orthogonal init", chance)
    assert dip is not None and dip["a"] < chance and dip["r"] > dip["a"]  # what the page's note quotes


def test_accuracy_table_in_the_sweeps_layout():
    table = stats.accuracy_table([("rnn", 5, 0.9), ("gru", 5, 1.0), ("rnn", 20, 0.4), ("rnn", 5, 0.95)])
    assert table == {"rnn": {"5": 0.95, "20": 0.4}, "gru": {"5": 1.0}}
    assert stats.accuracy_table([]) == {}


def test_effective_init_keeps_the_vanilla_rnn_on_default_for_chrono():
    assert stats.effective_init("rnn", "chrono") == "default"
    assert stats.effective_init("rnn", "orthogonal") == "orthogonal"
    assert stats.effective_init("lstm", "chrono") == "chrono"


def test_split_names_strips_drops_empties_and_caps():
    assert split_names(" Li, ,Virtanen ,Abbott,") == ["Li", "Virtanen", "Abbott"]
    assert split_names("") == []
    assert len(split_names(",".join(f"n{i}" for i in range(20)))) == 12
    assert split_names("a,b,c", limit=2) == ["a", "b"]


def test_labelled_keeps_known_names_in_order():
    data = load_names()
    (n1, y1), (n2, y2) = data.test[0], data.train[0]
    assert data.labelled([n2, "Zzzzqx", n1]) == [(n2, y2), (n1, y1)]


def test_masked_loss_demo_real_mean_ignores_padding():
    torch.manual_seed(0)
    vocab = CharVocab.from_names(["Aalto", "Ng"])
    model = NameClassifier(ClassifierConfig(len(vocab), 3, cell="gru", hidden=8, embed=4, dropout=0.0)).eval()
    demo = masked_loss_demo(model, vocab, [("Aalto", 0), ("Ng", 2)])
    per_pos, mask = torch.tensor(demo["per_position"]), torch.tensor(demo["mask"])  # (2, 5) each
    assert mask.tolist() == [[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]]
    assert demo["mean_all"] == pytest.approx(float(per_pos.mean()), rel=1e-6)
    assert demo["mean_real"] == pytest.approx(float(per_pos[mask.bool()].mean()), rel=1e-6)
    assert demo["mean_real"] != pytest.approx(demo["mean_all"])


def test_max_difference_between_hand_and_torch():
    cfg = V.TinyRNNConfig(text="hello", hidden=4, seed=3)
    rnn = V.tiny_rnn(cfg)
    x = V.one_hot(cfg)
    steps, ref = V.unroll(rnn, x), V.torch_states(rnn, x)
    assert V.max_difference(steps, ref) < 1e-6
    assert V.max_difference(steps, ref + 0.5) == pytest.approx(0.5, abs=1e-6)
