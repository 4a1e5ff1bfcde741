"""Vocabularies (plain lists, stored inside checkpoints) and batch encoding for the tagger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import torch

from .conllu_io import UPOS_TAGS, Sentence

PAD, UNK, BOW, EOW = "<pad>", "<unk>", "<w>", "</w>"  # BOW/EOW: word boundaries for the character encoder
MAX_WORD_CHARS = 20  # longer words keep their first 6 and last 14 characters (suffixes matter for POS)
IGNORE = -100  # tag id of padding positions (ignored by the loss and by accuracy)


def word_key(word: str) -> str:
    """The form a word is looked up by in the word vocabulary (case lives in the character encoder)."""
    return word.lower()


def clip_word(word: str) -> str:
    return word if len(word) <= MAX_WORD_CHARS else word[:6] + word[-(MAX_WORD_CHARS - 6) :]


@dataclass
class Vocab:
    words: list[str]  # index -> lower-cased word; 0 = <pad>, 1 = <unk>
    chars: list[str]  # index -> character; 0 = <pad>, 1 = <unk>, 2 = <w>, 3 = </w>
    tags: list[str]  # index -> UPOS tag (the 17 UD tags)

    def __post_init__(self):
        self.word_index = {w: i for i, w in enumerate(self.words)}
        self.char_index = {c: i for i, c in enumerate(self.chars)}
        self.tag_index = {t: i for i, t in enumerate(self.tags)}

    @classmethod
    def build(cls, sentences: list[Sentence], min_count: int = 1) -> Vocab:
        wc = Counter(word_key(w) for s in sentences for w in s.words)
        cc = Counter(c for s in sentences for w in s.words for c in w)
        words = [PAD, UNK] + sorted(w for w, n in wc.items() if n >= min_count)
        chars = [PAD, UNK, BOW, EOW] + sorted(c for c, n in cc.items() if n >= 1)
        return cls(words, chars, list(UPOS_TAGS))

    def to_dict(self) -> dict:
        return {"words": list(self.words), "chars": list(self.chars), "tags": list(self.tags)}

    @classmethod
    def from_dict(cls, d: dict) -> Vocab:
        return cls(list(d["words"]), list(d["chars"]), list(d["tags"]))

    def is_known(self, word: str) -> bool:
        return word_key(word) in self.word_index

    def encode_words(self, words: list[str]) -> list[int]:
        return [self.word_index.get(word_key(w), 1) for w in words]

    def encode_chars(self, word: str) -> list[int]:
        """<w> c1 c2 ... </w>: the boundary marks let a 3-wide filter see "ed</w>" (a suffix), not just "ed"."""
        return [2] + [self.char_index.get(c, 1) for c in clip_word(word)] + [3]

    def encode_tags(self, tags: list[str]) -> list[int]:
        return [self.tag_index[t] for t in tags]


def encode_sentence(vocab: Vocab, words: list[str], tags: list[str] | None = None) -> dict:
    """One sentence as id lists (the dataset item)."""
    item = {"words": vocab.encode_words(words), "chars": [vocab.encode_chars(w) for w in words]}
    if tags is not None:
        item["tags"] = vocab.encode_tags(tags)
    return item


def collate(items: list[dict]) -> dict[str, torch.Tensor]:
    """Pad a list of encoded sentences: words (B, T), chars (B, T, L), tags (B, T) with IGNORE at padding."""
    B = len(items)
    T = max(len(it["words"]) for it in items)
    L = max(len(c) for it in items for c in it["chars"])
    words = torch.zeros(B, T, dtype=torch.long)  # (batch, time)
    chars = torch.zeros(B, T, L, dtype=torch.long)  # (batch, time, chars)
    tags = torch.full((B, T), IGNORE, dtype=torch.long)  # (batch, time)
    for b, it in enumerate(items):
        n = len(it["words"])
        words[b, :n] = torch.tensor(it["words"])
        for t, cs in enumerate(it["chars"]):
            chars[b, t, : len(cs)] = torch.tensor(cs)
        if "tags" in it:
            tags[b, :n] = torch.tensor(it["tags"])
    return {"words": words, "chars": chars, "tags": tags}
