"""The translation page's computations that live in models/seq2seq/evaluate.py (issue 17)."""

from __future__ import annotations

import random

from models.seq2seq import corpus
from models.seq2seq.evaluate import (
    LAB_TEST,
    bucket_rows,
    check_translation,
    lab_config,
    lab_exact_match,
    random_test_phrase,
    resolve_direction,
)
from models.seq2seq.train import build_model, weights_name


def test_check_translation_against_num2words():
    ko = corpus.to_words(123_456, "ko")
    assert check_translation(corpus.to_words(123_456, "en"), ko, "en-ko") == (123_456, ko, True)
    n, truth, ok = check_translation(corpus.to_words(42, "en"), "wrong", "en-ko")
    assert (n, truth, ok) == (42, corpus.to_words(42, "ko"), False)
    assert check_translation("the cat sat on the mat", "x", "en-ko") is None


def test_random_test_phrase_is_a_held_out_number_in_its_language():
    n, phrase = random_test_phrase("ko", random.Random(3))
    assert n in set(corpus.splits()["test"])
    assert phrase == corpus.to_words(n, "ko")
    assert random_test_phrase("ko", random.Random(3)) == (n, phrase)


def test_bucket_rows_read_the_manifest_entries_of_the_bundled_translators():
    manifest = {
        weights_name("en-ko", True): {
            "command": "python -m models train translator --direction en-ko",
            "metrics": {
                "test_buckets": {"1-3": {"exact_match": 0.5, "n": 4}},
                "test_exact_match": 0.9,
                "test_numbers": 10,
            },
        }
    }
    rows, cmds = bucket_rows(manifest)
    assert cmds == ["`python -m models train translator --direction en-ko`"]
    assert rows == [
        {"direction": "en-ko", "attention": True, "bucket": "1-3", "exact_match": 0.5, "n": 4},
        {"direction": "en-ko", "attention": True, "bucket": "all", "exact_match": 0.9, "n": 10},
    ]
    assert bucket_rows({}) == ([], [])


def test_lab_runs_differ_only_in_teacher_forcing():
    on, off = lab_config("ko-en", 2000, 3, 1.0), lab_config("ko-en", 2000, 3, 0.0)
    assert (on.teacher_forcing, off.teacher_forcing) == (1.0, 0.0)
    off.teacher_forcing = 1.0
    assert on == off and on.train_limit == 2000 and on.epochs == 3


def test_lab_exact_match_scores_the_same_numbers_every_time():
    model = build_model(lab_config("en-ko", 1000, 1, 1.0))
    first = lab_exact_match(model, "en-ko", n=12)
    assert first["n"] == 12 and 0.0 <= first["exact_match"] <= 1.0
    assert lab_exact_match(model, "en-ko", n=12) == first
    assert LAB_TEST == 300


def test_resolve_direction_detects_the_script_only_for_auto():
    assert resolve_direction("auto", corpus.to_words(12, "ko")) == "ko-en"
    assert resolve_direction("auto", "twelve") == "en-ko"
    assert resolve_direction("en-ko", corpus.to_words(12, "ko")) == "en-ko"
