"""Issue 18: the tagging page's "Why context matters" examples really show the BiLSTM using context where the
baselines fail (the taggers run here, as on the page), and "I can can a can." stays as an honest failure."""

from __future__ import annotations

import pytest
from util import apptest

from models.tagging.conllu_io import heldout_split, read_conllu
from models.tagging.examples import CONTEXT_EXAMPLES, HONEST_FAILURE, ambiguous_forms, gold_tags, tag_counts
from models.tagging.inference import BUNDLED, load_tagger
from models.tagging.tokenize import tokenize_sentences


@pytest.fixture(scope="module")
def taggers():
    return {k: load_tagger(BUNDLED[k]) for k in ("bilstm", "unilstm", "mft")}


@pytest.fixture()
def split(ewt_dev_path):
    return heldout_split(read_conllu(ewt_dev_path))


def test_two_or_three_examples():
    assert 2 <= len(CONTEXT_EXAMPLES) <= 3


@pytest.mark.parametrize("text", CONTEXT_EXAMPLES)
def test_example_shows_bilstm_right_where_both_baselines_are_wrong(text, taggers, split):
    train, test = split
    tokens = tokenize_sentences(text)[0]
    gold = gold_tags(tokens, test)
    assert gold is not None, "the example must be a held-out sentence (never trained on)"
    assert gold_tags(tokens, train) is None
    pred = {k: tg.predict([tokens])[0] for k, tg in taggers.items()}
    amb = ambiguous_forms(train)
    shown = [
        i
        for i, w in enumerate(tokens)
        if w.lower() in amb
        and pred["bilstm"][i] == gold[i]
        and pred["unilstm"][i] != gold[i]
        and pred["mft"][i] != gold[i]
    ]
    assert shown, (
        tokens,
        gold,
        pred,
    )  # a word whose tag depends on context: BiLSTM right, both baselines wrong


def test_can_sentence_is_an_honest_failure_with_the_stated_counts(taggers, split):
    tokens = tokenize_sentences(HONEST_FAILURE)[0]
    cans = [i for i, w in enumerate(tokens) if w.lower() == "can"]
    assert len(cans) == 3
    for k, tg in taggers.items():
        tags = tg.predict([tokens])[0]
        assert {tags[i] for i in cans} == {"AUX"}, k  # "every tagger calls every can AUX", as the page says
    train, _ = split
    counts = tag_counts("can", train)
    assert set(counts) == {"AUX"} and len(train) == 1801  # the line: "always as AUX", "1.8k sentences"


def test_page_shows_gold_rows_and_the_honest_line(split):
    at = apptest("app_pages/tagger.py").run()
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    assert html.count("<tr class='tg-gold'>") == len(CONTEXT_EXAMPLES)
    assert html.count("class='tg-wrong'") >= 2 * len(
        CONTEXT_EXAMPLES
    )  # both baselines struck through in every example
    assert "Time flies" not in html
    assert any("occurs 81 times, always as AUX" in c.value for c in at.caption)
