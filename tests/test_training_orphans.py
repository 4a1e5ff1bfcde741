"""Server shutdown leaves no worker process behind: SIGTERM (what Ctrl-C / a service manager sends) and even
SIGKILL of the Streamlit server end its training workers within seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from util import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from stclient import StreamlitClient, health

APP = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from models.lab.lab import LabConfig
from models.training import RemoteRun
from models.training.jobs import lab_job


@st.cache_resource
def job():
    return RemoteRun(lab_job(LabConfig(dataset="digits8x8", batch_size=8, epochs=200))).start()


st.write(f"state {{job().state}}")
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers_of(pid: int) -> list[int]:
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if ppid == pid and b"models.training.worker" in cmd:
            out.append(int(p))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_server_stop_leaves_no_orphan_worker(tmp_path, sig):
    app = tmp_path / "app.py"
    app.write_text(APP.format(root=str(ROOT)))
    port = _free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 -- the server process writes to it until it stops
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not health(url):
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "server not healthy"
            time.sleep(0.2)
        client = StreamlitClient(url)
        client.rerun()  # the script starts a training: the pool starts its first worker
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline:
            workers = _workers_of(proc.pid)
            time.sleep(0.2)
        assert workers, "no worker process started"
        time.sleep(2.0)  # let it import torch and train
        client.close()
        os.kill(proc.pid, sig)  # the server only, not its process group
        proc.wait(30)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "worker outlived its server"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for w in _workers_of(proc.pid):
            os.kill(w, signal.SIGKILL)
        log.close()
