"""Feature extraction for 60 pictures on the teach page's path vs a bare ``model(x)``, side by side in one run.

Same Lite0 object, same 60 pictures (20 shapes scenes, 20 MNIST digits, 20 photo crops), batches of 16, one torch
thread. Three paths, alternated in every round so that they see the same machine load:

* ``bare``: ``with torch.inference_mode(): model(x)`` on the already preprocessed (60, 3, 224, 224) tensor;
* ``app_features``: ``models.teach.features.extract`` with an empty cache: timm's eval transform of every picture
  (PIL resize + crop + normalise), the model lock, pooled features, cache bookkeeping;
* ``app_cached``: the same call when every picture is already in the cache (a second training, a re-split).

Ratios are medians of the per-round ratios to ``bare``; the seconds are printed for context only.

    .venv/bin/python bench/teach_features.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(repeats: int = 3) -> dict:
    import torch

    from models.runtime import configure_threads
    from models.teach.data import sample_images
    from models.teach.features import BATCH, Backbone, FeatureCache, extract

    threads = configure_threads()
    items = (
        sample_images("shapes", "circle", 10, seed=5)
        + sample_images("shapes", "square", 10, seed=5)
        + sample_images("digits", "3", 20, seed=5)
        + sample_images("photos", "chelsea", 10, seed=5)
        + sample_images("photos", "coffee", 10, seed=5)
    )
    bb = Backbone()
    x = torch.stack([bb.tensor(it) for it in items])  # (60, 3, 224, 224)

    def bare():
        with torch.inference_mode():
            for s in range(0, len(x), BATCH):
                bb.model(x[s : s + BATCH])  # (b, 1000)

    warm = FeatureCache()
    extract(bb, items, warm)  # warm-up of every path, and the cache for app_cached
    bare()
    rows = []
    for _ in range(repeats):
        t = {}
        t0 = time.perf_counter()
        bare()
        t["bare"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        extract(bb, items, FeatureCache())
        t["app_features"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        extract(bb, items, warm)
        t["app_cached"] = time.perf_counter() - t0
        rows.append(t)
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {
        "bench": "teach_features",
        "pictures": len(items),
        "batch": BATCH,
        "threads": threads["num_threads"],
        "repeats": repeats,
        "ratio_app_features_vs_bare": round(
            statistics.median(r["app_features"] / r["bare"] for r in rows), 3
        ),
        "ratio_app_cached_vs_bare": float(
            f"{statistics.median(r['app_cached'] / r['bare'] for r in rows):.2g}"
        ),
        "seconds_bare": round(med["bare"], 2),
        "seconds_app_features": round(med["app_features"], 2),
        "seconds_app_cached": round(med["app_cached"], 4),
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    print(json.dumps(main(ap.parse_args().repeats)), flush=True)
