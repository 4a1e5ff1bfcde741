"""``python -m models`` command line: argparse subcommands, ``--json`` on every one of them.

Each domain module that adds commands exposes ``add_commands(subparsers, common)`` and is listed in
``_COMMAND_MODULES``; a command's handler takes the parsed ``args`` and returns an exit code.
Errors the user can fix (bad arguments, unreadable files, missing weights) print one line and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
from collections.abc import Sequence
from typing import Any

from .errors import ModelsError

# Modules that contribute subcommands (each defines add_commands(subparsers, common)).
_COMMAND_MODULES: tuple[str, ...] = (
    "models.lab.cli",
    "models.seq2seq.cli",
    "models.tagging.cli",
    "models.vision.cli",
    "models.rnn.cli",
    "models.forecast.cli",
    "models.caption.cli",
    "models.teach.cli",
)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str):
        sys.stderr.write(f"{self.prog}: error: {message} (try --help)\n")
        raise SystemExit(2)


def emit(args, obj: Any, text: str | None = None) -> None:
    """Print ``obj`` as one JSON line with --json, else ``text`` (or a readable rendering of obj)."""
    if getattr(args, "json", False):
        print(json.dumps(obj, ensure_ascii=False, default=str), flush=True)
    else:
        print(text if text is not None else _plain(obj), flush=True)


def _plain(obj: Any) -> str:
    if isinstance(obj, dict):
        return "\n".join(f"{k}: {v}" for k, v in obj.items())
    return str(obj)


def fail(message: str) -> int:
    """Print a one-line error and return exit code 2 (for handlers that keep going, then fail)."""
    first = str(message).strip().splitlines()[0] if str(message).strip() else "error"
    sys.stderr.write(f"error: {first}\n")
    return 2


# -- info ------------------------------------------------------------------------------------------
def _cmd_info(args) -> int:
    import torch
    import torchvision

    from . import registry
    from .runtime import configure_threads

    rows = registry.status()
    info = {
        "models": rows,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
        },
        "threads": configure_threads(),
    }
    if args.json:
        emit(args, info)
        return 0
    print(
        f"python {info['versions']['python']}, torch {torch.__version__}, torchvision {torchvision.__version__}"
    )
    if not rows:
        print("no models registered")
    width = max((len(r["name"]) for r in rows), default=4)
    for r in rows:
        mark = "available" if r["available"] else "missing  "
        print(f"{r['name']:<{width}}  {mark}  {r['task']:<24} {r['weights']:<11} {r['description']}")
    return 0


_GROUPS: dict[tuple[int, str], argparse._SubParsersAction] = {}


def _group(sub, name: str, help_text: str):
    """A shared command group (``train``, ``weights``, ``data``) that several modules add subcommands to."""
    key = (id(sub), name)
    if key not in _GROUPS:
        p = sub.add_parser(name, help=help_text)
        g = p.add_subparsers(dest=f"{name}_command", metavar="WHAT", parser_class=OneLineParser)
        g.required = True
        _GROUPS[key] = g
    return _GROUPS[key]


def train_subparsers(sub):
    """``python -m models train <what>``: each trainable model family adds its own subcommand."""
    return _group(sub, "train", "train a model with the project's trainer")


def weights_subparsers(sub):
    """``python -m models weights <action>``."""
    return _group(sub, "weights", "download, import or inspect model weights")


def data_subparsers(sub):
    """``python -m models data <action>``."""
    return _group(sub, "data", "fetch or inspect data sets")


def build_parser() -> OneLineParser:
    common = OneLineParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", help="machine-readable output, one JSON object per line"
    )
    parser = OneLineParser(
        prog="python -m models", description="CNN & RNN classroom lab: models from the command line"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    p = sub.add_parser("info", parents=[common], help="registry, weights status and versions")
    p.set_defaults(func=_cmd_info)
    for module in _COMMAND_MODULES:
        importlib.import_module(module).add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ModelsError as exc:
        return fail(str(exc))
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        return fail(f"{exc.strerror}: {exc.filename}")
    except KeyboardInterrupt:
        return fail("interrupted")
