"""English word tokenization as UD / the Penn Treebank do it ("don't" -> "do n't", punctuation split off),
with nltk's TreebankWordTokenizer (pure code, no corpus download) and a clear cap on the input size."""

from __future__ import annotations

import re

from nltk.tokenize import TreebankWordTokenizer

from ..errors import InputError

MAX_TOKENS = 1000  # tokens per request (a page, a CLI call)
MAX_CHARS = 20_000  # characters per request, checked before any tokenizing work

_tokenizer = TreebankWordTokenizer()
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=\S)")  # a sentence ends at . ! ? followed by space
_QUOTES = {"``": '"', "''": '"'}  # the tokenizer writes PTB-style quotes; UD keeps the plain character


_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|Inc|Ltd|Co|No|approx)|\b[A-Z])\.$")


def split_sentences(text: str) -> list[str]:
    """Split running text at . ! ? followed by white space, but not after a common abbreviation ("Mr.") or an
    initial ("J."); each line break also ends a sentence (good enough for a demo)."""
    out = []
    for line in text.splitlines():
        pieces = [p for p in _SENT_END.split(line) if p.strip()]
        for piece in pieces:
            if out and out[-1][1] and _ABBREV.search(out[-1][0]):
                out[-1][0] += " " + piece
            else:
                out.append([piece, True])
        if out:
            out[-1][1] = False  # never glue across lines
    return [p.strip() for p, _ in out]


def tokenize_sentences(text: str, max_tokens: int = MAX_TOKENS) -> list[list[str]]:
    """Sentences of tokens. Empty text and text over the caps raise InputError with a plain message."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty: type or paste a sentence")
    rough = len(text.split())
    if rough > max_tokens:
        raise InputError(
            f"the text has about {rough:,} words; the limit is {max_tokens:,} tokens per request"
        )
    if len(text) > MAX_CHARS:
        raise InputError(f"the text has {len(text):,} characters; the limit is {MAX_CHARS:,} per request")
    sentences = [[_QUOTES.get(t, t) for t in _tokenizer.tokenize(s)] for s in split_sentences(text)]
    sentences = [s for s in sentences if s]
    total = sum(map(len, sentences))
    if total > max_tokens:
        raise InputError(f"the text has {total:,} tokens; the limit is {max_tokens:,} tokens per request")
    if not sentences:
        raise InputError("the text has no words to tag")
    return sentences


def tokenize(text: str, max_tokens: int = MAX_TOKENS) -> list[str]:
    """All tokens of ``text`` in one list (see :func:`tokenize_sentences`)."""
    return [t for s in tokenize_sentences(text, max_tokens) for t in s]
