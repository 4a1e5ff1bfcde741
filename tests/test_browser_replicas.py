"""Two Streamlit replicas behind nginx (``scripts/serve.py``, what ``make serve REPLICAS=2`` runs): two browsers
upload a picture through the proxy and get their answers; every request of a browser (page, static files, the
websocket, the upload PUT) went to one replica; the nginx config carries the upload limit of config.toml."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import IN_CI
from PIL import Image, ImageDraw
from util import ROOT, wait_for_app_idle

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
import serve
from server import port_is_free

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _need_nginx():
    if NGINX is None:
        if IN_CI:
            pytest.fail("nginx is missing: scripts/setup.sh --test installs Debian's nginx-light")
        pytest.skip("nginx is not installed (bash scripts/setup.sh --serve)")


def _ports() -> tuple[int, int]:
    """A free port for nginx and two consecutive free ones for the replicas."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        front = s.getsockname()[1]
    for base in range(21000 + os.getpid() % 20000, 65000, 7):
        if base != front and base + 1 != front and port_is_free(base) and port_is_free(base + 1):
            return front, base
    raise RuntimeError("no free ports")


def test_nginx_config_has_sticky_hash_websocket_headers_and_the_upload_limit(tmp_path):
    conf = serve.nginx_config(8501, [8502, 8503], tmp_path)
    assert "client_max_body_size 25m;" in conf  # .streamlit/config.toml: maxUploadSize = 25
    assert "hash $route consistent;" in conf and "$cookie_classroom_route" in conf
    assert (
        "proxy_set_header Upgrade $http_upgrade;" in conf
        and "proxy_set_header Connection $connection_upgrade;" in conf
    )
    assert conf.count("server 127.0.0.1:") == 2
    if NGINX is not None:  # nginx itself accepts it
        (tmp_path / "nginx.conf").write_text(conf)
        r = subprocess.run(
            [NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "err.log")],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    _need_nginx()
    front, base = _ports()
    log = open(tmp_path_factory.mktemp("serve") / "serve.log", "w+")  # noqa: SIM115 -- the server process writes to it until it stops
    proc = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve.py",
            "--replicas",
            "2",
            "--port",
            str(front),
            "--base-port",
            str(base),
            "--listen",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{front}"
    try:
        deadline = time.time() + 240
        while True:
            log.seek(0)
            text = log.read()
            if "serve: ready" in text:
                break
            assert proc.poll() is None and time.time() < deadline, text[-3000:]
            time.sleep(0.5)
        run_dir = Path(re.search(r"config and logs in (\S+)", text).group(1))
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
            assert r.status == 200
        yield url, run_dir, (base, base + 1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)  # serve.py stops nginx and the replicas itself
        try:
            proc.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.mark.browser
def test_two_browsers_upload_through_the_proxy_and_stay_on_one_replica(
    proxy, browser, artifacts_dir, tmp_path
):
    url, run_dir, replica_ports = proxy
    img = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(img).line([(70, 50), (170, 50), (110, 200)], fill="black", width=18)  # a pen "7"
    path = tmp_path / "seven.png"
    img.save(path)
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        for i, ctx in enumerate(contexts):
            page = ctx.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}/classify?src=upload&m=digits")  # the page's URL state: upload, digits CNN
            wait_for_app_idle(page)
            page.get_by_text("Image classification: from AlexNet to ResNet").wait_for()
            page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(path))
            wait_for_app_idle(page)
            page.get_by_role("button", name="Classify").click()
            wait_for_app_idle(page)
            page.locator(".cl-big-value").get_by_text("7", exact=True).wait_for()  # the top class
            assert page.locator("[data-testid='stException']").count() == 0
            page.locator(".cl-big-value").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts_dir / f"replicas-browser{i + 1}.png"))
            cookie = [c for c in ctx.cookies() if c["name"] == "classroom_route"]
            assert cookie, "nginx set no route cookie"
    finally:
        for ctx in contexts:
            ctx.close()  # closes the websockets: nginx logs them now
    time.sleep(1.0)
    routes: dict[str, set[str]] = defaultdict(set)
    lines = (run_dir / "access.log").read_text().splitlines()
    for line in lines:
        m = re.search(r"route=(\S+) upstream=(\S+) status=(\d+)", line)
        if m and m.group(2) != "-":
            routes[m.group(1)].add(m.group(2))
    browsers = {r: ups for r, ups in routes.items() if len(r) == 32}  # $request_id routes (not addresses)
    assert len(browsers) >= 2, lines[-20:]
    assert all(len(ups) == 1 for ups in browsers.values()), browsers  # sticky: one replica per browser
    assert {u.rsplit(":", 1)[1] for ups in browsers.values() for u in ups} <= {str(p) for p in replica_ports}
    assert any('"GET /_stcore/stream' in ln and "status=101" in ln for ln in lines)  # websocket upgraded
    assert any('"PUT /_stcore/upload_file/' in ln and re.search(r"status=20\d", ln) for ln in lines)
