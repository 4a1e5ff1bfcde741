"""What a tagger returns for one word (the neural tagger and the most-frequent-tag baseline alike)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenTag:
    token: str  # the word as tokenized
    tag: str  # best UPOS tag
    prob: float  # its probability (softmax of the network's scores)
    top: list[tuple[str, float]]  # the 3 best (tag, probability) pairs, best first
    known: bool  # False: the word was not in the training vocabulary (OOV), only its characters helped

    def to_dict(self) -> dict:
        return {
            "token": self.token,
            "tag": self.tag,
            "prob": round(self.prob, 4),
            "top3": [[t, round(p, 4)] for t, p in self.top],
            "known": self.known,
        }
