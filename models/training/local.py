"""The default executor: a small pool of worker processes on this machine, started at the first training.

* Workers are separate Python processes (``python -m models.training.worker``; a fresh interpreter, not a fork
  of the server's threads), one torch thread each, at a lower CPU priority than the server. They stay up between
  jobs (torch is imported once per worker).
* One dispatcher thread in the server reads every worker's messages (a socket pair each) and feeds the runs'
  histories; it also notices a worker that died (its socket closes), fails that run with what came back so far
  and starts a replacement.
* Queue: first come, first served across sessions; a session (``RemoteRun.owner``) has at most one job on a
  worker at a time, its further jobs wait their turn. Position and an ETA come from the queue and the running
  jobs' own ETAs.
* Pool size: ``CLASSROOM_WORKERS`` (trainings at once), default :func:`pool_size`; priority:
  ``CLASSROOM_WORKER_NICE`` (default 19, :mod:`.worker`).
"""

from __future__ import annotations

import atexit
import heapq
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .remote import RemoteRun
from .slots import env_count

ROOT = Path(__file__).resolve().parents[2]


#: The largest default pool: each worker holds torch in memory (~0.35 GB).
MAX_DEFAULT_WORKERS = 8


def pool_size() -> int:
    """Worker processes (trainings at once): CLASSROOM_WORKERS, else CLASSROOM_TRAINING_CAP (the older name, which
    scripts/serve.py divides between replicas), else one per core (at most MAX_DEFAULT_WORKERS): 2 on 2 cores.

    Measured with bench/load.py (20 students on the digits path, 5 trainers, 90 s, think 5; the 2-core machine
    shared with other engineers, load average 3-15, so one run per setting and noisy): a pool of 2 at nice 19 gave
    p95 4.1x idle and two 30-epoch trainings ended by 63 s (the next two started at 62 s); the previous default,
    a pool of 1 at nice 5, 3.8x and 13.4x in two runs, one training ended by 57-64 s, the fifth would start after
    about 4 minutes; a pool of 5 at nice 19, 6.9x and 8.7x, and no training ran before 77-91 s (five worker
    start-ups and job builds at once, then five growing live charts to redraw). README, "Trainings outside the
    web server"."""
    return env_count("CLASSROOM_WORKERS", "CLASSROOM_TRAINING_CAP") or min(
        MAX_DEFAULT_WORKERS, os.cpu_count() or 1
    )


class _Worker:
    def __init__(self, proc: subprocess.Popen, conn: Connection):
        self.proc, self.conn = proc, conn
        self.run: RemoteRun | None = None
        self.send_lock = threading.Lock()
        self.pid = proc.pid

    def send(self, msg: tuple) -> bool:
        try:
            with self.send_lock:
                self.conn.send(msg)
            return True
        except (OSError, ValueError):
            return False

    def close(self, wait: float = 0.0) -> None:
        """Close the socket and make sure the process is gone (after ``wait`` seconds of grace)."""
        try:
            self.conn.close()
        except OSError:
            pass
        try:
            self.proc.wait(wait) if wait else None
        except subprocess.TimeoutExpired:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class LocalExecutor:
    def __init__(self, size: int | None = None):
        self.size = size or pool_size()
        self._lock = threading.RLock()
        self._pending: deque[RemoteRun] = deque()
        self._workers: list[_Worker] = []
        self._durations: deque[float] = deque(maxlen=20)  # seconds of recent jobs, for queue ETAs
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._thread: threading.Thread | None = None
        self._closed = False
        self.replaced = 0  # workers that died and were replaced
        atexit.register(self.shutdown)

    # -- the RemoteRun side -----------------------------------------------------------------------------
    def submit(self, run: RemoteRun) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the training executor was shut down")
            self._pending.append(run)
            self._ensure_thread()
            self._schedule()
        self._wake()

    def control(self, run: RemoteRun, cmd: str, *args) -> None:
        with self._lock:
            if run in self._pending:
                if cmd == "stop":
                    self._pending.remove(run)
                    run.cancel()
                    self._schedule()
                return  # pause / LR before the start: the run keeps them (paused flag, lr) and sends them later
            w = next((w for w in self._workers if w.run is run), None)
        if w is not None:
            w.send((cmd, run.job_id, *args))

    def position(self, run: RemoteRun) -> int | None:
        with self._lock:
            if any(w.run is run for w in self._workers):
                return 0
            try:
                return self._pending.index(run) + 1
            except ValueError:
                return None

    def eta(self, run: RemoteRun) -> float | None:
        """When a queued run should start: workers free up as their jobs' ETAs run out; each job ahead in the
        queue then takes about as long as recent jobs took; and the session's own running job ends first."""
        with self._lock:
            try:
                ahead = self._pending.index(run)
            except ValueError:
                return None
            free, own = [], 0.0  # own: the session's own running job must end first (one per session)
            for w in self._workers:
                if w.run is None:
                    free.append(0.0)
                else:
                    eta = w.run.progress()["eta"]
                    if eta is None:
                        return None
                    free.append(eta)
                    if run.owner is not None and w.run.owner == run.owner:
                        own = eta
            free += [0.0] * max(0, self.size - len(self._workers))
            typical = (sum(self._durations) / len(self._durations)) if self._durations else None
        if not free:
            return None
        heapq.heapify(free)
        for _ in range(ahead):
            if typical is None:
                return None
            heapq.heappush(free, heapq.heappop(free) + typical)
        return max(free[0], own)

    def stats(self) -> dict:
        with self._lock:
            return {
                "workers": len(self._workers),
                "busy": sum(w.run is not None for w in self._workers),
                "queued": len(self._pending),
                "size": self.size,
                "replaced": self.replaced,
                "pids": [w.pid for w in self._workers],
            }

    def worker_pid(self, run: RemoteRun) -> int | None:
        with self._lock:
            return next((w.pid for w in self._workers if w.run is run), None)

    # -- workers ----------------------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        proc = subprocess.Popen(
            [sys.executable, "-m", "models.training.worker", str(child.fileno())],
            pass_fds=(child.fileno(),),
            cwd=str(ROOT),
            env=env,
            stdin=subprocess.DEVNULL,
        )
        child.close()
        w = _Worker(proc, Connection(parent.detach()))
        self._workers.append(w)
        return w

    def _schedule(self) -> None:
        """Give queued runs to idle workers (first come, first served; one per session); call with the lock."""
        if self._closed:
            return
        busy = {w.run.owner for w in self._workers if w.run is not None and w.run.owner is not None}
        for run in list(self._pending):
            if run.owner is not None and run.owner in busy:
                continue
            w = next((w for w in self._workers if w.run is None), None)
            if w is None and len(self._workers) < self.size:
                w = self._spawn()
            if w is None:
                break
            self._pending.remove(run)
            w.run = run
            if run.owner is not None:
                busy.add(run.owner)
            ok = w.send(("run", run.job_id, run.spec))
            if ok and run.paused:
                w.send(("pause", run.job_id))
            if ok and run._lr is not None:
                w.send(("lr", run.job_id, run._lr))

    def _lost(self, w: _Worker) -> None:
        """A worker's socket closed: it died (SIGKILL, out of memory) or was stopped."""
        with self._lock:
            if w in self._workers:
                self._workers.remove(w)
            run, w.run = w.run, None
        w.close()
        if run is not None:
            run.fail_lost()
        with self._lock:
            if not self._closed:
                self.replaced += 1
                if len(self._workers) < self.size:
                    self._spawn()  # the pool replaces it (warm for the next job)
                self._schedule()

    # -- the dispatcher thread --------------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="training-dispatcher", daemon=True)
            self._thread.start()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def _loop(self) -> None:
        while not self._closed:
            with self._lock:
                workers = {w.conn: w for w in self._workers}
            ready = wait(list(workers) + [self._wake_r], timeout=0.5)
            for c in ready:
                if c is self._wake_r:
                    try:
                        while self._wake_r.recv(4096):
                            pass
                    except (BlockingIOError, OSError):
                        pass
                    continue
                self._drain(workers[c])
            self._expire()

    def _drain(self, w: _Worker, limit: int = 200) -> None:
        for _ in range(limit):
            try:
                if not w.conn.poll():
                    return
                kind, job_id, data = w.conn.recv()
            except (EOFError, OSError):
                self._lost(w)
                return
            self._dispatch(w, kind, job_id, data)

    def _dispatch(self, w, kind: str, job_id: int, data) -> None:
        """One message from a worker to the run it trains."""
        run = w.run
        if run is None or run.job_id != job_id:
            return  # "ready", or the tail of a job that was already given up
        run.handle(kind, data)
        if kind == "end":
            with self._lock:
                w.run = None
                if run.started_at is not None:
                    self._durations.append(time.monotonic() - run.started_at)
                self._schedule()

    def _expire(self) -> None:
        """Queued runs that nobody watches any more (tab closed without a release) leave the queue."""
        now = time.monotonic()
        with self._lock:
            gone = [r for r in self._pending if r.heartbeat_expired(now)]
            for r in gone:
                self._pending.remove(r)
            if gone:
                self._schedule()
        for r in gone:
            r.cancel()

    def shutdown(self) -> None:
        """Stop every worker (server exit; also registered with atexit)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers, self._workers = list(self._workers), []
            pending, self._pending = list(self._pending), deque()
        for w in workers:
            w.send(("exit",))
        deadline = time.monotonic() + 2.0
        for w in workers:
            w.close(max(0.05, deadline - time.monotonic()))
            if w.run is not None:
                w.run.fail_lost()
        for r in pending:
            r.cancel()
