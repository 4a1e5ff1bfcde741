"""Read CoNLL-U (Universal Dependencies) files into (words, UPOS tags) sentences, with the ``conllu`` parser.

The format (https://universaldependencies.org/format.html), as far as tagging needs it:

- a sentence is a block of lines ended by a blank line; lines starting with ``#`` are comments;
- a word line has 10 tab-separated fields: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC;
- ``3-4`` (an ID range) is a *multi-word token*: the surface form ("don't") of the syntactic words 3 and 4
  ("do", "n't") that follow it. It has no tag; we skip it and tag the syntactic words (as the CoNLL 2018
  shared task evaluated UPOS);
- ``5.1`` (a decimal ID) is an *empty node* of the enhanced graph; it is not a word of the sentence: skipped.

A line that breaks these rules raises :class:`models.errors.InputError` naming its line number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from conllu.parser import DEFAULT_FIELDS, ParseException, parse_line

from ..errors import InputError

#: The 17 universal part-of-speech tags, in the order the UD guidelines list them.
UPOS_TAGS: tuple[str, ...] = (
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
)
MAX_FILE_BYTES = 50 * 1024 * 1024  # refuse anything bigger than the full EWT train split (~14 MB) by a margin


@dataclass
class Sentence:
    words: list[str]  # syntactic words (FORM), multi-word-token ranges and empty nodes left out
    tags: list[str]  # their UPOS tags, one per word
    sent_id: str = ""  # the "# sent_id" comment when present
    first_line: int = 0  # 1-based line number of the sentence's first line in the file
    meta: dict = field(default_factory=dict)  # the other comments (text, newdoc, ...)

    def __len__(self) -> int:
        return len(self.words)


def decode_bytes(data: bytes, name: str = "the file") -> str:
    """UTF-8 text of an uploaded or read file; binary or non-UTF-8 content is refused clearly."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} is a binary file, not CoNLL-U text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name} is not UTF-8 text (bad byte at line {line}); CoNLL-U must be UTF-8"
        ) from None
    return text


def _word_line(line: str, lineno: int, strict_tags: bool) -> dict | None:
    """Parse one non-comment line; None for multi-word-token ranges and empty nodes."""
    fields = line.split("\t")
    if len(fields) != 10:
        raise InputError(f"line {lineno}: expected 10 tab-separated fields, found {len(fields)}")
    try:
        token = parse_line(line, DEFAULT_FIELDS)
    except ParseException as exc:
        raise InputError(f"line {lineno}: {exc}") from None
    tid = token["id"]
    if tid is None:
        raise InputError(f"line {lineno}: missing word ID")
    if isinstance(tid, tuple):  # (3, "-", 4) multi-word token or (5, ".", 1) empty node
        return None
    if not token["form"]:
        raise InputError(f"line {lineno}: empty word form")
    upos = token["upos"]
    if strict_tags and upos not in UPOS_TAGS:
        shown = "'_' (no tag)" if upos in (None, "_") else repr(upos)
        raise InputError(f"line {lineno}: UPOS {shown} is not one of the 17 UD tags ({', '.join(UPOS_TAGS)})")
    return {"id": tid, "form": token["form"], "upos": upos}


def parse_text(text: str, *, strict_tags: bool = True) -> list[Sentence]:
    """Sentences of a CoNLL-U string. ``strict_tags``: every word must carry one of the 17 UPOS tags."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    meta: dict = {}
    first = 0
    expected = 1

    def flush(lineno: int) -> None:
        nonlocal words, tags, meta, first, expected
        if words:
            sentences.append(Sentence(words, tags, str(meta.pop("sent_id", "")), first, meta))
        elif meta:
            raise InputError(f"line {lineno}: comment lines without any word line after them")
        words, tags, meta, first, expected = [], [], {}, 0, 1

    lines = text.split("\n")
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            flush(lineno)
            continue
        if first == 0:
            first = lineno
        if line.startswith("#"):
            if words:
                raise InputError(
                    f"line {lineno}: a comment inside a sentence (a blank line must end a sentence)"
                )
            key, _, value = line[1:].partition("=")
            meta[key.strip()] = value.strip()
            continue
        w = _word_line(line, lineno, strict_tags)
        if w is None:
            continue
        if w["id"] != expected:
            raise InputError(f"line {lineno}: word ID {w['id']} where {expected} was expected")
        expected += 1
        words.append(w["form"])
        tags.append(w["upos"])
    flush(len(lines) + 1)
    if not sentences:
        raise InputError("no sentences found: a CoNLL-U file has word lines with 10 tab-separated fields")
    return sentences


def read_conllu(path: str | os.PathLike, *, strict_tags: bool = True) -> list[Sentence]:
    """Sentences of a CoNLL-U file on disk (see :func:`parse_text`)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such CoNLL-U file: {p}")
    return parse_text(decode_bytes(p.read_bytes(), p.name), strict_tags=strict_tags)


def parse_bytes(data: bytes, name: str = "the upload", *, strict_tags: bool = True) -> list[Sentence]:
    """Sentences of an uploaded CoNLL-U file (bytes)."""
    return parse_text(decode_bytes(data, name), strict_tags=strict_tags)


def heldout_split(sentences: list, every: int = 10) -> tuple[list, list]:
    """(train, test): every ``every``-th sentence (the 10th, 20th, ...) is held out for testing."""
    if every < 2:
        raise ValueError("every must be at least 2")
    train = [s for i, s in enumerate(sentences) if i % every != every - 1]
    test = [s for i, s in enumerate(sentences) if i % every == every - 1]
    return train, test
