"""Bundled translators: exact match on held-out test numbers (re-measured), manifest figures, CLI."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from util import ROOT

from models import default_store
from models.registry import get_spec, list_models
from models.seq2seq import corpus
from models.seq2seq.decode import beam_search, greedy
from models.seq2seq.train import exact_match, make_pairs, weights_name
from models.seq2seq.translator import load_translator

SUBSET = 500  # re-measured numbers per direction (the manifest figure is on the whole test split)
BAR = 0.98


def _subset(seed=0):
    return random.Random(seed).sample(corpus.splits()["test"], SUBSET)


@pytest.mark.parametrize("direction", corpus.DIRECTIONS)
def test_bundled_translator_meets_the_exact_match_bar(direction):
    entry = default_store.entry(weights_name(direction, True))
    m = entry["metrics"]
    assert m["test_numbers"] == len(corpus.splits()["test"])
    assert m["test_exact_match"] >= BAR, m
    tr = load_translator(direction)
    em = exact_match(tr.model, _subset(), direction)
    # a 500-number sample of a >= 98% model: allow for sampling noise, but not for a different model
    assert em["exact_match"] >= BAR - 0.01, em["errors"][:5]
    assert abs(em["exact_match"] - m["test_exact_match"]) <= 0.02
    assert entry["bytes"] <= 5 * 1024 * 1024


@pytest.mark.parametrize("direction", corpus.DIRECTIONS)
def test_no_attention_baseline_figures_are_real(direction):
    name = weights_name(direction, False)
    m = default_store.entry(name)["metrics"]
    assert set(m["test_buckets"]) and sum(b["n"] for b in m["test_buckets"].values()) == m["test_numbers"]
    tr = load_translator(direction, attention=False)
    sample = _subset(1)[:200]
    em = exact_match(tr.model, sample, direction)
    assert abs(em["exact_match"] - m["test_exact_match"]) <= 0.08  # same model, 200-number sample
    assert default_store.entry(name)["bytes"] <= 5 * 1024 * 1024


def test_beam_one_equals_greedy_on_the_trained_model_and_translation_is_exact():
    tr = load_translator("en-ko")
    for src_ids, _ in make_pairs(_subset(2)[:25], "en-ko"):
        g, b = greedy(tr.model, src_ids), beam_search(tr.model, src_ids, beam=1)
        assert g.ids == b.ids and g.ended and b.ended
    r = tr.translate("one hundred and twenty-three thousand, four hundred and fifty-six")
    assert r["translation"] == "십이만 삼천사백오십육" and r["notes"] == [] and r["number"] == 123_456
    rows = r["attention"]
    assert len(rows) == len(r["steps"]) == len(r["tokens"]) + 1 and r["steps"][-1]["token"] == "<eos>"
    assert all(abs(sum(row) - 1) < 1e-4 and len(row) == len(r["source_tokens"]) for row in rows)


def test_registry_lists_the_translators():
    names = list_models("translation")
    assert {weights_name(d, a) for d in corpus.DIRECTIONS for a in (True, False)} <= set(names)
    spec = get_spec("translate_ko_en")
    assert spec.task == "translation" and spec.is_available()
    model = spec.builder()
    tr = load_translator("ko-en")
    model.load_state_dict(tr.model.state_dict())  # the registry builder makes the bundled architecture


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "models", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_translate_json_both_directions():
    out = _cli("translate", "--direction", "ko-en", "--json", "십이만 삼천사백오십육", "만 일")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.strip().splitlines()]
    assert [r["translation"] for r in rows] == [corpus.to_words(123_456, "en"), corpus.to_words(10_001, "en")]
    assert rows[0]["source"] == "십이만 삼천사백오십육" and rows[0]["tokens"][:4] == [
        "one",
        "hundred",
        "and",
        "twenty",
    ]
    out = _cli(
        "translate",
        "--direction",
        "en-ko",
        "--beam",
        "3",
        "--json",
        "seven hundred thousand and seven",
        "the cat sat",
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.strip().splitlines()]
    assert rows[0]["translation"] == "칠십만 칠" and "notes" not in rows[0]
    assert "not_a_number_phrase" in rows[1]["notes"]  # out of domain: an answer plus an honest note
    bad = _cli("translate", "--direction", "en-ko", "  ")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "no words" in bad.stderr
    bad = _cli("translate", "--direction", "en-fr", "x")
    assert bad.returncode == 2 and "en-ko" in bad.stderr
