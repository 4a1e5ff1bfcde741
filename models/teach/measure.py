"""The figures the README and the quality test quote: linear probe on frozen Lite0 features vs the small CNN
from scratch, trained on the same few images of a sample set and tested on other images of it.

    python -m models.teach.measure            # shapes by shape and MNIST digits 0/1/2, 12 training images each
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from .data import SAMPLE_SETS, sample_images
from .features import Backbone, FeatureCache, extract
from .learners import HeadConfig, ScratchConfig, head_trainer, probabilities, scratch_pixels, scratch_trainer

TRAIN_SEED, TEST_SEED = 1, 2  # sample-set seeds of the training and the held-out images


def probe_vs_scratch(
    set_name: str,
    members,
    n_train: int = 12,
    n_test: int = 25,
    seed: int = 0,
    backbone: Backbone | None = None,
    cache: FeatureCache | None = None,
) -> dict:
    """Held-out accuracy of both learners; held-out images are drawn with another seed and any image that is
    also in the training set is dropped from them."""
    backbone = backbone or Backbone()
    train, y_train, test, y_test = [], [], [], []
    for i, m in enumerate(members):
        a = sample_images(set_name, m, n_train, seed=TRAIN_SEED)
        seen = {x.key for x in a}
        b = [x for x in sample_images(set_name, m, n_test, seed=TEST_SEED) if x.key not in seen]
        train += a
        test += b
        y_train += [i] * len(a)
        y_test += [i] * len(b)
    y_test_a = np.array(y_test)
    f_train, f_test = extract(backbone, train, cache), extract(backbone, test, cache)  # (N, 1280)
    probe = head_trainer(f_train, y_train, len(members), HeadConfig(seed=seed))
    probe.run()
    scratch = scratch_trainer(scratch_pixels(train), y_train, len(members), ScratchConfig(seed=seed))
    scratch.run()
    return {
        "set": set_name,
        "classes": list(members),
        "train_per_class": n_train,
        "test_images": len(test),
        "probe_accuracy": float((probabilities(probe.model, f_test).argmax(1) == y_test_a).mean()),
        "scratch_accuracy": float(
            (probabilities(scratch.model, scratch_pixels(test)).argmax(1) == y_test_a).mean()
        ),
        "seed": seed,
    }


def main(argv=None) -> int:
    import torch

    ap = argparse.ArgumentParser(description="linear probe on Lite0 features vs a small CNN from scratch")
    ap.add_argument("--train", type=int, default=12, help="training images per class (default: 12)")
    ap.add_argument("--test", type=int, default=25, help="held-out images per class (default: 25)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--all-digits", action="store_true", help="also all ten MNIST digits")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    backbone, cache = Backbone(), FeatureCache()
    sets = [("shapes", SAMPLE_SETS["shapes"]), ("digits", ("0", "1", "2"))]
    if args.all_digits:
        sets.append(("digits", SAMPLE_SETS["digits"]))
    for name, members in sets:
        print(
            json.dumps(probe_vs_scratch(name, members, args.train, args.test, args.seed, backbone, cache)),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
