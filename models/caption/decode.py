"""Turning a trained captioner into words: greedy, beam search (every beam with its log-probability, plus the
tree of expansions for drawing) and temperature sampling. Every decoder stops at ``<eos>`` or after ``max_len``
words, whichever comes first, and records for each word its top-3 alternatives and the attention map."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from .model import Captioner
from .vocab import Vocab

TOP_K = 3  # alternatives shown per step
MAX_BEAM = 10


@dataclass
class Step:
    word: str  # the chosen word ("<eos>" for the final step)
    prob: float  # its probability at this step
    top: list[tuple[str, float]]  # the TOP_K most likely words at this step, with probabilities
    attention: list[list[float]]  # (grid, grid) weights, sum 1, where the decoder looked before this word


@dataclass
class Decoded:
    caption: str  # the words joined by spaces (no special tokens)
    words: list[str]  # the words
    logprob: float  # sum of log-probabilities of the chosen tokens (including <eos> when reached)
    finished: bool  # True when <eos> was produced (False: cut at max_len)
    steps: list[Step] = field(default_factory=list)  # one per emitted token, <eos> included

    def to_dict(self, with_steps: bool = True) -> dict:
        d = {"caption": self.caption, "logprob": self.logprob, "finished": self.finished}
        if with_steps:
            d["steps"] = [{"word": s.word, "prob": s.prob, "top": s.top} for s in self.steps]
        return d


def _check_max_len(model: Captioner, max_len: int | None) -> int:
    max_len = model.config.max_len if max_len is None else int(max_len)
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    return max_len


def _grid(alpha: torch.Tensor, g: int) -> list[list[float]]:
    return alpha.reshape(g, g).tolist()


@torch.inference_mode()
def greedy_batch(model: Captioner, images: torch.Tensor, max_len: int | None = None) -> torch.Tensor:
    """Fast greedy decoding of a batch: uint8 images (B,3,S,S) -> token ids (B, T<=max_len+1), eos/pad after."""
    max_len = _check_max_len(model, max_len)
    feats, proj = model.encode(images)
    state = model.init_state(feats)
    b = images.shape[0]
    tokens = torch.full((b,), Vocab.start_id, dtype=torch.long)
    done = torch.zeros(b, dtype=torch.bool)
    out = []
    for _ in range(max_len + 1):  # max_len words, then one more chance for <eos>
        logits, state, _ = model.step(tokens, state, feats, proj)
        tokens = logits.argmax(1)  # (B,)
        tokens = torch.where(done, torch.zeros_like(tokens), tokens)
        out.append(tokens)
        done |= tokens == Vocab.eos_id
        if bool(done.all()):
            break
    return torch.stack(out, 1)  # (B, T)


@torch.inference_mode()
def _decode_one(model: Captioner, vocab: Vocab, image: torch.Tensor, max_len: int | None, choose) -> Decoded:
    max_len = _check_max_len(model, max_len)
    g = model.config.grid
    feats, proj = model.encode(image.unsqueeze(0))  # (1, L, C)
    state = model.init_state(feats)
    token = torch.tensor([Vocab.start_id])
    steps, words, logprob, finished = [], [], 0.0, False
    for t in range(max_len + 1):
        logits, state, alpha = model.step(token, state, feats, proj)  # (1, V), state, (1, L)
        probs = torch.softmax(logits[0], 0)  # (V,)
        if t == max_len:  # the limit: only <eos> may still come; stop either way
            if int(probs.argmax()) != Vocab.eos_id:
                break
            idx = Vocab.eos_id
        else:
            idx = choose(logits[0], probs)
        top_p, top_i = probs.topk(min(TOP_K, probs.numel()))
        steps.append(
            Step(
                vocab.itos[idx],
                float(probs[idx]),
                [(vocab.itos[int(i)], float(p)) for p, i in zip(top_p, top_i)],
                _grid(alpha[0], g),
            )
        )
        logprob += math.log(max(float(probs[idx]), 1e-45))
        if idx == Vocab.eos_id:
            finished = True
            break
        words.append(vocab.itos[idx])
        token = torch.tensor([idx])
    return Decoded(" ".join(words), words, logprob, finished, steps)


def greedy(model: Captioner, vocab: Vocab, image: torch.Tensor, max_len: int | None = None) -> Decoded:
    """The most likely word at every step. ``image``: uint8 (3, S, S) from :func:`model.preprocess`."""
    return _decode_one(model, vocab, image, max_len, lambda logits, probs: int(probs.argmax()))


def sample(
    model: Captioner,
    vocab: Vocab,
    image: torch.Tensor,
    temperature: float = 1.0,
    seed: int = 0,
    max_len: int | None = None,
) -> Decoded:
    """Draw every word from softmax(logits / temperature) (own generator: reproducible, thread-safe)."""
    if not (temperature > 0 and math.isfinite(temperature)):
        raise ValueError("temperature must be a positive number")
    gen = torch.Generator().manual_seed(int(seed))

    def choose(logits, probs):
        p = torch.softmax(logits / temperature, 0)
        return int(torch.multinomial(p, 1, generator=gen))

    return _decode_one(model, vocab, image, max_len, choose)


@dataclass
class BeamResult:
    beams: list[Decoded]  # best first, at most `width`; finished ones and (if none finish) cut ones
    tree: list[dict]  # every expansion kept at some step: id, parent, step, word, logprob (cumulative), final


@torch.inference_mode()
def beam_search(
    model: Captioner, vocab: Vocab, image: torch.Tensor, width: int = 3, max_len: int | None = None
) -> BeamResult:
    # Stays whole (issue 17): one search loop whose live/finished/tree bookkeeping is shared by every step.
    """Keep the ``width`` best partial captions (sum of log-probabilities) at every step. A hypothesis that emits
    ``<eos>`` is finished; the search ends when ``width`` are finished, when no live hypothesis can beat the
    worst of them any more (log-probabilities only go down), or at ``max_len`` words. Width 1 is greedy."""
    if not 1 <= int(width) <= MAX_BEAM:
        raise ValueError(f"beam width must be between 1 and {MAX_BEAM}")
    width = int(width)
    max_len = _check_max_len(model, max_len)
    g = model.config.grid
    feats, proj = model.encode(image.unsqueeze(0))  # (1, L, C)
    state = model.init_state(feats)
    # live hypotheses: tokens, steps, logprob, node id
    live = [([], [], 0.0, -1)]
    tree: list[dict] = []
    finished: list[Decoded] = []
    for t in range(max_len + 1):
        n = len(live)
        tok = torch.tensor([h[0][-1] if h[0] else Vocab.start_id for h in live])
        logits, new_state, alpha = model.step(tok, state, feats.expand(n, -1, -1), proj.expand(n, -1, -1))
        logp = torch.log_softmax(logits, 1)  # (n, V)
        probs = logp.exp()

        # called only within this iteration, so the loop variables it reads are the current ones
        def expand(r: int, w: int, total: float):
            toks, steps, _, parent = live[r]
            top_p, top_i = probs[r].topk(min(TOP_K, probs.shape[1]))
            step = Step(
                vocab.itos[w],
                float(probs[r, w]),
                [(vocab.itos[int(j)], float(p)) for p, j in zip(top_p, top_i)],
                _grid(alpha[r], g),
            )
            node = len(tree)
            tree.append(
                {
                    "id": node,
                    "parent": parent,
                    "step": t,
                    "word": vocab.itos[w],
                    "logprob": total,
                    "final": w == Vocab.eos_id,
                }
            )
            return toks, steps, step, node

        if t == max_len:  # the limit, as in greedy: a hypothesis whose best next token is <eos> finishes,
            for r, (toks, steps, lp, _) in enumerate(live):  # the others are cut where they are
                if int(logp[r].argmax()) == Vocab.eos_id:
                    total = lp + float(logp[r, Vocab.eos_id])
                    toks, steps, step, _ = expand(r, Vocab.eos_id, total)
                    words = [vocab.itos[x] for x in toks]
                    finished.append(Decoded(" ".join(words), words, total, True, steps + [step]))
                else:
                    words = [vocab.itos[x] for x in toks]
                    finished.append(Decoded(" ".join(words), words, lp, False, steps))
            break
        total = torch.tensor([h[2] for h in live]).unsqueeze(1) + logp  # (n, V)
        best_v, best_i = total.flatten().topk(width)
        next_live, rows = [], []
        for v, i in zip(best_v.tolist(), best_i.tolist()):
            r, w = divmod(i, logp.shape[1])
            toks, steps, step, node = expand(r, w, v)
            if w == Vocab.eos_id:
                words = [vocab.itos[x] for x in toks]
                finished.append(Decoded(" ".join(words), words, v, True, steps + [step]))
            else:
                next_live.append((toks + [w], steps + [step], v, node))
                rows.append(r)
        finished.sort(key=lambda d: -d.logprob)
        if not next_live:
            break
        if len(finished) >= width and max(h[2] for h in next_live) <= finished[width - 1].logprob:
            break  # log-probabilities only go down: no live hypothesis can enter the top `width` any more
        idx = torch.tensor(rows)
        state = (new_state[0][idx], new_state[1][idx])
        live = next_live
    finished.sort(key=lambda d: -d.logprob)
    return BeamResult(finished[:width], tree)
