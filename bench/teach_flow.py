"""A student teaches 3 classes: the whole page flow (AppTest: quick start, 3 x 12 shapes pictures -> Extract
features and train -> both background trainings end -> held-out results drawn) vs the bare PyTorch work of the
same flow (Lite0 forward of the 36 pictures + the linear head's 30 epochs), side by side in one run.

The page also trains the from-scratch CNN and measures both learners; the ratio shows what that and the UI add.
Seconds are printed for context (the claim to check: "under a minute on a laptop CPU").

    .venv/bin/python bench/teach_flow.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")


def _page_flow() -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app_pages" / "teach.py"), default_timeout=120).run()
    at.button(key="teach-example").click().run()
    t0 = time.perf_counter()
    at.button(key="teach-train").click().run()
    deadline = time.time() + 300
    while not any(m.label.startswith("Linear probe") for m in at.get("metric")):
        if time.time() > deadline or at.exception:
            raise RuntimeError("the page did not show results within 300 s")
        time.sleep(0.25)
        at.run()
    return time.perf_counter() - t0


def _bare_flow() -> float:
    import torch

    from models.teach.data import sample_images
    from models.teach.features import Backbone

    bb = Backbone()
    items = [it for m in ("circle", "square", "triangle") for it in sample_images("shapes", m, 12, seed=1)]
    t0 = time.perf_counter()
    x = torch.stack([bb.tensor(it) for it in items])  # (36, 3, 224, 224)
    with torch.inference_mode():
        f = torch.cat(
            [
                bb.model.forward_head(bb.model.forward_features(x[s : s + 16]), pre_logits=True)
                for s in range(0, len(x), 16)
            ]
        )  # (36, 1280)
    f = f.clone()  # a normal tensor (autograd refuses inference-mode tensors)
    y = torch.arange(3).repeat_interleave(12)
    head = torch.nn.Linear(1280, 3)
    opt = torch.optim.Adam(head.parameters(), lr=0.01)
    for _ in range(30):
        for s in range(0, 36, 16):
            loss = torch.nn.functional.cross_entropy(head(f[s : s + 16]), y[s : s + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return time.perf_counter() - t0


def main() -> dict:
    from models.runtime import configure_threads

    threads = configure_threads()
    _bare_flow()  # warm-up: Lite0 loaded, timm transform built
    page = _page_flow()
    bare = _bare_flow()
    return {
        "bench": "teach_flow",
        "threads": threads["num_threads"],
        "classes": 3,
        "pictures": 36,
        "ratio_page_vs_bare": round(page / bare, 2),
        "seconds_page": round(page, 1),
        "seconds_bare": round(bare, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main()), flush=True)
