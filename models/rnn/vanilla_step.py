"""The vanilla RNN step with numbers: h_t = tanh(W_x·x_t + W_h·h_{t−1} + b), for a tiny network.

``unroll`` computes every intermediate quantity by hand (plain matrix–vector products in float64) from the
weights of a real ``torch.nn.RNN``; ``torch_states`` asks the module itself. A test asserts both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..training import seeded


@dataclass
class TinyRNNConfig:
    text: str = "hell"  # input characters, one step each (the classic "hello" example, last char to predict)
    alphabet: str = "helo"  # one-hot positions of the characters
    hidden: int = 3  # hidden size (3–4 keeps every number on screen)
    seed: int = 0  # weight initialisation

    def __post_init__(self):
        if not 1 <= self.hidden <= 8:
            raise ValueError("hidden must be between 1 and 8")
        bad = sorted(set(self.text) - set(self.alphabet))
        if bad or not self.text:
            raise ValueError(f"text must be non-empty and use only the characters {self.alphabet!r}")


def tiny_rnn(cfg: TinyRNNConfig) -> nn.RNN:
    with seeded(cfg.seed):
        return nn.RNN(len(cfg.alphabet), cfg.hidden, batch_first=True)  # tanh nonlinearity


def one_hot(cfg: TinyRNNConfig) -> torch.Tensor:
    idx = torch.tensor([cfg.alphabet.index(c) for c in cfg.text])
    return nn.functional.one_hot(idx, len(cfg.alphabet)).float()  # (T, alphabet)


def unroll(rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor | None = None) -> list[dict]:
    """Every step by hand. x: (T, input). Returns one dict of float lists per step."""
    W_x = rnn.weight_ih_l0.detach().double()  # (hidden, input)
    W_h = rnn.weight_hh_l0.detach().double()  # (hidden, hidden)
    b = (
        (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().double()
    )  # (hidden,) torch keeps two biases; only the sum acts
    h = torch.zeros(rnn.hidden_size, dtype=torch.float64) if h0 is None else h0.double()
    steps = []
    for t, x_t in enumerate(x.double(), 1):
        wx = W_x @ x_t  # (hidden,)
        wh = W_h @ h  # (hidden,)
        s = wx + wh + b  # (hidden,)
        h_new = torch.tanh(s)
        steps.append(
            {
                "t": t,
                "x_t": x_t.tolist(),
                "h_prev": h.tolist(),
                "Wx_x": wx.tolist(),
                "Wh_h": wh.tolist(),
                "b": b.tolist(),
                "sum": s.tolist(),
                "h_t": h_new.tolist(),
            }
        )
        h = h_new
    return steps


@torch.no_grad()
def torch_states(rnn: nn.RNN, x: torch.Tensor) -> torch.Tensor:
    """The hidden states ``torch.nn.RNN`` itself computes: (T, hidden)."""
    out, _ = rnn(x[None])  # (1, T, hidden)
    return out[0]


def weights(rnn: nn.RNN) -> dict[str, list]:
    return {
        "W_x": rnn.weight_ih_l0.tolist(),
        "W_h": rnn.weight_hh_l0.tolist(),
        "b": (rnn.bias_ih_l0 + rnn.bias_hh_l0).tolist(),
    }


def max_difference(steps: list[dict], ref: torch.Tensor) -> float:
    """Largest |h_t by hand − h_t of torch.nn.RNN| over every step and unit (``steps`` from :func:`unroll`,
    ``ref`` from :func:`torch_states`, (T, hidden))."""
    return max(abs(a - b) for s, r in zip(steps, ref.tolist()) for a, b in zip(s["h_t"], r))
