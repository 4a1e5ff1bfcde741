"""Every training in this package goes through ``models.training.Trainer``: the names classifier (packed or
naive), and the long-memory task (see memory_task.py). ``python -m models train names`` bundles the best cell."""
from __future__ import annotations

import time

import torch
import torch.nn.functional as F

from ..training import BatchResult, Trainer, TrainerConfig, make_loader, seeded
from .chars import CharVocab, NameBatches
from .classifier import CELLS, ClassifierConfig, NameClassifier
from .names import NamesConfig, NamesData, load_names


def names_step(model: NameClassifier, batch) -> BatchResult:
    """One batch of names: one real output per name (the state after its last real character, or after the
    last padded position in naive mode), cross-entropy averaged over the names in the batch."""
    ids, lengths, mask, labels = batch
    logits = model(ids, lengths)  # (batch, classes)
    loss = F.cross_entropy(logits, labels)
    correct = int((logits.argmax(1) == labels).sum())
    return BatchResult(loss=loss, correct=correct, count=int(labels.numel()), samples=int(labels.numel()))


def name_loaders(data: NamesData, vocab: CharVocab, batch_size: int = 64, seed: int = 0):
    """(train, val, test) loaders; only the training loader shuffles, with its own generator."""
    collate = NameBatches(vocab)
    train = make_loader(list(data.train), batch_size, shuffle=True, seed=seed, collate_fn=collate)
    val = make_loader(list(data.val), 256, shuffle=False, collate_fn=collate)
    test = make_loader(list(data.test), 256, shuffle=False, collate_fn=collate)
    return train, val, test


def names_trainer(cell: str = "gru", mode: str = "packed", *, data: NamesData | None = None,
                  config: TrainerConfig | None = None, hidden: int = 128, embed: int = 32, batch_size: int = 64,
                  name: str | None = None, **trainer_kw) -> tuple[Trainer, CharVocab]:
    """A Trainer (not started) for the names classifier; model init and data order follow config.seed."""
    data = data or load_names()
    config = config or TrainerConfig(epochs=15, lr=3e-3, schedule="step", step_size=6, gamma=0.3)
    vocab = CharVocab.from_names(n for part in (data.train, data.val, data.test) for n, _ in part)
    with seeded(config.seed):
        model = NameClassifier(ClassifierConfig(len(vocab), len(data.labels), cell=cell, mode=mode, hidden=hidden,
                                                embed=embed))
    train, val, _ = name_loaders(data, vocab, batch_size, seed=config.seed)
    trainer = Trainer(model, train, val, config, step_fn=names_step, name=name or f"names-{cell}-{mode}",
                      **trainer_kw)
    return trainer, vocab


@torch.inference_mode()
def predict_pairs(model: NameClassifier, vocab: CharVocab, pairs, mode: str | None = None) -> list[int]:
    """Predicted label index for every (name, label) pair, in order."""
    model.eval()
    preds: list[int] = []
    collate = NameBatches(vocab)
    for i in range(0, len(pairs), 512):
        ids, lengths, _, _ = collate(pairs[i:i + 512])
        preds += model(ids, lengths, mode).argmax(1).tolist()
    return preds


def accuracy(model: NameClassifier, vocab: CharVocab, pairs, mode: str | None = None) -> float:
    preds = predict_pairs(model, vocab, pairs, mode)
    return sum(p == y for p, (_, y) in zip(preds, pairs)) / len(pairs)


def bundle_names(epochs: int = 15, hidden: int = 128, seed: int = 0, cells=tuple(CELLS), log=print,
                 save: bool = True) -> dict:
    """Train every cell packed AND naive, pick the best packed model on VALIDATION, measure it and the n-gram
    baseline on TEST, and bundle it with ``default_store.save``. Returns the metrics."""
    from ..store import default_store
    from .baseline import baseline_accuracy, fit_baseline
    from .classifier import BUNDLE, make_checkpoint

    torch.set_num_threads(1)
    data = load_names(NamesConfig(seed=seed))
    runs, best = {}, None
    for cell in cells:
        for mode in ("packed", "naive"):
            cfg = TrainerConfig(epochs=epochs, lr=3e-3, schedule="step", step_size=max(epochs * 2 // 5, 1),
                                gamma=0.3, grad_clip=1.0, seed=seed)
            trainer, vocab = names_trainer(cell, mode, data=data, config=cfg, hidden=hidden)
            t0 = time.time()
            trainer.run()
            model = trainer.model
            row = {"val_acc": accuracy(model, vocab, data.val), "test_acc": accuracy(model, vocab, data.test),
                   "seconds": round(time.time() - t0, 1), "epochs": epochs}
            runs[f"{cell}-{mode}"] = row
            log(f"{cell:>4} {mode:<6} val {row['val_acc']:.3f} test {row['test_acc']:.3f} ({row['seconds']} s)")
            if mode == "packed" and (best is None or row["val_acc"] > best[0]):
                best = (row["val_acc"], cell, model, vocab)
    _, cell, model, vocab = best
    pipe = fit_baseline(data)
    metrics = {
        "cell": cell,
        "test_accuracy": runs[f"{cell}-packed"]["test_acc"],
        "val_accuracy": runs[f"{cell}-packed"]["val_acc"],
        "baseline_test_accuracy": baseline_accuracy(pipe, data.test),
        "baseline_val_accuracy": baseline_accuracy(pipe, data.val),
        "test_size": len(data.test),
        "runs": runs,
    }
    log(f"bundled {cell}: test {metrics['test_accuracy']:.3f} vs n-gram baseline {metrics['baseline_test_accuracy']:.3f}")
    if save:
        cmd = f"python -m models train names --epochs {epochs} --hidden {hidden} --seed {seed}"
        default_store.save(BUNDLE, make_checkpoint(model, vocab, data.labels, data_seed=seed), command=cmd,
                           metrics=metrics, notes="best packed cell on validation; runs = every cell packed and "
                                                  "naive, same seed and schedule")
    return metrics
