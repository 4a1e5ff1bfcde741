"""Training throughput of the app's live path vs a bare PyTorch loop, measured side by side in one run.

Same network (LeNet-5, mnist5k, batch 128, SGD + momentum, no dropout), same data order (seeded loader), fresh
weights from the same seed for every run. Two paths, alternated round by round so both see the same machine load:

* bare: ``for x, y in loader: loss = F.cross_entropy(model(x), y); zero_grad; backward; step``
* app: ``models.training.Trainer.start()`` in its background thread (what a page starts) with the page's live
  callbacks (``on_batch_end`` appending to a list) and a polling reader thread doing what the live fragment does
  every 0.5 s: heartbeat, progress(), history.snapshot(), ``ui.charts.training_curves`` figure + ``to_json``.

Validation is off in both (it is not throughput). The headline is the median of the per-round ratios of samples/s
(app / bare); goal >= 0.90. Also printed: the same ratio per CPU-second of this process (trainer + reader threads),
which other processes on a shared machine disturb much less than wall-clock time.

    .venv/bin/python bench/train_overhead.py [--rounds 8] [--epochs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from models.lab.datasets import load_data  # noqa: E402
from models.lab.lab import LabConfig, build_model  # noqa: E402
from models.training import Trainer, TrainerConfig, TrainingSlots, make_loader  # noqa: E402
from ui.charts import training_curves  # noqa: E402  (plotly only; no streamlit)

CFG = LabConfig(dataset="mnist5k", model="lenet5", dropout=0.0, optimizer="sgdm", lr=0.03, batch_size=128)


def _bare(data, epochs: int) -> float:
    model = build_model(CFG, data)
    opt = torch.optim.SGD(model.parameters(), lr=CFG.lr, momentum=0.9)
    loader = make_loader(data.train, CFG.batch_size, seed=CFG.seed)
    model.train()
    samples, t0, c0 = 0, time.perf_counter(), time.process_time()
    for _ in range(epochs):
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)  # logits (batch, 10)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            samples += int(y.shape[0])
    return samples / (time.perf_counter() - t0), samples / (time.process_time() - c0)


def _app(data, epochs: int, poll: float = 0.5) -> tuple[float, int]:
    model = build_model(CFG, data)
    trainer = Trainer(model, make_loader(data.train, CFG.batch_size, seed=CFG.seed), None,
                      TrainerConfig(epochs=epochs, lr=CFG.lr, optimizer="sgdm", heartbeat_timeout=60),
                      slots=TrainingSlots(1))
    seen = []
    trainer.add_callback("on_batch_end", lambda tr, row: seen.append(row["loss"]))
    polls = [0]
    done = threading.Event()

    def reader():  # the live fragment's work, from another thread
        while not done.wait(poll):
            trainer.heartbeat()
            trainer.progress()
            training_curves(trainer.history.snapshot(), smoothing=0.6).to_json()
            polls[0] += 1

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    t0, c0 = time.perf_counter(), time.process_time()
    trainer.start()
    trainer.join()
    elapsed = time.perf_counter() - t0  # includes thread start and slot acquisition
    cpu = time.process_time() - c0  # both threads: the trainer and the reader
    done.set()
    th.join()
    if trainer.state != "finished":
        raise RuntimeError(f"the trainer ended as {trainer.state}: {trainer.error}")
    samples = sum(r["samples"] for r in trainer.history.batches)
    return samples / elapsed, samples / cpu, polls[0]


def main(rounds: int = 8, epochs: int = 3) -> dict:
    torch.set_num_threads(1)
    # the trainer's own overhead: no deliberate rest between steps (the classroom share, default 0.5, is a
    # choice measured by load.py, not overhead)
    os.environ["CLASSROOM_TRAINING_SHARE"] = "1"
    data = load_data(CFG.dataset)
    training_curves({"batches": [{"step": 1, "loss": 1.0, "acc": 0.1, "lr": 0.1, "samples": 1}], "epochs": [],
                     "events": []}).to_json()  # plotly's lazy imports/validators, once
    _bare(data, 1), _app(data, 1)  # a discarded round of each path (allocator, caches)
    bare, app, ratios, cpu_ratios, polls = [], [], [], [], []
    for r in range(rounds):
        order = ("bare", "app") if r % 2 == 0 else ("app", "bare")  # alternate who goes first
        res = {}
        for which in order:
            if which == "bare":
                res["bare"], res["bare_cpu"] = _bare(data, epochs)
            else:
                res["app"], res["app_cpu"], n = _app(data, epochs)
                polls.append(n)
        bare.append(res["bare"])
        app.append(res["app"])
        ratios.append(res["app"] / res["bare"])
        cpu_ratios.append(res["app_cpu"] / res["bare_cpu"])
    return {
        "benchmark": "train_overhead",
        "model": "lenet5 on mnist5k, batch 128, 1 torch thread",
        "rounds": rounds,
        "epochs_per_round": epochs,  # 32 batches of 128 each
        "bare_samples_per_s_median": round(statistics.median(bare), 1),
        "app_samples_per_s_median": round(statistics.median(app), 1),
        "reader_polls_per_round": polls,
        "ratio_app_over_bare_median": round(statistics.median(ratios), 3),
        "ratio_per_round": [round(r, 3) for r in ratios],
        # samples per CPU-second (process_time, all threads): insensitive to other processes on a shared machine
        "cpu_ratio_app_over_bare_median": round(statistics.median(cpu_ratios), 3),
        "goal": 0.90,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    out = main(a.rounds, a.epochs)
    print(json.dumps(out, indent=2))
    print(f"ratio app/bare (median of {a.rounds} rounds): {out['ratio_app_over_bare_median']:.3f} wall-clock, "
          f"{out['cpu_ratio_app_over_bare_median']:.3f} per CPU-second (goal >= 0.90)")
