"""CoNLL-U reader on edge cases written here: multi-word tokens, empty nodes, broken lines, binary files."""

from __future__ import annotations

import pytest

from models.errors import InputError
from models.tagging.conllu_io import heldout_split, parse_bytes, parse_text, read_conllu


def line(i, form, upos, head="0", deprel="root"):
    return "\t".join([str(i), form, form.lower(), upos, "_", "_", head, deprel, "_", "_"])


MWT = "\n".join(
    [
        "# sent_id = s1",
        "# text = I don't know.",
        line(1, "I", "PRON", "4", "nsubj"),
        "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
        line(2, "do", "AUX", "4", "aux"),
        line(3, "n't", "PART", "4", "advmod"),
        line(4, "know", "VERB"),
        "4.1\tknows\tknow\tVERB\t_\t_\t_\t_\t4:conj\t_",  # an empty node of the enhanced graph
        line(5, ".", "PUNCT", "4", "punct"),
        "",
        "# sent_id = s2",
        line(1, "Hello", "INTJ"),
        "",
    ]
)


def test_multiword_tokens_and_empty_nodes_follow_the_format():
    sents = parse_text(MWT)
    assert [s.words for s in sents] == [["I", "do", "n't", "know", "."], ["Hello"]]
    assert sents[0].tags == ["PRON", "AUX", "PART", "VERB", "PUNCT"]
    assert sents[0].sent_id == "s1" and sents[0].meta["text"] == "I don't know."
    assert sents[1].first_line == 11


@pytest.mark.parametrize(
    "bad,lineno,needle",
    [
        (line(1, "a", "NOUN") + "\nbroken line without tabs\n", 2, "10 tab-separated"),
        (line(1, "a", "NOUN") + "\n" + "\t".join(["x"] * 10) + "\n", 2, "not a valid ID"),
        (line(1, "a", "NOUN") + "\n" + line(3, "b", "NOUN") + "\n", 2, "3 where 2"),
        ("# c\n" + line(1, "a", "NOUNISH") + "\n", 2, "17 UD tags"),
        (line(1, "a", "_") + "\n", 1, "no tag"),
        (line(1, "a", "NOUN") + "\n# late comment\n", 2, "comment inside"),
        ("\n\n" + line(1, "a", "NOUN")[:-2] + "\n", 3, "found 9"),
    ],
)
def test_malformed_lines_name_their_line_number(bad, lineno, needle):
    with pytest.raises(InputError) as e:
        parse_text(bad)
    assert f"line {lineno}:" in str(e.value) and needle in str(e.value)


def test_binary_and_non_utf8_and_empty_are_refused(tmp_path):
    with pytest.raises(InputError, match="binary"):
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.png")
    with pytest.raises(InputError, match="not UTF-8.*line 2"):
        parse_bytes(line(1, "a", "NOUN").encode() + b"\n\xff\xfe bad\n", "latin.conllu")
    with pytest.raises(InputError, match="no sentences"):
        parse_text("\n\n")
    p = tmp_path / "ok.conllu"
    p.write_text(MWT, encoding="utf-8")
    assert len(read_conllu(p)) == 2
    with pytest.raises(InputError, match="no such"):
        read_conllu(tmp_path / "missing.conllu")


def test_heldout_split_takes_every_tenth():
    train, test = heldout_split(list(range(25)))
    assert test == [9, 19] and len(train) == 23 and not set(train) & set(test)


def test_real_dev_file_reads_completely(ewt_dev_path):
    sents = read_conllu(ewt_dev_path)
    assert len(sents) == 2001
    assert all(len(s.words) == len(s.tags) > 0 for s in sents)
    assert not any(
        "-" in w and w.lower() in ("don't", "can't") for s in sents for w in s.words
    )  # MWT skipped
