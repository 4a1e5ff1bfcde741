"""``python -m models`` command line: argparse subcommands, ``--json`` on every one of them.

Each domain module that adds commands exposes ``add_commands(subparsers, common)`` and is listed in
``_COMMAND_MODULES``; a command's handler takes the parsed ``args`` and returns an exit code. The helpers those
modules share (``emit``, ``fail``, the ``train``/``weights``/``data`` groups, ``--executor``) live in the leaf module
:mod:`models.cliutil`, so no command module imports this one.
Errors the user can fix (bad arguments, unreadable files, missing weights) print one line and exit 2.
"""

from __future__ import annotations

import importlib
import platform
from collections.abc import Sequence

from .cliutil import OneLineParser, emit, fail
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
