"""A task that needs long memory: the first symbol of a sequence decides the class, then T−1 distractor symbols
follow, and the network answers only after the last one. Chance level is 1/classes.

Vanilla RNN, LSTM and GRU learn it for short T; as T grows the gradient from the loss has to travel T−1 steps
back to the first symbol, and the vanilla RNN's vanishes on the way (see gradients.py). ``sweep`` trains every
cell for several T with the project's Trainer; ``python -m models.rnn.memory_task`` writes the table the page
shows (memory_sweep.json, with the command that made it).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from ..training import Trainer, TrainerConfig, make_loader, seeded
from .classifier import CELLS, check_cell

INITS = ("default", "orthogonal", "identity", "chrono")
SWEEP_PATH = Path(__file__).resolve().parent / "memory_sweep.json"


@dataclass
class MemoryTaskConfig:
    length: int = 20  # T: time steps per sequence (the signal is step 1, then T−1 distractors)
    classes: int = 4  # signal symbols = classes (chance = 1/classes)
    distractors: int = 4  # distinct distractor symbols
    train_size: int = 2048  # training sequences
    val_size: int = 512  # validation sequences (fresh draws)
    seed: int = 0  # fixes the data

    def __post_init__(self):
        if not 2 <= self.length <= 1000:
            raise ValueError("length must be between 2 and 1000")

    @property
    def input_size(self) -> int:
        return self.classes + self.distractors


def make_memory_data(cfg: MemoryTaskConfig, n: int, seed: int) -> torch.utils.data.TensorDataset:
    """n one-hot sequences (n, T, classes + distractors) and their labels (n,)."""
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, cfg.classes, (n,), generator=g)  # (n,)
    sym = cfg.classes + torch.randint(0, cfg.distractors, (n, cfg.length), generator=g)  # (n, T) distractors
    sym[:, 0] = y  # the signal is the first step
    x = nn.functional.one_hot(sym, cfg.input_size).float()  # (n, T, input)
    return torch.utils.data.TensorDataset(x, y)


class MemoryNet(nn.Module):
    """One recurrent layer → linear on the last state."""

    def __init__(
        self, cell: str, input_size: int, hidden: int, classes: int, init: str = "default", horizon: int = 100
    ):
        super().__init__()
        check_cell(cell)
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")
        if init == "chrono" and cell == "rnn":
            raise ValueError(
                "chrono init sets gate biases: choose lstm or gru for it (rnn: default, orthogonal, identity)"
            )
        self.cell, self.init = cell, init
        self.rnn = CELLS[cell](input_size, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)
        with torch.no_grad():
            gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
            for k in range(gates):  # every gate's recurrent block gets the same treatment
                block = self.rnn.weight_hh_l0[k * hidden : (k + 1) * hidden]  # (hidden, hidden)
                if init == "orthogonal":
                    nn.init.orthogonal_(block)
                elif init == "identity":
                    block.copy_(torch.eye(hidden))
            if init == "identity":
                self.rnn.bias_hh_l0.zero_()
                self.rnn.bias_ih_l0.zero_()
            if init == "chrono":  # Tallec & Ollivier 2018: remember for ~U(1, horizon) steps from the start
                b_keep = torch.log(1 + torch.rand(hidden) * max(horizon - 2, 1))  # (hidden,)
                keep = slice(
                    hidden, 2 * hidden
                )  # LSTM: forget gate (i, f, g, o); GRU: update gate z (r, z, n)
                self.rnn.bias_ih_l0[keep] = 0.0
                self.rnn.bias_hh_l0[keep] = b_keep
                if cell == "lstm":  # input gate closed as much as the forget gate is open
                    self.rnn.bias_ih_l0[:hidden] = 0.0
                    self.rnn.bias_hh_l0[:hidden] = -b_keep

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x)  # (batch, T, hidden)
        return self.fc(out[:, -1])  # (batch, classes)


@dataclass
class MemoryRunConfig:
    cell: str = "rnn"  # rnn, lstm or gru
    hidden: int = 32  # state size
    init: str = (
        "default"  # one of INITS: PyTorch's default, orthogonal W_hh, identity W_hh (zero biases), chrono
    )
    #   (gated cells only: keep-gate biases log U(1, T−1), Tallec & Ollivier 2018)
    epochs: int = 8  # passes over the training sequences
    lr: float = 1e-2  # Adam learning rate
    optimizer: str = "adam"  # adam, sgd or sgdm
    grad_clip: float | None = None  # clip the global gradient norm (None: off)
    batch_size: int = 64  # sequences per batch
    seed: int = 0  # model init and data order


def memory_model(task: MemoryTaskConfig, run: MemoryRunConfig) -> MemoryNet:
    with seeded(run.seed):
        return MemoryNet(run.cell, task.input_size, run.hidden, task.classes, run.init, horizon=task.length)


def memory_trainer(
    task: MemoryTaskConfig,
    run: MemoryRunConfig,
    *,
    model: MemoryNet | None = None,
    heartbeat_timeout: float | None = None,
    name: str | None = None,
    **kw,
) -> Trainer:
    """A Trainer (not started) for the memory task."""
    model = model or memory_model(task, run)
    train = make_memory_data(task, task.train_size, task.seed)
    val = make_memory_data(task, task.val_size, task.seed + 10_000)
    cfg = TrainerConfig(
        epochs=run.epochs,
        lr=run.lr,
        optimizer=run.optimizer,
        grad_clip=run.grad_clip,
        seed=run.seed,
        heartbeat_timeout=heartbeat_timeout,
    )
    return Trainer(
        model,
        make_loader(train, run.batch_size, seed=run.seed),
        make_loader(val, 512, shuffle=False),
        cfg,
        name=name or f"memory-{run.cell}-T{task.length}",
        **kw,
    )


def train_memory(task: MemoryTaskConfig, run: MemoryRunConfig, relabel: bool = False) -> dict:
    """Train in this thread; final validation accuracy, the validation accuracy after every epoch, timing.
    With ``relabel``, also the accuracy after every epoch under the best one-to-one relabelling of the answers
    (see relabelled_accuracy)."""
    trainer = memory_trainer(task, run)
    relabelled: list[float] = []
    if relabel:
        val = make_memory_data(task, task.val_size, task.seed + 10_000)
        trainer.add_callback(
            "on_epoch_end", lambda tr, row: relabelled.append(relabelled_accuracy(tr.model, val))
        )
    t0 = time.time()
    trainer.run()
    epochs = trainer.history.snapshot()["epochs"]
    out = {
        "val_acc": epochs[-1]["val_acc"],
        "val_loss": epochs[-1]["val_loss"],
        "curve": [e["val_acc"] for e in epochs],
        "seconds": round(time.time() - t0, 1),
    }
    if relabel:
        out["relabelled_curve"] = relabelled
    return out


@torch.no_grad()
def relabelled_accuracy(model: MemoryNet, data: torch.utils.data.TensorDataset) -> float:
    """Accuracy after the best one-to-one renaming of the predicted classes (Hungarian matching on the
    confusion matrix). High while the plain accuracy is low means the network already tells the first symbols
    apart (it remembers) but its output layer maps them to the wrong names."""
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import confusion_matrix

    x, y = data.tensors
    was = model.training
    model.eval()
    try:
        pred = model(x).argmax(1)  # (n,)
    finally:
        model.train(was)
    k = model.fc.out_features
    cm = confusion_matrix(y.numpy(), pred.numpy(), labels=list(range(k)))  # (k, k) rows = true
    rows, cols = linear_sum_assignment(-cm)
    return float(cm[rows, cols].sum() / max(len(y), 1))


# the sweep's columns: label -> (cell, init). Gated cells with chrono init, and with PyTorch's default init too.
SWEEP_COLUMNS: dict[str, tuple[str, str]] = {
    "rnn": ("rnn", "default"),
    "lstm": ("lstm", "chrono"),
    "gru": ("gru", "chrono"),
    "lstm (default init)": ("lstm", "default"),
    "gru (default init)": ("gru", "default"),
}
SWEEP_LR = 1e-2  # Adam, with gradient clipping at 1.0, for every column

# the lab #27 preset: a vanilla RNN that fails, then one fix at a time
LAB27_LENGTH = 60
LAB27_STEPS: tuple[tuple[str, dict], ...] = (
    ("vanilla RNN (lab #27)", dict(cell="rnn", init="default")),
    ("+ gradient clipping", dict(cell="rnn", init="default", grad_clip=1.0)),
    ("+ orthogonal init", dict(cell="rnn", init="orthogonal", grad_clip=1.0)),
    ("+ identity init", dict(cell="rnn", init="identity", grad_clip=1.0)),
    ("LSTM (default init)", dict(cell="lstm", init="default", grad_clip=1.0)),
    ("LSTM (chrono init)", dict(cell="lstm", init="chrono", grad_clip=1.0)),
)


def _length_runs(lengths, columns, epochs: int, hidden: int, seed: int, seeds: tuple, log):
    """Every column at every T once per model seed: (val accuracy by column and T, validation curves)."""
    by_seed: dict[str, dict[str, list[float]]] = {c: {} for c in columns}
    curves: dict[str, dict[str, list[list[float]]]] = {c: {} for c in columns}
    for T in lengths:
        for col in columns:
            cell, init = SWEEP_COLUMNS[col]
            for s in seeds:
                r = train_memory(
                    MemoryTaskConfig(length=T, seed=seed),
                    MemoryRunConfig(
                        cell=cell, init=init, hidden=hidden, epochs=epochs, seed=s, lr=SWEEP_LR, grad_clip=1.0
                    ),
                )
                by_seed[col].setdefault(str(T), []).append(round(r["val_acc"], 4))
                curves[col].setdefault(str(T), []).append([round(v, 4) for v in r["curve"]])
                log(f"T={T:>4} {col:>20} seed {s} val_acc {r['val_acc']:.3f} ({r['seconds']} s)")
    return by_seed, curves


def _lab27_runs(epochs: int, hidden: int, seed: int, seeds: tuple, log):
    """Lab #27's steps at LAB27_LENGTH once per model seed: (accuracies, curves, relabelled curves) by step."""
    lab: dict[str, list[float]] = {}
    lab_curves: dict[str, list[list[float]]] = {}
    lab_relabelled: dict[str, list[list[float]]] = {}
    for label, kw in LAB27_STEPS:
        for s in seeds:
            r = train_memory(
                MemoryTaskConfig(length=LAB27_LENGTH, seed=seed),
                MemoryRunConfig(hidden=hidden, epochs=epochs, seed=s, lr=SWEEP_LR, **kw),
                relabel=True,
            )
            lab.setdefault(label, []).append(round(r["val_acc"], 4))
            lab_curves.setdefault(label, []).append([round(v, 4) for v in r["curve"]])
            lab_relabelled.setdefault(label, []).append([round(v, 4) for v in r["relabelled_curve"]])
            log(f"lab27 {label:<24} seed {s} val_acc {r['val_acc']:.3f} ({r['seconds']} s)")
    return lab, lab_curves, lab_relabelled


def sweep(
    lengths=(5, 10, 20, 50, 100, 200),
    columns=tuple(SWEEP_COLUMNS),
    epochs: int = 8,
    hidden: int = 32,
    seed: int = 0,
    seeds=(0,),
    log=print,
) -> dict:
    """Train every column at every T once per model seed in ``seeds`` (same data: task seed ``seed``).
    "accuracy" is the mean over the seeds; "accuracy_by_seed" and "curves" (validation accuracy after every
    epoch) keep every run, because a vanilla RNN on long sequences succeeds with some seeds and not others."""
    torch.set_num_threads(1)
    seeds = tuple(seeds)
    by_seed, curves = _length_runs(lengths, columns, epochs, hidden, seed, seeds, log)
    lab, lab_curves, lab_relabelled = _lab27_runs(epochs, hidden, seed, seeds, log)

    def mean(v):
        return round(sum(v) / len(v), 4)

    return {
        "accuracy": {c: {T: mean(v) for T, v in row.items()} for c, row in by_seed.items()},
        "accuracy_by_seed": by_seed,
        "curves": curves,
        "seeds": list(seeds),
        "columns": {c: list(SWEEP_COLUMNS[c]) for c in columns},
        "lab27": {
            "length": LAB27_LENGTH,
            "accuracy": {k: mean(v) for k, v in lab.items()},
            "accuracy_by_seed": lab,
            "curves": lab_curves,
            "relabelled_curves": lab_relabelled,
        },
        "task": asdict(MemoryTaskConfig(seed=seed)),
        "epochs": epochs,
        "hidden": hidden,
        "lr": SWEEP_LR,
        "grad_clip": 1.0,
    }


def sweep_column(sweep: dict, cell: str, init: str) -> str | None:
    """The sweep's column for a (cell, init) pair, or None when the sweep did not train that pair."""
    return next((c for c, pair in sweep.get("columns", {}).items() if tuple(pair) == (cell, init)), None)


def compare_with_sweep(sweep: dict, run: MemoryRunConfig, length: int) -> dict:
    """How a live run relates to the precomputed table: {"differences": {setting: (this run, table)},
    "table": the table's accuracy for exactly these settings (None when something differs)}."""
    diffs: dict[str, tuple] = {}
    column = sweep_column(sweep, run.cell, run.init)
    if column is None:
        diffs["init"] = (
            run.init,
            "/".join(sorted({i for c, i in sweep.get("columns", {}).values() if c == run.cell})) or "–",
        )
    for key, mine in (
        ("epochs", run.epochs),
        ("lr", run.lr),
        ("grad_clip", run.grad_clip),
        ("hidden", run.hidden),
    ):
        if mine != sweep.get(key):
            diffs[key] = (mine, sweep.get(key))
    seeds = sweep.get("seeds", [0])
    if run.seed not in seeds:
        diffs["seed"] = (run.seed, ", ".join(map(str, seeds)))
    by_seed = sweep.get("accuracy_by_seed", {}).get(column or "", {})
    if str(length) not in by_seed:
        diffs["T"] = (length, ", ".join(sorted(by_seed, key=int)) if by_seed else "–")
    table = None if diffs else by_seed[str(length)][seeds.index(run.seed)]
    return {"differences": diffs, "table": table, "column": column}


def load_sweep(path: Path = SWEEP_PATH) -> dict | None:
    """The precomputed table, or None when it has not been made."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="accuracy vs T for rnn/lstm/gru on the long-memory task")
    ap.add_argument("--lengths", default="5,10,20,50,100,200")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0, help="seed of the data (the task)")
    ap.add_argument("--seeds", default="0,1,2", help="model seeds (init and data order), one run each")
    ap.add_argument("--out", default=str(SWEEP_PATH))
    a = ap.parse_args(argv)
    lengths = tuple(int(x) for x in a.lengths.split(","))
    seeds = tuple(int(x) for x in a.seeds.split(","))
    t0 = time.time()
    result = sweep(lengths, epochs=a.epochs, hidden=a.hidden, seed=a.seed, seeds=seeds)
    result["command"] = (
        "python -m models.rnn.memory_task --lengths "
        + a.lengths
        + f" --epochs {a.epochs} --hidden {a.hidden} --seed {a.seed} --seeds {a.seeds}"
    )
    result["seconds"] = round(time.time() - t0)
    result["torch"] = torch.__version__
    result["created"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    Path(a.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
