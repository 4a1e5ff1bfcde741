"""Bundled taggers re-measured on the held-out 10% of UD English-EWT dev, and the tagging CLI."""

from __future__ import annotations

import functools
import json

import pytest

from models import default_store, get_spec, list_models
from models.cli import main
from models.tagging.baselines import MostFrequentTagger
from models.tagging.conllu_io import heldout_split, read_conllu
from models.tagging.inference import BUNDLED, evaluate_tagger, load_tagger


def write_conllu(path, sentences):
    lines = []
    for s in sentences:
        lines += [
            "\t".join([str(i), w, "_", t, "_", "_", "0", "dep", "_", "_"])
            for i, (w, t) in enumerate(zip(s.words, s.tags), 1)
        ] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@functools.cache
def _split(path: str):
    return heldout_split(read_conllu(path))


@functools.cache
def _scores(path: str):
    _, test = _split(path)
    return {arch: evaluate_tagger(load_tagger(name), test) for arch, name in BUNDLED.items()}


@pytest.fixture()
def split(ewt_dev_path):
    return _split(str(ewt_dev_path))


@pytest.fixture()
def scores(ewt_dev_path):
    return _scores(str(ewt_dev_path))


def test_bilstm_reaches_92_percent_and_beats_both_baselines(scores):
    bi, uni, mft = scores["bilstm"], scores["unilstm"], scores["mft"]
    assert bi["sentences"] == 200 and bi["tokens"] == 2518
    assert bi["upos_accuracy"] >= 0.92, bi
    assert bi["upos_accuracy"] > uni["upos_accuracy"], (bi, uni)
    assert bi["upos_accuracy"] > mft["upos_accuracy"], (bi, mft)
    assert bi["oov_accuracy"] > mft["oov_accuracy"]  # the character encoder is what helps unknown words


def test_manifest_states_what_the_tests_measure(scores):
    for arch, name in BUNDLED.items():
        m = default_store.entry(name)["metrics"]
        assert m["heldout_upos_accuracy"] == pytest.approx(scores[arch]["upos_accuracy"], abs=1e-5), name
        assert m["heldout_oov_accuracy"] == pytest.approx(scores[arch]["oov_accuracy"], abs=1e-5), name
        assert m["heldout_tokens"] == 2518 and m["train_sentences"] == 1801
        assert "CC BY-SA 4.0" in default_store.entry(name)["notes"]
        assert default_store.path(name).stat().st_size < 5_000_000


def test_bundled_baseline_is_the_most_frequent_tag_of_the_training_split(split):
    train, test = split
    refit = MostFrequentTagger.fit(train)
    words = [s.words for s in test]
    assert load_tagger(BUNDLED["mft"]).predict(words) == refit.predict(words)


def test_registry_lists_the_taggers():
    assert {"tagger_bilstm", "tagger_unilstm"} <= set(list_models("tagging"))
    assert get_spec("tagger_bilstm").task == "tagging" and get_spec("tagger_bilstm").is_available()


def test_cli_evaluate_matches_the_manifest(split, tmp_path, capsys):
    _, test = split
    gold = tmp_path / "heldout.conllu"
    write_conllu(gold, test)
    assert main(["tag", "--evaluate", str(gold), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sentences"] == 200 and out["tokens"] == 2518
    stated = default_store.entry("tagger_bilstm")["metrics"]["heldout_upos_accuracy"]
    assert out["upos_accuracy"] == pytest.approx(stated, abs=1e-5)


def test_cli_tag_json_and_bad_input(capsys):
    assert main(["tag", "--json", "I don't like green eggs and ham, Sam-I-am."]) == 0
    out = json.loads(capsys.readouterr().out)
    tokens = [r["token"] for r in out["tokens"]]
    assert tokens[:4] == ["I", "do", "n't", "like"]
    for r in out["tokens"]:
        assert r["tag"] == r["top3"][0][0] and 0 < r["prob"] <= 1 and len(r["top3"]) == 3
        assert sum(p for _, p in r["top3"]) <= 1.0001
    for argv, needle in [
        (["tag", ""], "empty"),
        (["tag", "w " * 10_000], "1,000"),
        (["tag", "--model", "nope", "hi"], "tagger_bilstm"),
        (["tag"], "give a sentence"),
    ]:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and needle in err, (argv, err)


def test_cli_train_tagger_on_a_small_file(ewt_dev_path, tmp_path, capsys):
    small = tmp_path / "small.conllu"
    write_conllu(small, read_conllu(ewt_dev_path)[:60])
    out_pt = tmp_path / "mine.pt"
    assert (
        main(["train", "tagger", "--conllu", str(small), "--epochs", "1", "--out", str(out_pt), "--json"])
        == 0
    )
    rows = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert rows[0]["event"] == "epoch" and rows[-1]["event"] == "done"
    assert rows[-1]["heldout_sentences"] == 6 and 0 <= rows[-1]["heldout_upos_accuracy"] <= 1
    assert main(["tag", "--model", str(out_pt), "--json", "Hello world"]) == 0  # the user's checkpoint works
    assert len(json.loads(capsys.readouterr().out)["tokens"]) == 2
    bad = tmp_path / "bad.conllu"
    bad.write_bytes(b"\x00\x01\x02 not text")
    assert main(["train", "tagger", "--conllu", str(bad)]) == 2
    assert "binary" in capsys.readouterr().err
