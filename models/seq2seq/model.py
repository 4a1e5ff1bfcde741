"""Encoder-decoder with Luong attention, and the same network without attention (for comparison).

* Encoder: embedding -> bidirectional GRU over the padded source (packed, so padding never enters the state);
  its final forward/backward states -> a tanh layer -> the decoder's first state.
* Decoder (attention): s_t = GRU(emb(y_{t-1}), s_{t-1}); a_t = softmax(s_t W_a H^T) over the real source
  positions (padding masked with -inf); c_t = a_t H; out_t = W_o tanh(W_c [c_t; s_t]).
* Decoder (no attention, Cho et al. 2014): the decoder sees only the encoder's final vector z: it starts from it
  and gets it as the "context" at every step (c_t = z for all t); there is no attention matrix.

With teacher forcing ratio 1 the decoder's GRU runs over the whole gold target at once (fast path); with a lower
ratio :meth:`Seq2Seq.forward` loops step by step and feeds its own (detached) prediction with probability 1-ratio.
Both paths use the same layers, so they give identical outputs for ratio 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .corpus import EOS, PAD, SOS, SPECIALS

PAD_ID, SOS_ID, EOS_ID, UNK_ID = (SPECIALS.index(t) for t in (PAD, SOS, EOS, "<unk>"))


@dataclass
class Seq2SeqConfig:
    src_vocab: int  # number of source tokens (specials included)
    tgt_vocab: int  # number of target tokens (specials included)
    emb: int = 64  # embedding size on both sides
    hidden: int = 160  # decoder GRU size; the encoder uses hidden // 2 per direction
    attention: bool = True  # False: the decoder sees only the encoder's final vector
    dropout: float = 0.0  # dropout on embeddings and the attentional layer

    def __post_init__(self):
        if self.hidden % 2:
            raise ValueError("hidden must be even (the bidirectional encoder uses hidden // 2 per direction)")
        if min(self.src_vocab, self.tgt_vocab, self.emb, self.hidden) < 1:
            raise ValueError("vocab sizes, emb and hidden must be positive")


class Encoder(nn.Module):
    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        self.emb = nn.Embedding(cfg.src_vocab, cfg.emb, padding_idx=PAD_ID)
        self.rnn = nn.GRU(cfg.emb, cfg.hidden // 2, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(cfg.hidden, cfg.hidden)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, src: torch.Tensor, src_len: torch.Tensor):
        """src (batch, S) ids, src_len (batch,) -> outputs H (batch, S, hidden), final z (batch, hidden)."""
        x = self.drop(self.emb(src))  # (batch, S, emb)
        packed = pack_padded_sequence(x, src_len.cpu().clamp(min=1), batch_first=True, enforce_sorted=False)
        out, h = self.rnn(packed)  # h: (2, batch, hidden/2)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])  # (batch, S, hidden)
        z = torch.tanh(self.bridge(torch.cat([h[0], h[1]], dim=-1)))  # (batch, hidden)
        return out, z


class Decoder(nn.Module):
    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        self.attention = cfg.attention
        self.emb = nn.Embedding(cfg.tgt_vocab, cfg.emb, padding_idx=PAD_ID)
        # without attention the final vector is also an input at every step (the only way it sees the source)
        self.rnn = nn.GRU(cfg.emb + (0 if cfg.attention else cfg.hidden), cfg.hidden, batch_first=True)
        self.w_a = nn.Linear(cfg.hidden, cfg.hidden, bias=False)  # Luong "general" score
        self.w_c = nn.Linear(2 * cfg.hidden, cfg.hidden)
        self.out = nn.Linear(cfg.hidden, cfg.tgt_vocab)
        self.drop = nn.Dropout(cfg.dropout)

    def step(self, y_prev, s, H, z, src_mask):
        """Decode T >= 1 steps given the previous tokens.

        y_prev (batch, T) ids, s (1, batch, hidden), H (batch, S, hidden), z (batch, hidden), src_mask (batch, S)
        -> logits (batch, T, V), new s, attention (batch, T, S) or None."""
        e = self.drop(self.emb(y_prev))  # (batch, T, emb)
        if not self.attention:
            e = torch.cat([e, z.unsqueeze(1).expand(-1, e.shape[1], -1)], dim=-1)  # (batch, T, emb+hidden)
        o, s = self.rnn(e, s)  # o: (batch, T, hidden)
        if self.attention:
            scores = self.w_a(o) @ H.transpose(1, 2)  # (batch, T, S)
            scores = scores.masked_fill(~src_mask.unsqueeze(1), float("-inf"))
            attn = torch.softmax(scores, dim=-1)  # rows sum to 1 over the real source tokens
            ctx = attn @ H  # (batch, T, hidden)
        else:
            attn = None
            ctx = z.unsqueeze(1).expand_as(o)  # (batch, T, hidden): the same vector at every step
        h = self.drop(torch.tanh(self.w_c(torch.cat([ctx, o], dim=-1))))  # (batch, T, hidden)
        return self.out(h), s, attn


class Seq2Seq(nn.Module):
    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)

    def encode(self, src, src_len):
        """-> (H, z, s0, src_mask) for the decoder."""
        H, z = self.encoder(src, src_len)
        mask = torch.arange(src.shape[1], device=src.device)[None, :] < src_len[:, None]  # (batch, S)
        return H, z, z.unsqueeze(0).contiguous(), mask

    def forward(
        self, src, src_len, tgt_in, teacher_forcing: float = 1.0, generator: torch.Generator | None = None
    ):
        """Logits (batch, T, V) for every target position; ``tgt_in`` = <sos> + gold target (batch, T).

        teacher_forcing: probability that step t is fed the gold token y_{t-1} rather than the model's own
        prediction (drawn once per step for the whole batch, from ``generator``)."""
        if not 0.0 <= teacher_forcing <= 1.0:
            raise ValueError("teacher_forcing must be between 0 and 1")
        H, z, s, mask = self.encode(src, src_len)
        if teacher_forcing >= 1.0:
            logits, _, _ = self.decoder.step(tgt_in, s, H, z, mask)
            return logits
        outs, y = [], tgt_in[:, :1]
        for t in range(tgt_in.shape[1]):
            if t > 0:
                coin = torch.rand((), generator=generator).item()
                y = tgt_in[:, t : t + 1] if coin < teacher_forcing else outs[-1].argmax(-1).detach()
            logits, s, _ = self.decoder.step(y, s, H, z, mask)  # (batch, 1, V)
            outs.append(logits)
        return torch.cat(outs, dim=1)


def build_seq2seq(**kwargs) -> Seq2Seq:
    """Registry builder: ``build_seq2seq(src_vocab=.., tgt_vocab=.., attention=..)``."""
    return Seq2Seq(Seq2SeqConfig(**kwargs))


def config_dict(model: Seq2Seq) -> dict:
    return asdict(model.cfg)


__all__ = ["EOS", "EOS_ID", "PAD_ID", "SOS_ID", "UNK_ID", "Seq2Seq", "Seq2SeqConfig", "build_seq2seq"]
