"""Most-frequent-tag baseline: each known word gets the tag it had most often in training; an unknown word
gets a tag guessed from its shape (digits -> NUM, punctuation -> PUNCT, capitalised -> PROPN) or else the
commonest tag of words seen only once (usually NOUN): context is never looked at."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..errors import WeightsCorruptError
from .conllu_io import Sentence
from .types import TokenTag
from .vocab import word_key

_NUM = re.compile(r"^[\d.,:/%$-]*\d[\d.,:/%$-]*$")
_PUNCT = re.compile(r"^[^\w\s]+$")


class MostFrequentTagger:
    def __init__(
        self,
        table: dict[str, str],
        lower_table: dict[str, str],
        fallback: str,
        lower_share: dict[str, float] | None = None,
    ):
        self.table = table  # exact word form -> its most frequent tag
        self.lower_table = lower_table  # lower-cased form -> its most frequent tag
        self.fallback = fallback  # tag of an unknown word with no telling shape
        self.lower_share = lower_share or {}  # lower-cased form -> share of its most frequent tag in training

    @classmethod
    def fit(cls, sentences: list[Sentence]) -> MostFrequentTagger:
        exact: dict[str, Counter] = defaultdict(Counter)
        lower: dict[str, Counter] = defaultdict(Counter)
        for s in sentences:
            for w, t in zip(s.words, s.tags):
                exact[w][t] += 1
                lower[word_key(w)][t] += 1

        def best(c: Counter) -> str:  # ties broken alphabetically so the result is deterministic
            return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]

        singles = Counter(best(c) for c in lower.values() if sum(c.values()) == 1)
        fallback = best(singles) if singles else "NOUN"
        return cls(
            {w: best(c) for w, c in exact.items()},
            {w: best(c) for w, c in lower.items()},
            fallback,
            {w: c[best(c)] / sum(c.values()) for w, c in lower.items()},
        )

    def known(self, word: str) -> bool:
        return word_key(word) in self.lower_table

    def tag_word(self, word: str) -> str:
        if word in self.table:
            return self.table[word]
        if word_key(word) in self.lower_table:
            return self.lower_table[word_key(word)]
        if _NUM.match(word):
            return "NUM"
        if _PUNCT.match(word):
            return "PUNCT"
        if word[:1].isupper():
            return "PROPN"
        return self.fallback

    def tag_tokens(self, tokens: list[str]) -> list[TokenTag]:
        """TokenTag rows like the neural tagger's; the 'probability' is the tag's share for that word in training
        (1.0 for a guess from the word's shape: the baseline has no notion of doubt there)."""
        out = []
        for w in tokens:
            tag = self.tag_word(w)
            p = self.lower_share.get(word_key(w), 1.0)
            out.append(TokenTag(w, tag, p, [(tag, p)], self.known(w)))
        return out

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[self.tag_word(w) for w in words] for words in sentences]

    def to_checkpoint(self, **meta) -> dict:
        """Plain lists, loadable with weights_only=True."""
        return {
            "format": "classroom-tagger-v1",
            "kind": "most-frequent-tag",
            "arch": "mft",
            "words": list(self.table),
            "word_tags": list(self.table.values()),
            "lower_words": list(self.lower_table),
            "lower_tags": list(self.lower_table.values()),
            "lower_shares": [float(self.lower_share.get(w, 1.0)) for w in self.lower_table],
            "fallback": self.fallback,
            "meta": dict(meta),
        }

    @classmethod
    def from_checkpoint(cls, ckpt: dict) -> MostFrequentTagger:
        try:
            if ckpt.get("kind") != "most-frequent-tag":
                raise KeyError("kind")
            return cls(
                dict(zip(ckpt["words"], ckpt["word_tags"])),
                dict(zip(ckpt["lower_words"], ckpt["lower_tags"])),
                ckpt["fallback"],
                dict(zip(ckpt["lower_words"], ckpt.get("lower_shares", []))),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise WeightsCorruptError("not a most-frequent-tag checkpoint") from exc
