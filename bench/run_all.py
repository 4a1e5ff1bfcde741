"""Run every benchmark of the project and write one table (bench/RESULTS.md) with the machine it came from.

    .venv/bin/python bench/run_all.py            # full: load = 30 students (5 training) for 60 s
    .venv/bin/python bench/run_all.py --quick    # smaller load scenario, for a smoke run

Each benchmark measures the app's path and bare PyTorch side by side in one run and reports a ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _load(name: str, think: float) -> tuple:
    """A classroom load scenario: 30 students and 5 trainers for 60 s (--quick: 6 and 2 for 15 s); ``think``
    seconds between a student's presses on average."""
    return (
        name,
        "load",
        {"students": 30, "trainers": 5, "seconds": 60, "think": think},
        {"students": 6, "trainers": 2, "seconds": 15, "think": think},
    )


# (name in the table, module, kwargs for a full run, kwargs for --quick)
BENCHES = (
    ("classify_overhead", "classify_overhead", {}, {"repeats": 5}),
    ("train_overhead", "train_overhead", {}, {}),
    ("cold_start", "cold_start", {}, {"repeats": 1}),
    # a calm class: a new digit and Classify every 5-15 s per student
    _load("load_think10", think=10.0),
    # a class at a brisk pace: every student uploads a new digit and presses Classify again 2.5-7.5 s after the
    # answer (a real student also looks at Grad-CAM and the feature maps first)
    _load("load", think=5.0),
    # a frantic pace: 1-3 s between presses
    _load("load_think2", think=2.0),
    # stress: no pause at all (the p95 ratio then has a floor of about students / cores)
    _load("load_no_pause", think=0.0),
)


def machine() -> str:
    import torch

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"torch {torch.__version__}"
    )


def _rows(name: str, r: dict) -> list[tuple[str, str, str]]:
    """(benchmark, figure, value) rows of one result, flattening nested dicts."""
    rows = []

    def walk(prefix, obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k != "bench":
                    walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(obj, list):
            rows.append((name, prefix, json.dumps(obj, ensure_ascii=False)[:160]))
        else:
            rows.append((name, prefix, f"{obj:.3g}" if isinstance(obj, float) else str(obj)))

    walk("", r)
    return rows


def main(quick: bool = False) -> dict:
    results = {}
    for name, module, full, small in BENCHES:
        t0 = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        mod = importlib.import_module(module)
        results[name] = mod.main(**(small if quick else full))
        results[name]["wall_s"] = round(time.perf_counter() - t0, 1)
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}. Run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
        f"{' (quick)' if quick else ''}, command `.venv/bin/python bench/run_all.py{' --quick' if quick else ''}`.",
        "",
        "| benchmark | figure | value |",
        "|---|---|---|",
    ]
    for name, r in results.items():
        lines += [f"| {a} | {b} | {c} |" for a, b, c in _rows(name, r)]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="run every benchmark and write bench/RESULTS.md")
    ap.add_argument("--quick", action="store_true", help="smaller load scenario")
    print(json.dumps(main(ap.parse_args().quick), indent=1, default=str))
