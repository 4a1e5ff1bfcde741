"""Character-level many-to-one classifier: embedding → RNN/LSTM/GRU → hidden state after the last REAL
character → linear. Two ways to read a padded batch:

* ``packed``: ``pack_padded_sequence`` makes the recurrent layer stop at each name's own length, so ``h_n`` is
  the state after the name's last character;
* ``naive``: run over the whole padded matrix and take the output at the last (padded) position, i.e. after the
  network has also "read" the padding of every name shorter than the longest one in the batch.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pad_packed_sequence

from ..registry import ModelSpec, register
from ..store import default_store
from .chars import CharVocab, pack

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
MODES = ("packed", "naive")
BUNDLE = "names_classifier"


def check_cell(cell: str) -> str:
    if cell not in CELLS:
        raise ValueError(f"unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    return cell


@dataclass
class ClassifierConfig:
    vocab_size: int  # characters + <pad> + <unk>
    num_classes: int  # nationalities
    cell: str = "gru"  # one of CELLS: rnn (vanilla tanh), lstm, gru
    embed: int = 32  # character embedding size
    hidden: int = 128  # recurrent state size
    layers: int = 1  # stacked recurrent layers
    dropout: float = 0.2  # dropout on the final state (and between layers)
    embed_dropout: float = 0.0  # dropout on the character embeddings
    bidirectional: bool = False  # also read the name right-to-left; the state is [forward last ; backward last]
    mode: str = "packed"  # one of MODES: packed, naive (last padded position)

    def __post_init__(self):
        check_cell(self.cell)
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")


class NameClassifier(nn.Module):
    def __init__(self, cfg: ClassifierConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.embed, padding_idx=0)
        self.rnn = CELLS[cfg.cell](cfg.embed, cfg.hidden, num_layers=cfg.layers, batch_first=True,
                                   dropout=cfg.dropout if cfg.layers > 1 else 0.0, bidirectional=cfg.bidirectional)
        self.embed_drop = nn.Dropout(cfg.embed_dropout)
        self.drop = nn.Dropout(cfg.dropout)
        self.fc = nn.Linear(cfg.hidden * (2 if cfg.bidirectional else 1), cfg.num_classes)

    def final_state(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        """The state the classifier reads: (batch, hidden)."""
        mode = mode or self.cfg.mode
        emb = self.embed_drop(self.embed(ids))  # (batch, max_len, embed)
        H = self.cfg.hidden
        if mode == "packed":
            _, h = self.rnn(pack(emb, lengths))
            h = h[0] if isinstance(h, tuple) else h  # LSTM returns (h_n, c_n); (layers * directions, batch, H)
            if self.cfg.bidirectional:  # forward after the last real char, backward after the first
                return torch.cat([h[-2], h[-1]], dim=1)  # (batch, 2H)
            return h[-1]  # (batch, hidden): top layer, after each name's own last character
        if mode == "naive":
            out, _ = self.rnn(emb)  # (batch, max_len, hidden * directions)
            if self.cfg.bidirectional:  # backward direction read the pads first, then the name
                return torch.cat([out[:, -1, :H], out[:, 0, H:]], dim=1)  # (batch, 2H)
            return out[:, -1]  # (batch, hidden): after the last padded position
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        return self.fc(self.drop(self.final_state(ids, lengths, mode)))  # (batch, classes)

    def outputs(self, ids: torch.Tensor, lengths: torch.Tensor,
                mode: str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """One pass giving the final logits (batch, classes) AND logits after every position
        (batch, time, classes); left-to-right models only. In packed mode the positions past a name's end are
        zeros (mask them); in naive mode they are outputs after reading padding (mask them too)."""
        if self.cfg.bidirectional:
            raise ValueError("a bidirectional model has no per-position (prefix) outputs")
        mode = mode or self.cfg.mode
        emb = self.embed_drop(self.embed(ids))  # (batch, time, embed)
        if mode == "packed":
            out, h = self.rnn(pack(emb, lengths))
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])  # (batch, time, H)
            h = h[0] if isinstance(h, tuple) else h
            last = h[-1]  # (batch, hidden)
        elif mode == "naive":
            out, _ = self.rnn(emb)  # (batch, time, hidden)
            last = out[:, -1]
        else:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        return self.fc(self.drop(last)), self.fc(self.drop(out))  # (batch, classes), (batch, time, classes)

    def forward_states(self, ids: torch.Tensor) -> torch.Tensor:
        """The top layer's left-to-right hidden state after every position of ``ids`` (batch, time), no packing:
        (batch, time, hidden). Positions past a name's end are states after reading padding."""
        out, _ = self.rnn(self.embed(ids))  # (batch, time, hidden * directions)
        return out[..., : self.cfg.hidden]

    def position_logits(self, ids: torch.Tensor) -> torch.Tensor:
        """Logits after every position (batch, time, classes), as a many-to-many model would emit them; only
        for left-to-right models, where position t sees exactly the prefix ids[:, :t+1]."""
        if self.cfg.bidirectional:
            raise ValueError("a bidirectional model has no per-position (prefix) outputs")
        return self.fc(self.forward_states(ids))


def build_name_classifier(**kwargs) -> NameClassifier:
    return NameClassifier(ClassifierConfig(**kwargs))


def make_checkpoint(model: NameClassifier, vocab: CharVocab, labels, **extra) -> dict:
    """A plain dict that loads with weights_only=True."""
    return {"state_dict": model.state_dict(), "config": asdict(model.cfg), "chars": list(vocab.chars),
            "labels": list(labels), **extra}


def from_checkpoint(ckpt: dict) -> tuple[NameClassifier, CharVocab, list[str]]:
    model = NameClassifier(ClassifierConfig(**ckpt["config"]))
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    return model, CharVocab(tuple(ckpt["chars"])), list(ckpt["labels"])


def load_bundled(name: str = BUNDLE, store=default_store) -> tuple[NameClassifier, CharVocab, list[str]]:
    """The bundled checkpoint (sha256-checked, weights_only), in eval mode."""
    return from_checkpoint(store.load(name))


register(ModelSpec(
    name=BUNDLE,
    task="sequence-classification",
    builder=build_name_classifier,
    weights="bundled",
    description="character RNN: a person's name → one of 12 Faker locales (best of RNN/LSTM/GRU)",
    is_available=lambda: default_store.available(BUNDLE),
    page="names",
))
