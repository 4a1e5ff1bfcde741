"""What is trained on the user's images, both with the project's one trainer (``models.training.Trainer``):

* the **linear probe**: one ``nn.Linear(1280, classes)`` on the frozen Lite0 features (transfer learning);
* the **small CNN from scratch**: the training lab's LeNet-5 (``models.lab.nets``) on the same images, shrunk to
  32x32 RGB, every weight learned from these few pictures only.

Both return an unstarted :class:`Trainer`, so a page can run it in the background with live curves and the CLI and
the evaluation can ``run()`` it in the foreground.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from ..training import Trainer, TrainerConfig, TrainingSlots, make_loader, seeded
from .data import TeachImage
from .features import FEATURE_DIM

MakeTrainer = Callable[..., Trainer]  # (x, y, val=(x, y) | None) -> Trainer


@dataclass
class HeadConfig:
    epochs: int = 30  # passes over the training features
    lr: float = 0.01  # Adam learning rate
    weight_decay: float = 1e-4  # L2 penalty on the head
    batch_size: int = 16  # feature vectors per step
    seed: int = 0  # head init and data order

    def __post_init__(self):
        if self.epochs < 1 or self.batch_size < 1 or not self.lr > 0:
            raise ValueError("epochs and batch_size must be at least 1 and lr positive")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ScratchConfig:
    arch: str = "lenet5"  # one of models.lab.nets.ARCHITECTURES
    size: int = 32  # images are squashed to size x size RGB
    epochs: int = 40  # passes over the training images
    lr: float = 0.003  # Adam learning rate
    batch_size: int = 16  # images per step
    seed: int = 0  # init and data order

    def to_dict(self) -> dict:
        return asdict(self)


def build_head(classes: int, dim: int = FEATURE_DIM, seed: int = 0) -> nn.Linear:
    with seeded(seed):
        return nn.Linear(dim, classes)


def _loader(x: torch.Tensor, y: torch.Tensor, batch: int, seed: int, shuffle: bool = True):
    return make_loader(torch.utils.data.TensorDataset(x, y), batch, shuffle=shuffle, seed=seed)


def _as_labels(y) -> torch.Tensor:
    return torch.as_tensor(np.asarray(y), dtype=torch.long)


def _val_loader(val):
    """``(x, y)`` held out -> an unshuffled loader of 256; None -> None."""
    return _loader(val[0], _as_labels(val[1]), 256, 0, shuffle=False) if val is not None else None


def head_trainer(
    x: torch.Tensor,
    y,
    classes: int,
    cfg: HeadConfig | None = None,
    val=None,
    *,
    heartbeat_timeout: float | None = None,
    slots: TrainingSlots | None = None,
    name: str = "linear probe",
) -> Trainer:
    """Features (N, 1280) + labels -> an unstarted trainer of a fresh linear head (``trainer.model``)."""
    cfg = cfg or HeadConfig()
    head = build_head(classes, x.shape[1], cfg.seed)
    val_loader = _val_loader(val)
    tcfg = TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer="adam",
        weight_decay=cfg.weight_decay,
        seed=cfg.seed,
        heartbeat_timeout=heartbeat_timeout,
    )
    return Trainer(
        head, _loader(x, _as_labels(y), cfg.batch_size, cfg.seed), val_loader, tcfg, name=name, slots=slots
    )


def scratch_pixels(items: Sequence[TeachImage], size: int = 32) -> torch.Tensor:
    """Images squashed to (N, 3, size, size) floats in [0, 1] (the small CNN's input)."""
    if not items:
        return torch.empty(0, 3, size, size)
    arr = np.stack(
        [
            np.asarray(it.image.resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32)
            for it in items
        ]
    )  # (N, size, size, 3)
    return torch.from_numpy(arr / 255.0).permute(0, 3, 1, 2).contiguous()  # (N, 3, size, size)


def build_scratch(classes: int, x: torch.Tensor, cfg: ScratchConfig) -> nn.Module:
    from ..lab.nets import NetConfig, build_net

    mean, std = float(x.mean()), float(x.std().clamp_min(1e-6))  # the training images' own statistics
    ncfg = NetConfig(
        arch=cfg.arch,
        in_shape=tuple(x.shape[1:]),
        num_classes=classes,
        activation="relu",
        dropout=0.0,
        batch_norm=False,
        mean=mean,
        std=std,
    )
    with seeded(cfg.seed):
        return build_net(ncfg, seed=cfg.seed)


def scratch_trainer(
    x: torch.Tensor,
    y,
    classes: int,
    cfg: ScratchConfig | None = None,
    val=None,
    *,
    heartbeat_timeout: float | None = None,
    slots: TrainingSlots | None = None,
    name: str = "small CNN from scratch",
) -> Trainer:
    """Pixels (N, 3, S, S) + labels -> an unstarted trainer of a freshly initialised LeNet-5."""
    cfg = cfg or ScratchConfig()
    model = build_scratch(classes, x, cfg)
    val_loader = _val_loader(val)
    tcfg = TrainerConfig(
        epochs=cfg.epochs, lr=cfg.lr, optimizer="adam", seed=cfg.seed, heartbeat_timeout=heartbeat_timeout
    )
    return Trainer(
        model, _loader(x, _as_labels(y), cfg.batch_size, cfg.seed), val_loader, tcfg, name=name, slots=slots
    )


@torch.no_grad()
def probabilities(model: nn.Module, x: torch.Tensor, batch: int = 256) -> np.ndarray:
    """Softmax outputs (N, classes) in eval mode; the model's mode is restored."""
    was = model.training
    model.eval()
    try:
        out = [torch.softmax(model(x[i : i + batch]), 1) for i in range(0, len(x), batch)]
    finally:
        model.train(was)
    return torch.cat(out).numpy() if out else np.empty((0, 0), dtype=np.float32)
