"""Characters → integer ids, padded batches with mask and lengths, and ``pack_padded_sequence``.

Id 0 is padding, id 1 stands for a character the vocabulary has never seen. Batches are padded on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

PAD, UNK = 0, 1
PAD_TOKEN, UNK_TOKEN = "<pad>", "<unk>"


@dataclass(frozen=True)
class CharVocab:
    chars: tuple[str, ...]  # the alphabet; character chars[i] has id i + 2

    @classmethod
    def from_names(cls, names) -> CharVocab:
        return cls(tuple(sorted({c for n in names for c in n})))

    @property
    def itos(self) -> list[str]:
        return [PAD_TOKEN, UNK_TOKEN, *self.chars]

    def __len__(self) -> int:
        return len(self.chars) + 2

    @property
    def _stoi(self) -> dict[str, int]:
        return {c: i + 2 for i, c in enumerate(self.chars)}

    def encode(self, name: str) -> list[int]:
        stoi = self._stoi
        return [stoi.get(c, UNK) for c in name]

    def unknown(self, name: str) -> list[str]:
        """Characters of ``name`` outside the alphabet (they are read as <unk>)."""
        known = set(self.chars)
        return sorted({c for c in name if c not in known})


def pad_batch(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Right-pad id lists. Returns (ids (batch, max_len), lengths (batch,), mask (batch, max_len) True = real)."""
    if not seqs or any(len(s) == 0 for s in seqs):
        raise ValueError("every sequence needs at least one character")
    lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)  # (batch,)
    ids = torch.full((len(seqs), int(lengths.max())), PAD, dtype=torch.long)  # (batch, max_len)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]  # (batch, max_len)
    return ids, lengths, mask


def pack(embedded: torch.Tensor, lengths: torch.Tensor) -> PackedSequence:
    """``pack_padded_sequence`` of a (batch, time, features) tensor; the batch needs no sorting."""
    return pack_padded_sequence(embedded, lengths.cpu(), batch_first=True, enforce_sorted=False)


def masked_mean(values: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``values`` (batch, time) over the real positions only (mask True); padding never counts."""
    mask = mask.to(values.dtype)
    return (values * mask).sum() / mask.sum().clamp_min(1.0)


class NameBatches:
    """collate_fn for a DataLoader over (name, label) pairs → (ids, lengths, mask, labels)."""

    def __init__(self, vocab: CharVocab):
        self.vocab = vocab

    def __call__(self, items):
        ids, lengths, mask = pad_batch([self.vocab.encode(n) for n, _ in items])
        labels = torch.tensor([y for _, y in items], dtype=torch.long)  # (batch,)
        return ids, lengths, mask, labels


def padded_view(names: list[str], vocab: CharVocab) -> dict:
    """What the page draws for a batch: characters, ids, mask and lengths as plain lists."""
    ids, lengths, mask = pad_batch([vocab.encode(n) for n in names])
    itos = vocab.itos
    return {
        "names": list(names),
        "chars": [
            [itos[i] if m else "·" for i, m in zip(row, mrow)]
            for row, mrow in zip(ids.tolist(), mask.tolist())
        ],
        "ids": ids.tolist(),
        "mask": mask.int().tolist(),
        "lengths": lengths.tolist(),
    }


def split_names(text: str, limit: int = 12) -> list[str]:
    """A comma-separated list typed by a user → at most ``limit`` stripped, non-empty names."""
    return [n.strip() for n in text.split(",") if n.strip()][:limit]


def masked_loss_demo(model, vocab: CharVocab, pairs: list[tuple[str, int]]) -> dict:
    """Per-position loss of the prefix predictions of a padded batch of (name, label) pairs; the mean over every
    cell vs. the mean over the real ones (``model.position_logits``: one output per character)."""
    ids, _lengths, mask, labels = NameBatches(vocab)(pairs)
    with torch.inference_mode():
        logits = model.position_logits(ids)  # (batch, time, classes)
        per_pos = F.cross_entropy(logits.transpose(1, 2), labels[:, None].expand_as(ids), reduction="none")
    return {
        "per_position": per_pos.tolist(),
        "mask": mask.int().tolist(),
        "mean_all": float(per_pos.mean()),
        "mean_real": float(masked_mean(per_pos, mask)),
    }
