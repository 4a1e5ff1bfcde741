"""``make serve REPLICAS=N [PORT=8501]``: N Streamlit processes on consecutive loopback ports behind nginx on PORT.

* Replica i listens on 127.0.0.1:(BASE + i), BASE = PORT + 1 unless ``--base-port``; nginx (Debian package,
  installed by ``scripts/setup.sh --serve``) listens on PORT with sticky sessions (a route cookie hashed
  consistently), websocket upgrade headers and the upload limit of ``.streamlit/config.toml``.
* Trainings: every replica uses the executor setting it inherits (``CLASSROOM_EXECUTOR``). The local executor
  gives each replica its own worker pool; the machine's default pool (one worker per core,
  ``models.training.local.pool_size``) is divided between the replicas unless you set ``CLASSROOM_WORKERS``. With ``CLASSROOM_EXECUTOR=ray`` and several replicas, set ``RAY_ADDRESS`` to one
  running cluster (``ray start --head``) so that all replicas share it.
* Ctrl-C / SIGTERM stops nginx and every replica (and so their workers). The run folder (config, nginx logs with
  the replica each request went to) is printed at the start.

    .venv/bin/python scripts/serve.py --replicas 2 --port 8501
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def upload_limit_mb() -> int:
    """server.maxUploadSize of .streamlit/config.toml (Streamlit's default 200 when absent)."""
    try:
        with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
            return int(tomllib.load(f).get("server", {}).get("maxUploadSize", 200))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return 200


def nginx_config(port: int, replica_ports: list[int], run_dir: Path, listen_host: str = "0.0.0.0") -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in replica_ports)
    return (
        TEMPLATE.read_text()
        .replace("@RUN@", str(run_dir))
        .replace("@UPLOAD_MB@", str(upload_limit_mb()))
        .replace("@SERVERS@", servers)
        .replace("@LISTEN@", f"{listen_host}:{port}")
    )


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def replica_env(replicas: int) -> dict:
    env = dict(os.environ)
    own = "CLASSROOM_WORKERS" in env or "CLASSROOM_TRAINING_CAP" in env
    if not own and env.get("CLASSROOM_EXECUTOR", "local") == "local":
        sys.path.insert(0, str(ROOT))  # run as `python scripts/serve.py`: the checkout is not on the path
        from models.training.local import pool_size  # one worker per core by default

        env["CLASSROOM_WORKERS"] = str(max(1, pool_size() // replicas))
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8501, help="nginx listens here")
    ap.add_argument("--base-port", type=int, default=None, help="first replica's port (default: port + 1)")
    ap.add_argument("--listen", default="0.0.0.0", help="nginx's address (127.0.0.1: this machine only)")
    a = ap.parse_args()
    if not 1 <= a.replicas <= 32:
        ap.error("replicas must be between 1 and 32")
    if os.environ.get("CLASSROOM_EXECUTOR") == "ray" and a.replicas > 1 and not os.environ.get("RAY_ADDRESS"):
        print(
            "serve: with CLASSROOM_EXECUTOR=ray and several replicas, set RAY_ADDRESS to one cluster "
            "(ray start --head) so that they share it",
            file=sys.stderr,
        )
        return 2
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        print(
            "serve: nginx is not installed (bash scripts/setup.sh --serve installs Debian's package)",
            file=sys.stderr,
        )
        return 2
    base = a.base_port or a.port + 1
    ports = [base + i for i in range(a.replicas)]
    run_dir = Path(tempfile.mkdtemp(prefix="classroom-serve-"))
    run_dir.chmod(0o755)  # nginx's workers (user nobody under root) create their temp folders in here
    conf = run_dir / "nginx.conf"
    conf.write_text(nginx_config(a.port, ports, run_dir, a.listen))
    print(
        f"serve: {a.replicas} replicas on ports {ports[0]}-{ports[-1]}, nginx on {a.listen}:{a.port}; "
        f"config and logs in {run_dir}",
        flush=True,
    )
    procs: list[subprocess.Popen] = []

    nginx_proc: list[subprocess.Popen] = []

    def stop(*_):
        for p in (
            nginx_proc + procs
        ):  # nginx first (graceful quit), then the replicas (each stops its workers)
            if p.poll() is None:
                p.send_signal(signal.SIGQUIT if p in nginx_proc else signal.SIGTERM)
        deadline = time.monotonic() + 20
        for p in nginx_proc + procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    env = replica_env(a.replicas)
    for port in ports:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
            )
        )
    deadline = time.monotonic() + 180
    for port in ports:
        while not _healthy(f"http://127.0.0.1:{port}"):
            if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                print(f"serve: replica on port {port} did not start", file=sys.stderr)
                stop()
            time.sleep(0.2)
    nginx_proc.append(
        subprocess.Popen([nginx, "-c", str(conf), "-e", str(run_dir / "error.log")], cwd=run_dir)
    )
    front = f"http://{'127.0.0.1' if a.listen in ('0.0.0.0', '::') else a.listen}:{a.port}"
    while not _healthy(front):  # through nginx to a replica
        if nginx_proc[0].poll() is not None or time.monotonic() > deadline + 30:
            print(f"serve: nginx did not start (see {run_dir / 'error.log'})", file=sys.stderr)
            stop()
        time.sleep(0.2)
    print(
        f"serve: ready on http://{'localhost' if a.listen in ('0.0.0.0', '127.0.0.1') else a.listen}:{a.port}",
        flush=True,
    )
    while True:
        for p in nginx_proc + procs:
            if p.poll() is not None:
                print(f"serve: a process ended (exit {p.returncode}); stopping the rest", file=sys.stderr)
                stop()
        time.sleep(1.0)


if __name__ == "__main__":
    sys.exit(main())
