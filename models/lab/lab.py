"""One training-lab run from a :class:`LabConfig`: data, network, :class:`~models.training.Trainer`, and the
post-run analysis (predictions, confusion matrix, per-class accuracy, misclassified examples, export)."""

from __future__ import annotations

import io
import json
import time
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from sklearn.metrics import confusion_matrix
from torch import nn

from models.training import OPTIMIZERS, SCHEDULES, Trainer, TrainerConfig, TrainingSlots, make_loader, seeded

from .datasets import LabData, list_datasets, load_data
from .nets import ACTIVATIONS, ARCHITECTURES, NetConfig, build_net

MAX_STEP_SECONDS = 2.0  # the slowest "slow motion" a run may ask for
# ReduceLROnPlateau settings of the "plateau" schedule. patience 0-1 with no floor divided the rate by 10 seven times
# in 30 epochs (0.03 -> 3e-09): a flat accuracy curve keeps counting as a plateau. Now: a drop after 3 epochs
# without a gain of at least 0.2 points of validation accuracy, 2 quiet epochs after each drop, and never below
# 1/100 of the starting rate (so at most two drops, AlexNet divided its rate by 10 three times in 90 epochs).
PLATEAU = dict(factor=0.1, patience=2, threshold=0.002, threshold_mode="abs", cooldown=2)
PLATEAU_MIN_FACTOR = 0.01  # min_lr = lr * this


@dataclass
class LabConfig:
    dataset: str = "mnist5k"  # a registered data set (models.lab.datasets.list_datasets())
    train_size: int | None = None  # training examples taken from the pool (None: all of it)
    model: str = "lenet5"  # one of nets.ARCHITECTURES
    activation: str = "relu"  # one of nets.ACTIVATIONS
    dropout: float = 0.5  # before the fully connected layers (AlexNet: 0.5)
    batch_norm: bool = False  # BatchNorm after convolutions / hidden linear layers
    optimizer: str = "sgdm"  # sgd, sgdm (momentum 0.9, AlexNet), adam
    batch_size: int = 128  # AlexNet: 128
    lr: float = 0.03  # initial learning rate (AlexNet: 0.01 over 90 epochs; a short run needs a little more)
    schedule: str = "plateau"  # constant, step, plateau (ReduceLROnPlateau on validation accuracy, AlexNet)
    epochs: int = 5  # passes over the training set
    seed: int = 0  # model init and data order
    max_batches_per_epoch: int | None = None  # cap per epoch for quick demos and tests (None: all)
    min_step_seconds: float = 0.0  # slow motion: every step takes at least this long (0: full speed)

    def __post_init__(self):
        if self.dataset not in list_datasets():
            raise ValueError(f"unknown dataset {self.dataset!r}; choose one of {', '.join(list_datasets())}")
        if self.model not in ARCHITECTURES:
            raise ValueError(f"unknown model {self.model!r}; choose one of {', '.join(ARCHITECTURES)}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}"
            )
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.schedule!r}; choose one of {', '.join(SCHEDULES)}")
        if not 0.0 <= self.dropout <= 0.9:
            raise ValueError("dropout must be between 0 and 0.9")
        if self.batch_size < 1 or self.epochs < 1:
            raise ValueError("batch size and epochs must be at least 1")
        if not self.lr > 0:
            raise ValueError("lr must be a positive number")
        if not 0.0 <= self.min_step_seconds <= MAX_STEP_SECONDS:
            raise ValueError(f"min_step_seconds must be between 0 and {MAX_STEP_SECONDS}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> LabConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown config keys {sorted(unknown)}; valid keys: {', '.join(sorted(known))}")
        return cls(**d)

    def label(self) -> str:
        return f"{self.model} · {self.activation} · {self.optimizer} lr={self.lr:g}"


@dataclass
class LabRun:
    config: LabConfig  # what was asked for
    data: LabData  # training / validation splits and class names
    model: nn.Module  # the network being trained
    trainer: Trainer  # the job (not started)


def net_config(cfg: LabConfig, data: LabData) -> NetConfig:
    mean, std = data.stats
    return NetConfig(
        arch=cfg.model,
        in_shape=data.input_shape,
        num_classes=len(data.classes),
        activation=cfg.activation,
        dropout=cfg.dropout,
        batch_norm=cfg.batch_norm,
        mean=mean,
        std=std,
    )


def build_model(cfg: LabConfig, data: LabData | None = None) -> nn.Module:
    data = data or load_data(cfg.dataset, cfg.train_size)
    with seeded(
        cfg.seed
    ):  # (the builders' own draws; every weight is then re-drawn from the run's generator)
        return build_net(net_config(cfg, data), seed=cfg.seed)


def trainer_config(cfg: LabConfig, **overrides) -> TrainerConfig:
    return TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer=cfg.optimizer,
        schedule=cfg.schedule,
        step_size=max(1, cfg.epochs // 3),
        gamma=PLATEAU["factor"],
        patience=PLATEAU["patience"],
        max_batches_per_epoch=cfg.max_batches_per_epoch,
        seed=cfg.seed,
        **overrides,
    )


def plateau_scheduler(
    optimizer: torch.optim.Optimizer, lr: float
) -> torch.optim.lr_scheduler.ReduceLROnPlateau:
    """The lab's plateau schedule on validation accuracy (mode "max"): see PLATEAU."""
    return torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer, mode="max", min_lr=lr * PLATEAU_MIN_FACTOR, **PLATEAU
    )


class StepFloor:
    """``on_batch_end`` callback: wait until at least ``seconds`` have passed since the previous step ended, so a
    run in front of a class moves at a pace one can talk over (and pause). Runs in the training thread."""

    def __init__(self, seconds: float):
        self.seconds = float(seconds)
        self._last: float | None = None

    def __call__(self, trainer: Trainer, row: dict) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            time.sleep(self.seconds - (now - self._last))
        self._last = time.monotonic()


def build_run(
    cfg: LabConfig,
    *,
    slots: TrainingSlots | None = None,
    heartbeat_timeout: float | None = None,
    name: str | None = None,
) -> LabRun:
    """Data + seeded model + trainer (not started). ``heartbeat_timeout``: see TrainerConfig."""
    data = load_data(cfg.dataset, cfg.train_size)
    model = build_model(cfg, data)
    trainer = Trainer(
        model,
        make_loader(data.train, cfg.batch_size, seed=cfg.seed),
        make_loader(data.val, 512, shuffle=False),
        trainer_config(cfg, heartbeat_timeout=heartbeat_timeout),
        name=name or cfg.label(),
        slots=slots,
    )
    if cfg.schedule == "plateau":  # the Trainer's own has no floor (min_lr) and no cooldown
        trainer.scheduler = plateau_scheduler(trainer.optimizer, cfg.lr)
    if cfg.min_step_seconds > 0:
        trainer.add_callback("on_batch_end", StepFloor(cfg.min_step_seconds))
    return LabRun(cfg, data, model, trainer)


# -- after a run -----------------------------------------------------------------------------------
@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, batch: int = 512) -> np.ndarray:
    """Class probabilities (N, classes) in eval mode; the model's mode is restored. Thread-safe enough for a
    finished run (no weights change)."""
    was = model.training
    model.eval()
    try:
        out = [torch.softmax(model(x[i : i + batch]), 1) for i in range(0, len(x), batch)]  # (b, classes)
    finally:
        model.train(was)
    return torch.cat(out).numpy()


@dataclass
class Analysis:
    y_true: np.ndarray  # (N,) labels of the validation split
    y_pred: np.ndarray  # (N,) predicted labels
    confidence: np.ndarray  # (N,) probability of the predicted class
    matrix: np.ndarray  # (classes, classes), rows = true, columns = predicted
    per_class: list[dict]  # class, support, correct, accuracy
    accuracy: float  # overall validation accuracy


def analyse(model: nn.Module, data: LabData) -> Analysis:
    x, y = data.val.tensors
    probs = predict(model, x)
    pred = probs.argmax(1)
    k = len(data.classes)
    cm = confusion_matrix(y.numpy(), pred, labels=list(range(k)))
    per_class = [
        {
            "class": data.classes[i],
            "support": int(cm[i].sum()),
            "correct": int(cm[i, i]),
            "accuracy": float(cm[i, i] / cm[i].sum()) if cm[i].sum() else float("nan"),
        }
        for i in range(k)
    ]
    return Analysis(y.numpy(), pred, probs.max(1), cm, per_class, float((pred == y.numpy()).mean()))


def cell_examples(analysis: Analysis, true: int, predicted: int, limit: int = 24) -> np.ndarray:
    """Indices (into the validation split) of examples with label ``true`` predicted as ``predicted``,
    most confident mistakes first."""
    idx = np.flatnonzero((analysis.y_true == true) & (analysis.y_pred == predicted))
    return idx[np.argsort(-analysis.confidence[idx], kind="stable")][:limit]


def checkpoint(run: LabRun) -> dict:
    """A plain dict that loads with weights_only=True: state_dict, config, classes, input shape."""
    return {
        "state_dict": {k: v.detach().clone() for k, v in run.model.state_dict().items()},
        "config": run.config.to_dict(),
        "classes": list(run.data.classes),
        "input_shape": list(run.data.input_shape),
        "format": "train-lab/1",
    }


def checkpoint_bytes(run: LabRun) -> bytes:
    buf = io.BytesIO()
    torch.save(checkpoint(run), buf)
    return buf.getvalue()


def config_json(cfg: LabConfig) -> str:
    return json.dumps(cfg.to_dict(), indent=2)
