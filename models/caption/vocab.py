"""Word vocabulary of a captioner: special tokens first, then words by frequency (ties alphabetical)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from nltk.tokenize import TreebankWordTokenizer

PAD, START, EOS, UNK = "<pad>", "<start>", "<eos>", "<unk>"
SPECIALS = (PAD, START, EOS, UNK)  # ids 0, 1, 2, 3

_tokenizer = TreebankWordTokenizer()


def tokenize(caption: str) -> list[str]:
    """Lower-cased PTB-style words (``"A dog's ball."`` -> ``["a", "dog", "'s", "ball", "."]``)."""
    return _tokenizer.tokenize(caption.lower().strip())


class Vocab:
    """``stoi`` / ``itos`` with ``<pad>``=0, ``<start>``=1, ``<eos>``=2, ``<unk>``=3."""

    def __init__(self, itos: Sequence[str]):
        if tuple(itos[: len(SPECIALS)]) != SPECIALS:
            raise ValueError(f"a vocabulary must start with {', '.join(SPECIALS)}")
        self.itos = list(itos)
        self.stoi = {w: i for i, w in enumerate(self.itos)}
        if len(self.stoi) != len(self.itos):
            raise ValueError("a vocabulary lists every word once")

    pad_id, start_id, eos_id, unk_id = 0, 1, 2, 3

    @classmethod
    def build(cls, captions: Iterable[str], min_freq: int = 1, max_size: int | None = None) -> Vocab:
        counts = Counter(w for c in captions for w in tokenize(c))
        words = sorted(
            (w for w, n in counts.items() if n >= min_freq and w not in SPECIALS),
            key=lambda w: (-counts[w], w),
        )
        if max_size is not None:
            words = words[: max(0, max_size - len(SPECIALS))]
        return cls(list(SPECIALS) + words)

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, caption: str, max_len: int | None = None) -> list[int]:
        """``<start> w1 ... wn <eos>`` as ids (words cut to ``max_len`` when given)."""
        ids = [self.stoi.get(w, self.unk_id) for w in tokenize(caption)]
        if max_len is not None:
            ids = ids[:max_len]
        return [self.start_id] + ids + [self.eos_id]

    def words(self, ids: Iterable[int]) -> list[str]:
        """Words up to (not including) the first ``<eos>``; ``<start>`` and ``<pad>`` dropped."""
        out = []
        for i in ids:
            i = int(i)
            if i == self.eos_id:
                break
            if i in (self.pad_id, self.start_id):
                continue
            out.append(self.itos[i])
        return out

    def decode(self, ids: Iterable[int]) -> str:
        return " ".join(self.words(ids))
