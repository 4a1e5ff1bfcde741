"""The bundled names checkpoint: loads weights-only, beats the character-n-gram baseline on the test split."""

from __future__ import annotations

import pytest

from models.rnn.baseline import baseline_accuracy, fit_baseline
from models.rnn.classifier import BUNDLE, load_bundled
from models.rnn.names import load_names
from models.rnn.predict import analyse, predict
from models.rnn.train import accuracy
from models.store import default_store


@pytest.fixture(scope="module")
def bundle():
    return load_bundled()


@pytest.fixture(scope="module")
def measured(bundle):
    """Test accuracy of the bundle and of the n-gram baseline, both measured now on the held-out test split."""
    data = load_names()
    model, vocab, labels = bundle
    assert labels == list(data.labels)
    rnn_acc = accuracy(model, vocab, list(data.test))
    base_acc = baseline_accuracy(fit_baseline(data), data.test)
    print(
        f"test accuracy: {model.cfg.cell} {rnn_acc:.4f} vs n-gram baseline {base_acc:.4f} "
        f"(n={len(data.test)}, chance {1 / len(labels):.3f})"
    )
    return {"rnn": rnn_acc, "baseline": base_acc, "cell": model.cfg.cell, "mode": model.cfg.mode}


def test_manifest_states_both_measured_numbers(measured):
    m = default_store.entry(BUNDLE)["metrics"]  # the manifest states what the tests re-measure
    assert m["test_accuracy"] == pytest.approx(measured["rnn"], abs=1e-9)
    assert m["baseline_test_accuracy"] == pytest.approx(measured["baseline"], abs=1e-9)
    assert m["cell"] == measured["cell"] and measured["mode"] == "packed"
    assert measured["rnn"] > 0.5 > 1 / 12  # far above chance
    assert default_store.path(BUNDLE).stat().st_size < 8 * 2**20  # five 256-unit GRUs
    runs = m["runs"]  # packed and naive really trained for every cell
    assert {f"{c}-{mode}" for c in ("rnn", "lstm", "gru") for mode in ("packed", "naive")} <= set(runs)


def test_bundle_beats_ngram_baseline_on_test(measured):
    assert measured["rnn"] > measured["baseline"]


def test_bundle_is_an_average_of_seeds_and_the_manifest_says_how_one_model_did(bundle):
    model, _, _ = bundle
    m = default_store.entry(BUNDLE)["metrics"]
    assert len(model.members) == m["members"] >= 2
    assert {x["seed"] for x in m["extra_members"]} == set(range(1, m["members"]))
    assert 0.5 < m["single_model_test_accuracy"] <= 1 and m["runs"][f"{m['cell']}-packed"]["seed"] == 0
    assert m["val_accuracy"] > m["baseline_val_accuracy"]  # the recipe was chosen on validation


def test_prefix_predictions_end_at_the_full_name_prediction(bundle):
    a = analyse("Virtanen", bundle)
    assert a["prefixes"][0] == "V" and a["prefixes"][-1] == "Virtanen"
    assert len(a["prefix_probs"]) == 8 and len(a["hidden"]) == 8
    assert len(a["hidden"][0]) == bundle[0].cfg.hidden
    assert a["prefix_probs"][-1] == pytest.approx(a["probs"], abs=1e-5)  # the last prefix is the whole name
    assert sum(a["probs"]) == pytest.approx(1.0, abs=1e-5)
    rows = predict("Virtanen", bundle)
    assert [r["prob"] for r in rows] == sorted((r["prob"] for r in rows), reverse=True)
