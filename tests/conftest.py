"""Shared fixtures. torch/torchvision are imported up front so that cold AppTest runs do not time out."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import torch  # pre-imported: a cold AppTest run would spend its timeout importing it
import torchvision  # noqa: F401
from util import ROOT  # the one definition, in tests/util.py

# One intra-op thread for the whole suite, as the app's own default (models.runtime): tiny models on a shared
# 2-core machine run many times slower with two oversubscribed threads.
torch.set_num_threads(1)

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Every test starts with empty st.cache_resource / st.cache_data (AppTest shares the process)."""
    yield
    if "streamlit" in sys.modules:
        import streamlit as st

        st.cache_resource.clear()
        st.cache_data.clear()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def started_server(log_path: Path):
    """The app started the way the README starts it (``make run``) on a free loopback port; yields the URL."""
    port = _free_port()
    log = open(log_path, "w")  # noqa: SIM115 -- the server process writes to it until it stops
    proc = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
            if proc.poll() is not None:
                raise RuntimeError(f"the app server exited while starting (see {log_path})")
        else:
            raise RuntimeError("the app server did not become healthy within 120 s")
        yield url
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()


@pytest.fixture(scope="session")
def app_server(artifacts_dir):
    """One app server for the whole test session (started as the README does)."""
    with started_server(artifacts_dir / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no `playwright install`)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("Chromium is missing at /usr/bin/chromium: scripts/setup.sh --test should install it")
        pytest.skip("Chromium is not installed at /usr/bin/chromium (run `make test` to install it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser, artifacts_dir):
    """A fresh browser context (its own Streamlit session) with a laptop-sized viewport."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()


@pytest.fixture()
def ewt_dev_path() -> Path:
    """The UD English-EWT dev file: env CLASSROOM_UD_DIR, then the project's download folder, then ../shared.
    Skips with a reason when absent, except under CI where it must be present."""
    candidates = []
    if os.environ.get("CLASSROOM_UD_DIR"):
        candidates.append(Path(os.environ["CLASSROOM_UD_DIR"]) / "en_ewt-ud-dev.conllu")
    candidates += [
        ROOT / ".cache" / "ud-english-ewt" / "en_ewt-ud-dev.conllu",
        ROOT.parent / "shared" / "data" / "ud-english-ewt" / "en_ewt-ud-dev.conllu",
    ]
    for c in candidates:
        if c.is_file():
            return c
    if IN_CI:
        pytest.fail("UD English-EWT dev file not found (expected ../shared/data/ud-english-ewt/)")
    pytest.skip("UD English-EWT dev file not found (set CLASSROOM_UD_DIR or put ../shared beside the clone)")
