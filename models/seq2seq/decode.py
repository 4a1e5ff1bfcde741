"""Decoding: greedy and beam search, step by step until ``<eos>`` (or a maximum length), with the probability of
every emitted token and the attention matrix (target steps x source tokens)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from .model import EOS_ID, SOS_ID, Seq2Seq

MAX_LEN_CAP = 60  # no decode runs longer than this many steps, whatever the input


def default_max_len(src_len: int) -> int:
    """A bound on the output length: real translations here are at most ~1.3x the source plus a few tokens."""
    return min(MAX_LEN_CAP, 2 * int(src_len) + 10)


@dataclass
class Decoded:
    ids: list[int]  # emitted token ids, <eos> excluded
    probs: list[
        float
    ]  # probability of each emitted token, then of <eos> when it was emitted (len ids or ids+1)
    attention: (
        list[list[float]] | None
    )  # one row per decoding step (incl. the <eos> step), each over the source
    ended: bool  # True when <eos> ended the decoding, False when the length bound did
    logprob: float = 0.0  # sum of log-probabilities of the emitted tokens (and <eos>)
    steps: list[dict] = field(default_factory=list)  # filled by the Translator: token, prob per step


def _as_batch(src_ids: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    src = torch.tensor([src_ids], dtype=torch.long)  # (1, S)
    return src, torch.tensor([len(src_ids)])


@torch.inference_mode()
def greedy(model: Seq2Seq, src_ids: list[int], max_len: int | None = None) -> Decoded:
    """Always take the most probable next token; stop at <eos> or after ``max_len`` tokens."""
    if not src_ids:
        raise ValueError("the source must have at least one token")
    max_len = default_max_len(len(src_ids)) if max_len is None else int(max_len)
    H, z, s, mask = model.encode(*_as_batch(src_ids))
    y = torch.tensor([[SOS_ID]])
    ids, probs, rows, lp = [], [], [], 0.0
    for _ in range(max_len):
        logits, s, attn = model.decoder.step(y, s, H, z, mask)  # logits (1, 1, V)
        p = torch.softmax(logits[0, -1], dim=-1)
        tok = int(p.argmax())
        probs.append(float(p[tok]))
        lp += math.log(max(float(p[tok]), 1e-45))
        if attn is not None:
            rows.append(attn[0, -1].tolist())
        if tok == EOS_ID:
            return Decoded(ids, probs, rows if attn is not None else None, True, lp)
        ids.append(tok)
        y = torch.tensor([[tok]])
    return Decoded(ids, probs, rows if model.cfg.attention else None, False, lp)


@torch.inference_mode()
def beam_search(model: Seq2Seq, src_ids: list[int], beam: int = 4, max_len: int | None = None) -> Decoded:
    """Keep the ``beam`` most probable partial translations (sum of log-probabilities); a hypothesis ends at <eos>.
    Returns the best finished one (or the best unfinished one when the length bound came first).
    ``beam=1`` is exactly greedy decoding."""
    if beam < 1:
        raise ValueError("beam must be at least 1")
    if not src_ids:
        raise ValueError("the source must have at least one token")
    max_len = default_max_len(len(src_ids)) if max_len is None else int(max_len)
    H, z, s, mask = model.encode(*_as_batch(src_ids))
    # a hypothesis: (logprob, ids, probs, attention rows, state)
    live = [(0.0, [], [], [], s)]
    done: list[Decoded] = []
    for _ in range(max_len):
        cands = []
        for lp, ids, probs, rows, st in live:
            y = torch.tensor([[ids[-1] if ids else SOS_ID]])
            logits, st2, attn = model.decoder.step(y, st, H, z, mask)
            logp = torch.log_softmax(logits[0, -1], dim=-1)  # (V,)
            top = torch.topk(logp, min(beam, logp.numel()))
            row = attn[0, -1].tolist() if attn is not None else None
            for v, tok in zip(top.values.tolist(), top.indices.tolist()):
                cands.append((lp + v, ids, probs + [math.exp(v)], rows + ([row] if row else []), st2, tok))
        cands.sort(key=lambda c: -c[0])
        live = []
        for lp, ids, probs, rows, st, tok in cands[:beam]:
            if tok == EOS_ID:
                done.append(Decoded(list(ids), probs, rows if model.cfg.attention else None, True, lp))
            else:
                live.append((lp, ids + [tok], probs, rows, st))
        # stop when the best finished hypothesis beats every live one (log-probs only decrease)
        if not live or (done and max(d.logprob for d in done) >= live[0][0]):
            break
    if done:
        return max(done, key=lambda d: d.logprob)
    lp, ids, probs, rows, _ = live[0]
    return Decoded(ids, probs, rows if model.cfg.attention else None, False, lp)


@torch.inference_mode()
def greedy_batch(
    model: Seq2Seq, src: torch.Tensor, src_len: torch.Tensor, max_len: int = 40
) -> list[list[int]]:
    """Greedy decoding of a whole padded batch (for evaluation): token ids per example, <eos> excluded."""
    H, z, s, mask = model.encode(src, src_len)
    b = src.shape[0]
    y = torch.full((b, 1), SOS_ID, dtype=torch.long)
    out = torch.zeros((b, max_len), dtype=torch.long)
    finished = torch.zeros(b, dtype=torch.bool)
    for t in range(max_len):
        logits, s, _ = model.decoder.step(y, s, H, z, mask)  # (b, 1, V)
        y = logits.argmax(-1)  # (b, 1)
        out[:, t] = y[:, 0].masked_fill(finished, EOS_ID)
        finished |= y[:, 0] == EOS_ID
        if bool(finished.all()):
            break
    result = []
    for row in out.tolist():
        result.append(row[: row.index(EOS_ID)] if EOS_ID in row else row)
    return result
