"""One ``train cnn`` job (LeNet-5, MNIST 5k, batch 128, SGD + momentum, 1 torch thread) three ways, side by side in
one run: in this process (the bare trainer), on the local executor (a worker process), on Ray (a local Ray started
here, or RAY_ADDRESS's cluster). Reported per path: the first job's wall time (start-up included: worker spawn /
ray.init + actor), then the median wall time and samples/s of the following jobs from submit to the end message,
and their ratio to the in-process run.

    .venv/bin/python bench/executors.py [--jobs 3] [--epochs 3] [--no-ray]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.lab.lab import LabConfig, build_run  # noqa: E402
from models.runtime import configure_threads  # noqa: E402
from models.training import RemoteRun, get_executor  # noqa: E402
from models.training.jobs import lab_job  # noqa: E402


def _cfg(epochs: int) -> LabConfig:
    return LabConfig(
        dataset="mnist5k",
        model="lenet5",
        dropout=0.0,
        optimizer="sgdm",
        lr=0.03,
        batch_size=128,
        epochs=epochs,
        schedule="constant",
    )


def _inline(epochs: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    run = build_run(_cfg(epochs))
    run.trainer.run()
    wall = time.perf_counter() - t0
    return wall, sum(r["samples"] for r in run.trainer.history.batches) / wall


def _remote(executor, epochs: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    run = RemoteRun(lab_job(_cfg(epochs)), executor=executor).start()
    run.join()
    wall = time.perf_counter() - t0
    if run.state != "finished":
        raise RuntimeError(f"{run.state}: {run.error}")
    return wall, sum(r["samples"] for r in run.history.batches) / wall


def main(jobs: int = 3, epochs: int = 3, use_ray: bool = True) -> dict:
    os.environ.setdefault("CLASSROOM_WORKER_NICE", "0")  # the job's own cost, not the classroom priority
    configure_threads()
    paths = {"in_process": None, "local": get_executor("local")}
    if use_ray and importlib.util.find_spec("ray") is not None:
        paths["ray"] = get_executor("ray")
    out: dict = {
        "benchmark": "executors",
        "job": f"train cnn: lenet5, mnist5k, batch 128, {epochs} epochs, 1 torch thread",
        "jobs_per_path": jobs,
    }
    results: dict[str, dict] = {k: {"walls": [], "rates": []} for k in paths}
    for name, ex in paths.items():  # first job: start-up included
        t0 = time.perf_counter()
        _inline(epochs) if ex is None else _remote(ex, epochs)
        results[name]["first_job_wall_s"] = round(time.perf_counter() - t0, 2)
    for _ in range(jobs):  # then round-robin, so every path sees the same machine load
        for name, ex in paths.items():
            wall, rate = _inline(epochs) if ex is None else _remote(ex, epochs)
            results[name]["walls"].append(wall)
            results[name]["rates"].append(rate)
    base = statistics.median(results["in_process"]["rates"])
    for name, r in results.items():
        rate = statistics.median(r["rates"])
        out[name] = {
            "first_job_wall_s": r["first_job_wall_s"],
            "wall_s_median": round(statistics.median(r["walls"]), 2),
            "samples_per_s_median": round(rate, 1),
            "ratio_vs_in_process": round(rate / base, 3),
        }
    if "ray" not in paths:
        out["ray"] = "not measured (ray not installed or --no-ray)"
    for ex in paths.values():
        if ex is not None:
            ex.shutdown()
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--no-ray", action="store_true")
    a = ap.parse_args()
    print(json.dumps(main(a.jobs, a.epochs, not a.no_ray), indent=2))
