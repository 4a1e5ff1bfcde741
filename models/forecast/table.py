"""The MASE table of the bundled real series with the page's defaults (per-series window and horizon,
everything else from ForecastConfig): ``python -m models.forecast.table [--json]``. Takes a few minutes."""
from __future__ import annotations

import argparse
import json
import time

from .nets import KINDS
from .series import bundled_names, load_bundled
from .train import ForecastConfig, run_models


def main(names: list[str] | None = None, seed: int = 0) -> dict:
    """{series name: run_models(...) result} for every bundled series (or ``names``)."""
    import torch

    torch.set_num_threads(1)
    out = {}
    for name in names or bundled_names():
        s = load_bundled(name)
        t0 = time.perf_counter()
        out[name] = run_models(s, list(KINDS), ForecastConfig(window=s.window, horizon=s.horizon, seed=seed))
        out[name]["total_seconds"] = round(time.perf_counter() - t0, 1)
    return out


def markdown(results: dict) -> str:
    head = "| series (points, W, H) | " + " | ".join(k.upper() for k in KINDS) + " | best | seasonal naive |"
    lines = [head, "|" + "---|" * (len(KINDS) + 3)]
    for name, r in results.items():
        m = {row["model"]: row["test_mase"] for row in r["models"]}
        best = min(m, key=m.get)
        sn = r["seasonal_naive"]["test_mase"] if r["seasonal_naive"] else None
        lines.append(f"| {name} ({r['rows']}, {r['config']['window']}, {r['config']['horizon']}) | "
                     + " | ".join(f"{m[k]:.3f}" for k in KINDS)
                     + f" | {best.upper()} | {'–' if sn is None else f'{sn:.3f}'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--series", default=None, help="comma-separated subset of " + ",".join(bundled_names()))
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    res = main(a.series.split(",") if a.series else None, seed=a.seed)
    print(json.dumps(res, default=str) if a.json else markdown(res))
