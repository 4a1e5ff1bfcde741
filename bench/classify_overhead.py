"""Overhead of the app's classification path vs a bare ``model(x)``, measured side by side in one run.

Same model object, same preprocessed tensor, batch 1: ``Classifier.classify_tensor(x)`` (lock, inference mode,
softmax, top-5, label names) against ``with torch.inference_mode(): model(x)``. Calls alternate so that both see
the same machine load; the headline ratio is the median of the per-pair ratios (also printed: ratio of medians
and of minimums). ResNet-18 gets random weights in a temporary TORCH_HOME (the
figures are about overhead, not accuracy; ImageNet weights are not on the course machines).

    .venv/bin/python bench/classify_overhead.py
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _measure(clf, x, repeats: int) -> dict:
    import torch

    model = clf.model
    for _ in range(3):  # warm-up both paths
        clf.classify_tensor(x, top=5)
        with torch.inference_mode():
            model(x)
    bare, app = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with torch.inference_mode():
            model(x)  # (1, classes)
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        clf.classify_tensor(x, top=5)
        app.append(time.perf_counter() - t0)
    b, a = statistics.median(bare), statistics.median(app)
    paired = statistics.median(x / y for x, y in zip(app, bare))  # each call next to its twin: robust to load drift
    return {"bare_ms": round(1000 * b, 3), "classify_ms": round(1000 * a, 3), "ratio": round(paired, 3),
            "ratio_of_medians": round(a / b, 3), "ratio_of_minimums": round(min(app) / min(bare), 3)}


def main(repeats: int = 15) -> dict:
    import torch

    from models.runtime import configure_threads
    from models.vision import imagenet
    from models.vision.classify import load_classifier
    from models.vision.imageio import load_image

    threads = configure_threads()
    from skimage import data

    photo = load_image(data.chelsea())
    results = {"bench": "classify_overhead", "threads": threads["num_threads"], "batch": 1}
    with tempfile.TemporaryDirectory() as home:
        old = os.environ.get("TORCH_HOME")
        os.environ["TORCH_HOME"] = home
        try:
            target = imagenet.checkpoint_dir() / imagenet.file_name(imagenet.default_weights("resnet18"))
            target.parent.mkdir(parents=True)
            torch.manual_seed(0)
            torch.save(imagenet.build_imagenet("resnet18", for_weights=True).state_dict(), target)
            clf = load_classifier("resnet18")
            results["resnet18"] = _measure(clf, clf.preprocess(photo), repeats)
        finally:
            if old is None:
                os.environ.pop("TORCH_HOME", None)
            else:
                os.environ["TORCH_HOME"] = old
    digits = load_classifier("digits")
    from models.vision.digits import to_tensor
    from models.vision.digits_train import mnist_split

    x28 = mnist_split()[2][0].reshape(28, 28) / 255.0
    results["digits"] = _measure(digits, to_tensor(x28), repeats * 5)
    return results


if __name__ == "__main__":
    r = main()
    for name in ("resnet18", "digits"):
        m = r[name]
        print(f"{name:9s} bare model(x) {m['bare_ms']:8.3f} ms   classify() {m['classify_ms']:8.3f} ms   "
              f"ratio {m['ratio']:.3f} (goal <= 1.10)")
    print(json.dumps(r))
