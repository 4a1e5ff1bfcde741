"""Start and stop the app the way the README does (``make run``) on a free loopback port, for benchmarks."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict | None = None, log_path: str | None = None):
    """Yields (base_url, process, seconds_until_healthy)."""
    from stclient import health

    port = free_port()
    log = open(log_path or os.devnull, "w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(["make", "-s", "run", f"PORT={port}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, **(env or {})), start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        while not health(url):
            if proc.poll() is not None:
                raise RuntimeError("server exited while starting")
            if time.perf_counter() - t0 > 180:
                raise TimeoutError("server not healthy after 180 s")
            time.sleep(0.1)
        yield url, proc, time.perf_counter() - t0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def server_pid_rss_mb(make_proc) -> float:
    """Resident memory (MB) of the streamlit python process under the ``make`` process group."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != make_proc.pid:
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"streamlit" not in f.read():
                    continue
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total / 1024
