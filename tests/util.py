"""Helpers for page and browser tests (import: `from util import apptest, wait_for_app_idle`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_for_app_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit finished the current script run (the running indicator disappears)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=timeout)


def apptest(script: str = "app.py", **kw):
    """AppTest of a file relative to the repository root, with a generous timeout for cold imports."""
    from streamlit.testing.v1 import AppTest

    kw.setdefault("default_timeout", 60)
    return AppTest.from_file(str(ROOT / script), **kw)
