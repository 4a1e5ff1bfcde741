"""The MASE table of the bundled real series with the page's defaults (per-series window and horizon,
everything else from ForecastConfig): ``python -m models.forecast.table [--json]``. Takes a few minutes."""

from __future__ import annotations

import argparse
import json
import time

from .nets import KINDS
from .series import bundled_names, load_bundled, sum_of_sines
from .train import ForecastConfig, run_models


def main(names: list[str] | None = None, seed: int = 0, synthetic: int = 0) -> dict:
    """{series name: run_models(...) result} for every bundled series (or ``names``); with ``synthetic`` > 0
    also a sum of sines of that many points with the default window and horizon (a timing check).
    ``total_seconds`` is wall-clock; ``cpu_seconds`` is this process's CPU time (one torch thread), which is
    what the training costs on an idle core."""
    import torch

    torch.set_num_threads(1)
    out = {}
    todo = [(n, load_bundled(n)) for n in (names or bundled_names())]
    if synthetic:
        s = sum_of_sines(synthetic, noise=0.2)
        todo.append((f"sines_{synthetic}", s))
    for name, s in todo:
        cfg = (
            ForecastConfig(seed=seed)
            if name.startswith("sines_")
            else ForecastConfig(window=s.window, horizon=s.horizon, seed=seed)
        )
        t0, c0 = time.perf_counter(), time.process_time()
        out[name] = run_models(s, list(KINDS), cfg)
        out[name]["total_seconds"] = round(time.perf_counter() - t0, 1)
        out[name]["cpu_seconds"] = round(time.process_time() - c0, 1)
    return out


def markdown(results: dict) -> str:
    head = (
        "| series (points, W, H) | "
        + " | ".join(k.upper() for k in KINDS)
        + " | best | seasonal naive | CPU s (5 models) |"
    )
    lines = [head, "|" + "---|" * (len(KINDS) + 4)]
    for name, r in results.items():
        m = {row["model"]: row["test_mase"] for row in r["models"]}
        best = min(m, key=m.get)
        sn = r["seasonal_naive"]["test_mase"] if r["seasonal_naive"] else None
        lines.append(
            f"| {name} ({r['rows']}, {r['config']['window']}, {r['config']['horizon']}) | "
            + " | ".join(f"{m[k]:.3f}" for k in KINDS)
            + f" | {best.upper()} | {'–' if sn is None else f'{sn:.3f}'} | {r['cpu_seconds']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--series", default=None, help="comma-separated subset of " + ",".join(bundled_names()))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--synthetic", type=int, default=0, help="also time a sum of sines of this many points")
    a = ap.parse_args()
    res = main(a.series.split(",") if a.series else None, seed=a.seed, synthetic=a.synthetic)
    print(json.dumps(res, default=str) if a.json else markdown(res))
