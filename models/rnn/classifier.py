"""Character-level many-to-one classifier: embedding → RNN/LSTM/GRU → hidden state after the last REAL
character → linear. Two ways to read a padded batch:

* ``packed``: ``pack_padded_sequence`` makes the recurrent layer stop at each name's own length, so ``h_n`` is
  the state after the name's last character;
* ``naive``: run over the whole padded matrix and take the output at the last (padded) position, i.e. after the
  network has also "read" the padding of every name shorter than the longest one in the batch.

``pool="max"`` also hands the classifier the element-wise maximum of the states over the name's positions
(a detector that fired anywhere, e.g. "-ić" or "Mc", stays visible at the end). After a prefix that maximum only
covers the prefix, so the per-prefix predictions are still left-to-right. :class:`NameEnsemble` averages the
probabilities of several such classifiers trained with different seeds.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pad_packed_sequence

from ..registry import ModelSpec, register
from ..store import default_store
from .chars import CharVocab, pack

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
MODES = ("packed", "naive")
POOLS = ("last", "max")
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
    bidirectional: bool = (
        False  # also read the name right-to-left; the state is [forward last ; backward last]
    )
    mode: str = "packed"  # one of MODES: packed, naive (last padded position)
    pool: str = (
        "last"  # one of POOLS: last (the final state only), max (final state ; max of states over time)
    )

    def __post_init__(self):
        check_cell(self.cell)
        if self.pool not in POOLS:
            raise ValueError(f"unknown pool {self.pool!r}; choose one of {', '.join(POOLS)}")
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")


class NameClassifier(nn.Module):
    def __init__(self, cfg: ClassifierConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.embed, padding_idx=0)
        self.rnn = CELLS[cfg.cell](
            cfg.embed,
            cfg.hidden,
            num_layers=cfg.layers,
            batch_first=True,
            dropout=cfg.dropout if cfg.layers > 1 else 0.0,
            bidirectional=cfg.bidirectional,
        )
        self.embed_drop = nn.Dropout(cfg.embed_dropout)
        self.drop = nn.Dropout(cfg.dropout)
        D = cfg.hidden * (2 if cfg.bidirectional else 1)
        self.fc = nn.Linear(D * (2 if cfg.pool == "max" else 1), cfg.num_classes)

    def _read(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None):
        """(state after the last position read (batch, D), states at every position (batch, time, D), mask of
        the positions that count (batch, time)); D = hidden * directions."""
        mode = mode or self.cfg.mode
        emb = self.embed_drop(self.embed(ids))  # (batch, max_len, embed)
        H = self.cfg.hidden
        if mode == "packed":
            out, h = self.rnn(pack(emb, lengths))
            out, _ = pad_packed_sequence(
                out, batch_first=True, total_length=ids.shape[1]
            )  # zeros past the end
            h = (
                h[0] if isinstance(h, tuple) else h
            )  # LSTM returns (h_n, c_n); (layers * directions, batch, H)
            # forward after the last real char (and backward after the first): top layer
            last = torch.cat([h[-2], h[-1]], dim=1) if self.cfg.bidirectional else h[-1]
            mask = torch.arange(ids.shape[1])[None, :] < lengths.cpu()[:, None]  # (batch, time)
            return last, out, mask
        if mode == "naive":
            out, _ = self.rnn(emb)  # (batch, max_len, hidden * directions)
            # after the last padded position (the backward direction read the pads first, then the name)
            last = torch.cat([out[:, -1, :H], out[:, 0, H:]], dim=1) if self.cfg.bidirectional else out[:, -1]
            return last, out, torch.ones(ids.shape, dtype=torch.bool)  # naive: every position counts
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")

    def final_state(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        """The recurrent state after the last position read: (batch, hidden * directions)."""
        return self._read(ids, lengths, mode)[0]

    def features(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        """What the linear layer reads: the final state, and with pool="max" also the maximum of every state
        unit over the positions that count (batch, D or 2D)."""
        return self._final_features(*self._read(ids, lengths, mode))

    def _final_features(self, last: torch.Tensor, out: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        if self.cfg.pool == "last":
            return last
        return torch.cat([last, out.masked_fill(~mask[..., None], float("-inf")).amax(1)], dim=1)

    def _position_features(self, out: torch.Tensor) -> torch.Tensor:
        """Features after every position (batch, time, ...): the state, and with pool="max" the running maximum
        of the states so far (only the prefix up to that position)."""
        if self.cfg.pool == "last":
            return out
        return torch.cat([out, out.cummax(dim=1).values], dim=-1)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        return self.fc(self.drop(self.features(ids, lengths, mode)))  # (batch, classes)

    def outputs(
        self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One pass giving the final logits (batch, classes) AND logits after every position
        (batch, time, classes); left-to-right models only. In packed mode the positions past a name's end are
        zeros (mask them); in naive mode they are outputs after reading padding (mask them too)."""
        if self.cfg.bidirectional:
            raise ValueError("a bidirectional model has no per-position (prefix) outputs")
        last, out, mask = self._read(ids, lengths, mode)  # (batch, H), (batch, time, H), (batch, time)
        final = self._final_features(last, out, mask)
        # (batch, classes), (batch, time, classes); past a name's end the running max is stale: masked by callers
        return self.fc(self.drop(final)), self.fc(self.drop(self._position_features(out)))

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
        return self.fc(self._position_features(self.forward_states(ids)))


class NameEnsemble(nn.Module):
    """Several NameClassifiers of one configuration, trained alike but from different seeds. The answer is the
    mean of their probabilities; ``forward`` returns its log, so ``softmax`` gives the mean back and ``argmax``
    the ensemble's choice. The hidden states shown on the page are the first member's."""

    def __init__(self, members: list[NameClassifier]):
        super().__init__()
        if not members:
            raise ValueError("an ensemble needs at least one member")
        self.members = nn.ModuleList(members)

    @property
    def cfg(self) -> ClassifierConfig:
        return self.members[0].cfg

    @staticmethod
    def _mean_log_prob(logits: list[torch.Tensor]) -> torch.Tensor:
        return torch.stack([x.log_softmax(-1) for x in logits]).logsumexp(0) - math.log(len(logits))

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor, mode: str | None = None) -> torch.Tensor:
        return self._mean_log_prob([m(ids, lengths, mode) for m in self.members])  # (batch, classes)

    def position_logits(self, ids: torch.Tensor) -> torch.Tensor:
        return self._mean_log_prob([m.position_logits(ids) for m in self.members])  # (batch, time, classes)

    def forward_states(self, ids: torch.Tensor) -> torch.Tensor:
        return self.members[0].forward_states(ids)


def build_name_classifier(**kwargs) -> NameClassifier:
    return NameClassifier(ClassifierConfig(**kwargs))


def make_checkpoint(model: NameClassifier | NameEnsemble, vocab: CharVocab, labels, **extra) -> dict:
    """A plain dict that loads with weights_only=True (an ensemble stores one state dict per member)."""
    weights = (
        {"members": [m.state_dict() for m in model.members]}
        if isinstance(model, NameEnsemble)
        else {"state_dict": model.state_dict()}
    )
    return {
        **weights,
        "config": asdict(model.cfg),
        "chars": list(vocab.chars),
        "labels": list(labels),
        **extra,
    }


def from_checkpoint(ckpt: dict) -> tuple[NameClassifier | NameEnsemble, CharVocab, list[str]]:
    cfg = ckpt["config"]
    if "members" in ckpt:
        model = NameEnsemble([NameClassifier(ClassifierConfig(**cfg)) for _ in ckpt["members"]])
        for member, state in zip(model.members, ckpt["members"]):
            member.load_state_dict(state)
    else:
        model = NameClassifier(ClassifierConfig(**cfg))
        model.load_state_dict(ckpt["state_dict"])
    model.eval()
    return model, CharVocab(tuple(ckpt["chars"])), list(ckpt["labels"])


def load_bundled(
    name: str = BUNDLE, store=default_store
) -> tuple[NameClassifier | NameEnsemble, CharVocab, list[str]]:
    """The bundled checkpoint (sha256-checked, weights_only), in eval mode."""
    return from_checkpoint(store.load(name))


register(
    ModelSpec(
        name=BUNDLE,
        task="sequence-classification",
        builder=build_name_classifier,
        weights="bundled",
        description="character RNN: a person's name → one of 12 Faker locales "
        "(RNN/LSTM/GRU best on validation, 5 seeds averaged)",
        is_available=lambda: default_store.available(BUNDLE),
    )
)
