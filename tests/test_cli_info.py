"""CLI basics: `info --json` parses; bad arguments are one line and exit code 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from util import ROOT


def _pinned(package: str) -> str:
    """The version requirements.txt pins ``package`` to (``package==X``), so a new pin needs no test edit."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(package)}==([^\s;#]+)", text, flags=re.M)
    assert found, f"requirements.txt pins no {package}=="
    return found.group(1)


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "models", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_info_json_parses():
    r = _cli("info", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["versions"]["torch"].startswith(_pinned("torch"))
    assert info["versions"]["torchvision"].startswith(_pinned("torchvision"))
    assert isinstance(info["models"], list)


def test_info_plain():
    r = _cli("info")
    assert r.returncode == 0 and f"torch {_pinned('torch')}" in r.stdout


def test_bad_subcommand_exits_2_with_one_line():
    r = _cli("frobnicate")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "invalid choice" in r.stderr


def test_missing_subcommand_exits_2():
    r = _cli()
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
