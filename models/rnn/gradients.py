"""‖∂L/∂h_t‖ for every time step t, by autograd, on a MemoryNet (at initialisation or after training).

``nn.RNN`` returns all hidden states as ONE tensor produced by one fused op, so autograd cannot tell how much of
the gradient reaching h_t came through later steps. We therefore unroll the same weights with the matching cell
(``nn.RNNCell`` / ``LSTMCell`` / ``GRUCell``), keep every h_t, and read h_t.grad after ``loss.backward()``. The
loss is the cross-entropy at the last step only, so the norm at t measures how much signal flows T − t steps back.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .memory_task import MemoryNet, MemoryRunConfig, MemoryTaskConfig, make_memory_data, memory_model

_CELLS = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}


def _cell_of(model: MemoryNet) -> nn.Module:
    rnn = model.rnn
    cell = _CELLS[model.cell](rnn.input_size, rnn.hidden_size)
    cell.load_state_dict({k.removesuffix("_l0"): v.detach().clone() for k, v in rnn.state_dict().items()})
    return cell


def hidden_grad_norms(model: MemoryNet, x: torch.Tensor, y: torch.Tensor) -> list[float]:
    """Mean over the batch of ‖∂L_i/∂h_t‖ for t = 1…T, with L_i the example's loss at the last step."""
    cell = _cell_of(model)
    batch, steps, _ = x.shape
    h = x.new_zeros(batch, cell.hidden_size)  # (batch, hidden)
    c = x.new_zeros(batch, cell.hidden_size) if model.cell == "lstm" else None
    states = []
    for t in range(steps):
        if c is not None:
            h, c = cell(x[:, t], (h, c))
        else:
            h = cell(x[:, t], h)  # (batch, hidden)
        h.retain_grad()
        states.append(h)
    loss = F.cross_entropy(model.fc(h), y, reduction="sum")  # sum: each example's gradient is its own
    loss.backward()
    return [float(s.grad.norm(dim=1).mean()) for s in states]


def norms_for(model: MemoryNet, task: MemoryTaskConfig, n: int = 64, seed: int = 123) -> list[float]:
    x, y = make_memory_data(task, n, seed).tensors
    return hidden_grad_norms(model, x, y)


def init_norms(cell: str, length: int, seed: int = 0, hidden: int = 32) -> list[float]:
    """‖∂L/∂h_t‖, t = 1…T, for a freshly initialised model (what ``python -m models gradients`` prints)."""
    task = MemoryTaskConfig(length=length, seed=seed)
    model = memory_model(task, MemoryRunConfig(cell=cell, hidden=hidden, seed=seed))
    return norms_for(model, task, seed=seed + 123)


def decay_slope(norms: list[float]) -> float:
    """Least-squares slope of ln‖∂L/∂h_t‖ against the distance T − t from the loss (per step; negative = decays)."""
    logn = torch.log(torch.tensor(norms, dtype=torch.float64).clamp_min(1e-300))
    dist = torch.arange(len(norms) - 1, -1, -1, dtype=torch.float64)
    dc, lc = dist - dist.mean(), logn - logn.mean()
    return float((dc * lc).sum() / (dc * dc).sum())
