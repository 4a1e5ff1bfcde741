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


def test_a_dropped_parser_leaves_nothing_behind():
    """CI once failed with "conflicting subparser: cnn": the shared ``train`` group lived in a module table keyed
    by ``id(subparsers)``, so it outlived its parser, and a later parser whose subparsers object reused that id
    got the old group (which already had ``cnn``). A group must die with its parser."""
    import gc
    import weakref

    from models.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["train", "cnn"]).train_command == "cnn"
    sub = next(a for a in parser._actions if a.dest == "command")
    train = weakref.ref(sub.choices["train"])
    group = weakref.ref(next(a for a in sub.choices["train"]._actions if a.dest == "train_command"))
    del parser, sub
    gc.collect()
    assert train() is None and group() is None
    for _ in range(20):  # and building again and again works
        assert build_parser().parse_args(["train", "cnn"]).train_command == "cnn"
