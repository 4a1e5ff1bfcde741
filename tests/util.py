"""Helpers for page and browser tests (import: `from util import apptest, wait_for_app_idle`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: a `python -m models train cnn` run that takes seconds: 2 epochs of an MLP on 8×8 digits, seeded (46 steps)
TINY_CNN_ARGS = (
    "--dataset",
    "digits8x8",
    "--model",
    "mlp",
    "--epochs",
    "2",
    "--optimizer",
    "adam",
    "--lr",
    "0.003",
    "--dropout",
    "0",
    "--schedule",
    "constant",
    "--batch-size",
    "64",
    "--seed",
    "3",
)


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
