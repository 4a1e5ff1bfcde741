"""Start and stop the app the way the README does (``make run``) on a free loopback port, for benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
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
    log = open(log_path or os.devnull, "w")  # noqa: SIM115 -- the server process writes to it until it stops
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, **(env or {})),
        start_new_session=True,
    )
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
        _stop(proc, 15)
        log.close()


@contextlib.contextmanager
def running_replicas(replicas: int, env: dict | None = None, log_path: str | None = None):
    """``scripts/serve.py``: N replicas behind nginx on free loopback ports. Yields (nginx URL, process,
    seconds until ready, run folder with nginx's access log)."""
    import re

    port = free_port()
    base = free_port()
    while base == port or not port_is_free(base + replicas - 1) or port in range(base, base + replicas):
        base = free_port()
    log = open(log_path or os.devnull, "w")  # noqa: SIM115 -- the server process writes to it until it stops
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "-s", "serve", f"REPLICAS={replicas}", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, **(env or {}), SERVE_BASE_PORT=str(base)),
        start_new_session=True,
    )
    run_dir = None
    try:
        for line in proc.stdout:
            log.write(line)
            m = re.search(r"config and logs in (\S+)", line)
            if m:
                run_dir = Path(m.group(1))
            if "serve: ready" in line:
                break
            if time.perf_counter() - t0 > 300:
                raise TimeoutError("replicas not ready after 300 s")
        else:
            raise RuntimeError("serve exited while starting")
        threading.Thread(target=lambda: [log.write(x) for x in proc.stdout], daemon=True).start()
        yield f"http://127.0.0.1:{port}", proc, time.perf_counter() - t0, run_dir
    finally:
        _stop(proc, 40)
        log.close()


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM to the server's process group, SIGKILL after ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def port_is_free(port: int) -> bool:
    """True when ``port`` can be bound on the loopback address now."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _group_processes(make_proc):
    """(pid, command line) of every process in the ``make`` process group, ``make`` itself left out."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != make_proc.pid:
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
        except (OSError, ProcessLookupError):
            continue
        if b"make" not in cmd.split(b"\0")[0]:
            yield pid, cmd


def server_pid_rss_mb(make_proc) -> float:
    """Resident memory (MB) of the streamlit python process(es) under the ``make`` process group."""
    total = 0
    for pid, cmd in _group_processes(make_proc):
        if b"streamlit" not in cmd:
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, ProcessLookupError):
            continue
    return total / 1024


def group_cpu_seconds(make_proc) -> dict:
    """CPU seconds (user + system) used so far by the processes of the ``make`` process group: the Streamlit
    server(s) and, apart, everything else in the group (training workers; nginx with replicas). Exited processes are
    not counted."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {"server": 0.0, "others": 0.0}
    for pid, cmd in _group_processes(make_proc):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, ProcessLookupError):
            continue
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15 of stat)
        out["server" if b"streamlit" in cmd else "others"] += seconds
    return out
