"""Issue 18: a number phrase spelled differently from num2words (no comma after "thousand", no hyphen, no "and",
extra spaces) names the same number; it is read in num2words' spelling before the check and before the model."""

from __future__ import annotations

import pytest
from util import apptest

from models.seq2seq import corpus
from models.seq2seq.translator import load_translator, parse_words

OTHER_SPELLINGS = {
    "three hundred and twelve thousand four hundred and five": 312_405,  # the issue's phrase (no comma)
    "three hundred and twelve thousand, four hundred and five": 312_405,  # num2words' own
    "twenty three": 23,
    "one hundred five": 105,
    "Seven  hundred thousand,   and seven": 700_007,
    "ninety-nine thousand nine hundred ninety nine": 99_999,
}


def test_num2words_writes_a_comma_the_issue_phrase_lacks():
    assert corpus.to_words(312_405, "en") == "three hundred and twelve thousand, four hundred and five"


@pytest.mark.parametrize("text,n", OTHER_SPELLINGS.items())
def test_loose_parse_reads_other_spellings(text, n):
    assert parse_words(text, "en", loose=True) == n


def test_loose_parse_rejects_what_is_not_that_number():
    for text in (
        "three hundred and twelve thousand four hundred and five cats",
        "the cat",
        "and",
        "-",
        "",
        "twelve hundred",
        "one million",
        "five four",
    ):
        assert parse_words(text, "en", loose=True) is None, text
    assert parse_words("twenty three", "en") is None  # the strict check is unchanged
    assert parse_words("십이만삼천사백오십육", "ko", loose=True) == 123_456  # Korean: spacing only
    assert parse_words("십이만  삼천사백오십육", "ko", loose=True) == 123_456
    assert parse_words("십이만 삼천사백오십육", "ko") == 123_456


@pytest.mark.parametrize(
    "text",
    [
        "three hundred and twelve thousand four hundred and five",
        "three hundred and twelve thousand, four hundred and five",
    ],
)
def test_both_forms_translate_without_a_warning(text):
    r = load_translator("en-ko").translate(text)
    assert r["translation"] == corpus.to_words(312_405, "ko") == "삼십일만 이천사백오"
    assert r["notes"] == []
    assert r["source"] == corpus.to_words(312_405, "en")  # the model read num2words' spelling
    assert r["respelled"] == ("," not in text)


def test_page_shows_no_warning_for_the_comma_free_phrase():
    at = apptest("app_pages/translate.py").run()
    at.text_input(key="tr_text").set_value("three hundred and twelve thousand four hundred and five").run()
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert any("312,405" in s.value for s in at.success)
    assert any("num2words' spelling" in c.value for c in at.caption)
