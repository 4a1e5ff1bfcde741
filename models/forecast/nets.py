"""Five forecasters that answer the same question on the same windows: MLP, causal 1-D CNN, RNN, LSTM, GRU.

Every model maps a window ``x`` of shape (batch, W, 1) to (batch, 1) in many-to-one mode and to (batch, H) in
many-to-many mode. All five predict the *change* from the window's last value (inputs are made level-free
by subtracting that value), so a trend that leaves the training range does not push them off the scale, and
"output zero" is exactly the naive forecast.

Sequence models (CNN, RNN, LSTM, GRU) read two channels per step: the level-free value and an "observed" flag.
In many-to-many mode the sequence is extended by H-1 future steps with value 0 and flag 0, and the outputs
of the last H steps are the forecast (the output at step t predicts y[t+1]), so the loss sits on H outputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import nn

from ..training import count_parameters
from .windows import MODES

KINDS = ("mlp", "cnn", "rnn", "lstm", "gru")
RECURRENT = ("rnn", "lstm", "gru")
LABELS = {"mlp": "MLP", "cnn": "1-D CNN", "rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


@dataclass(frozen=True)
class NetConfig:
    kind: str  # one of KINDS
    window: int  # input length W
    horizon: int = 1  # forecast length H (outputs in many-to-many mode)
    mode: str = "many-to-one"  # one of windows.MODES
    hidden: int = 16  # hidden units (MLP, RNNs) or channels (CNN)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown model kind {self.kind!r}; choose one of {', '.join(KINDS)}")
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.window < 1 or self.horizon < 1 or self.hidden < 1:
            raise ValueError("window, horizon and hidden must be at least 1")

    @property
    def outputs(self) -> int:
        return 1 if self.mode == "many-to-one" else self.horizon


class Forecaster(nn.Module):
    """Shared input/output plumbing; subclasses implement ``core(z) -> change`` of shape (batch, outputs)."""

    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.cfg = cfg

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        last = x[:, -1:, 0]  # (batch, 1)
        z = x[..., 0] - last  # (batch, W) level-free window
        return last + self.core(z)  # (batch, outputs)

    def core(self, z: torch.Tensor) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def sequence_input(self, z: torch.Tensor) -> torch.Tensor:
        """(batch, W) -> (batch, W + outputs - 1, 2): value and observed flag, padded with the future steps."""
        b, w = z.shape
        extra = self.cfg.outputs - 1
        value = torch.cat([z, z.new_zeros(b, extra)], dim=1)  # (batch, T)
        flag = torch.cat([z.new_ones(b, w), z.new_zeros(b, extra)], dim=1)  # (batch, T)
        return torch.stack([value, flag], dim=-1)  # (batch, T, 2)


class MLPForecaster(Forecaster):
    """Flattened window -> two hidden layers -> outputs (no notion of time order besides the positions)."""

    def __init__(self, cfg: NetConfig):
        super().__init__(cfg)
        h = cfg.hidden
        self.net = nn.Sequential(
            nn.Linear(cfg.window, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, cfg.outputs)
        )

    def core(self, z):
        return self.net(z)  # (batch, outputs)


class CausalConv1d(nn.Conv1d):
    """Conv1d padded on the left only, so the output at step t sees inputs up to t."""

    def __init__(self, c_in: int, c_out: int, kernel: int, dilation: int = 1):
        super().__init__(c_in, c_out, kernel, dilation=dilation)
        self.left = (kernel - 1) * dilation

    def forward(self, x):
        return super().forward(nn.functional.pad(x, (self.left, 0)))  # (batch, c_out, T)


def cnn_layers(window: int, kernel: int = 3) -> int:
    """Dilated layers (dilation 1, 2, 4, ...) needed for the receptive field to cover the window."""
    layers = 1
    while 1 + (kernel - 1) * (2**layers - 1) < window:
        layers += 1
    return layers


class CNNForecaster(Forecaster):
    """Stack of causal dilated convolutions (a small WaveNet/TCN); a 1x1 head reads the last steps."""

    def __init__(self, cfg: NetConfig, kernel: int = 3):
        super().__init__(cfg)
        c = cfg.hidden
        layers = []
        for i in range(cnn_layers(cfg.window, kernel)):
            layers += [CausalConv1d(2 if i == 0 else c, c, kernel, dilation=2**i), nn.ReLU()]
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv1d(c, 1, 1)

    def core(self, z):
        s = self.sequence_input(z).transpose(1, 2)  # (batch, 2, T)
        y = self.head(self.body(s))[:, 0, :]  # (batch, T)
        return y[:, -self.cfg.outputs :]  # (batch, outputs)


class RecurrentForecaster(Forecaster):
    """nn.RNN / nn.LSTM / nn.GRU over the sequence; a linear head on the hidden state of the last steps."""

    CELLS: ClassVar[dict[str, type[nn.RNNBase]]] = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

    def __init__(self, cfg: NetConfig):
        super().__init__(cfg)
        self.rnn = self.CELLS[cfg.kind](2, cfg.hidden, batch_first=True)
        self.head = nn.Linear(cfg.hidden, 1)

    def hidden_states(self, x: torch.Tensor) -> torch.Tensor:
        """Hidden state h_t at every step (batch, T, hidden) for windows x (batch, W, 1); for the LSTM, h not c."""
        z = x[..., 0] - x[:, -1:, 0]  # (batch, W)
        h, _ = self.rnn(self.sequence_input(z))  # (batch, T, hidden)
        return h

    def core(self, z):
        h, _ = self.rnn(self.sequence_input(z))  # (batch, T, hidden)
        return self.head(h[:, -self.cfg.outputs :, :])[..., 0]  # (batch, outputs)


def build_model(
    kind: str, window: int, horizon: int = 1, mode: str = "many-to-one", hidden: int = 16
) -> Forecaster:
    cfg = NetConfig(kind=kind, window=window, horizon=horizon, mode=mode, hidden=hidden)
    if kind == "mlp":
        return MLPForecaster(cfg)
    if kind == "cnn":
        return CNNForecaster(cfg)
    return RecurrentForecaster(cfg)


def hidden_for_budget(
    kind: str, budget: int, window: int, horizon: int = 1, mode: str = "many-to-one", max_hidden: int = 256
) -> int:
    """The hidden size (units or channels) whose parameter count is closest to ``budget``."""
    if budget < 1:
        raise ValueError("the parameter budget must be positive")
    best, best_gap = 1, math.inf
    for h in range(1, max_hidden + 1):
        p = count_parameters(build_model(kind, window, horizon, mode, hidden=h))
        gap = abs(p - budget)
        if gap < best_gap:
            best, best_gap = h, gap
        if p > budget:  # parameter counts grow with h: nothing further can be closer
            break
    return best


def build_matched(
    kind: str, budget: int, window: int, horizon: int = 1, mode: str = "many-to-one"
) -> Forecaster:
    """A model of ``kind`` sized to about ``budget`` parameters (so the five compare fairly)."""
    return build_model(
        kind, window, horizon, mode, hidden=hidden_for_budget(kind, budget, window, horizon, mode)
    )


def matched_sizes(kinds, budget: int, window: int, horizon: int, mode: str) -> list[dict]:
    """[{kind, params, hidden}] of each kind sized to ``budget`` (the page's "sizes matched" table)."""
    rows = []
    for kind in kinds:
        model = build_matched(kind, budget, window, horizon, mode)
        rows.append({"kind": kind, "params": count_parameters(model), "hidden": model.cfg.hidden})
    return rows
