"""The tagger network: an LSTM (bidirectional, or left-to-right for the baseline) over word embeddings
concatenated with a character-CNN encoding of each word, one of 17 UPOS tags per word."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..training import BatchResult
from .vocab import IGNORE

ARCHS = ("bilstm", "unilstm")


@dataclass
class TaggerConfig:
    n_words: int  # word vocabulary size (0 = <pad>, 1 = <unk>)
    n_chars: int  # character vocabulary size (0 = <pad>, 1 = <unk>, 2 = <w>, 3 = </w>)
    n_tags: int = 17  # output classes (the 17 UPOS tags)
    word_dim: int = 100  # word embedding size (trained from scratch)
    char_dim: int = 32  # character embedding size
    char_channels: int = 64  # filters of the character CNN = size of a word's character encoding
    char_kernel: int = 3  # width of the character CNN's filters
    hidden: int = 128  # LSTM hidden size per direction
    layers: int = 1  # stacked LSTM layers
    bidirectional: bool = True  # False: the left-to-right baseline (no look at the words to the right)
    dropout: float = 0.2  # dropout on the word representation and on the LSTM output
    word_dropout: float = 0.05  # training only: chance of replacing a word id by <unk>, so <unk> gets trained
    rare_dropout: float = (
        0.0  # training only: extra chance for words seen once (they look most like unknown ones)
    )

    def __post_init__(self):
        if self.n_words < 2 or self.n_chars < 2:
            raise ValueError("vocabularies need at least <pad> and <unk>")
        if self.char_kernel % 2 == 0:
            raise ValueError("char_kernel must be odd (3, 5, ...)")

    @classmethod
    def for_arch(cls, arch: str, **kw) -> TaggerConfig:
        if arch not in ARCHS:
            raise ValueError(f"unknown tagger architecture {arch!r}; choose one of {', '.join(ARCHS)}")
        return cls(bidirectional=(arch == "bilstm"), **kw)


class CharCNN(nn.Module):
    """Characters of each word -> one vector per word (max over time of a 1-D convolution)."""

    def __init__(self, n_chars: int, dim: int, channels: int, kernel: int):
        super().__init__()
        self.emb = nn.Embedding(n_chars, dim, padding_idx=0)
        self.conv = nn.Conv1d(dim, channels, kernel, padding=kernel // 2)

    def forward(self, chars: torch.Tensor) -> torch.Tensor:
        B, T, L = chars.shape
        flat = chars.reshape(B * T, L)  # (words, chars)
        x = self.emb(flat).transpose(1, 2)  # (words, char_dim, chars)
        h = torch.relu(self.conv(x))  # (words, channels, chars)
        h = h.masked_fill((flat == 0).unsqueeze(1), 0.0)  # padding characters never win the max (relu >= 0)
        return h.max(dim=2).values.reshape(B, T, -1)  # (batch, time, channels)


class LSTMTagger(nn.Module):
    def __init__(self, cfg: TaggerConfig):
        super().__init__()
        self.cfg = cfg
        self.word_emb = nn.Embedding(cfg.n_words, cfg.word_dim, padding_idx=0)
        self.chars = CharCNN(cfg.n_chars, cfg.char_dim, cfg.char_channels, cfg.char_kernel)
        self.drop = nn.Dropout(cfg.dropout)
        self.lstm = nn.LSTM(
            cfg.word_dim + cfg.char_channels,
            cfg.hidden,
            num_layers=cfg.layers,
            batch_first=True,
            bidirectional=cfg.bidirectional,
            dropout=cfg.dropout if cfg.layers > 1 else 0.0,
        )
        self.out = nn.Linear(cfg.hidden * (2 if cfg.bidirectional else 1), cfg.n_tags)
        self.register_buffer(
            "rare", torch.zeros(cfg.n_words, dtype=torch.bool)
        )  # word ids seen once in training

    def forward(self, words: torch.Tensor, chars: torch.Tensor) -> torch.Tensor:
        """words (batch, time), chars (batch, time, chars); id 0 = padding. Returns logits (batch, time, tags)."""
        mask = words != 0  # (batch, time)
        if self.training and self.cfg.word_dropout > 0:
            p = torch.full(words.shape, self.cfg.word_dropout, device=words.device)  # (batch, time)
            p = p.masked_fill(self.rare[words], max(self.cfg.word_dropout, self.cfg.rare_dropout))
            drop = (torch.rand(words.shape, device=words.device) < p) & mask
            words = words.masked_fill(drop, 1)  # 1 = <unk>
        x = torch.cat([self.word_emb(words), self.chars(chars)], dim=-1)  # (batch, time, word_dim + channels)
        x = self.drop(x)
        lengths = mask.sum(1).clamp(min=1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)  # packed: the backward direction starts at each sentence's real last word
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        return self.out(self.drop(h))  # (batch, time, tags)


def build_tagger(arch: str = "bilstm", *, n_words: int = 1000, n_chars: int = 100, **kw) -> LSTMTagger:
    """Registry builder: an untrained tagger of the given architecture ("bilstm" or "unilstm")."""
    return LSTMTagger(TaggerConfig.for_arch(arch, n_words=n_words, n_chars=n_chars, **kw))


def config_dict(cfg: TaggerConfig) -> dict:
    return asdict(cfg)


def masked_step(model: nn.Module, batch: dict) -> BatchResult:
    """Step function for models.training.Trainer: cross-entropy and accuracy over real (unpadded) words only."""
    logits = model(batch["words"], batch["chars"])  # (batch, time, tags)
    tags = batch["tags"]  # (batch, time), IGNORE at padding
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tags.reshape(-1), ignore_index=IGNORE)
    mask = tags != IGNORE
    correct = int(((logits.argmax(-1) == tags) & mask).sum())
    return BatchResult(loss=loss, correct=correct, count=int(mask.sum()), samples=int(tags.shape[0]))
