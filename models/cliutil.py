"""What every command module of ``python -m models`` shares: the one-line parser, output, errors, the shared
command groups (``train``, ``weights``, ``data``) and the ``--executor`` option of ``train`` subcommands.

A leaf module: it imports no command module, so the arrows go one way (``models.cli`` loads the task CLIs, and
they, like ``models.cli``, import their helpers from here).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .errors import InputError


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


def add_images_argument(p) -> None:
    """The ``IMAGE...`` positional of the commands that read pictures (``classify``, ``caption``)."""
    p.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, WebP, BMP, GIF, TIFF)")


# -- shared command groups ---------------------------------------------------------------------------------
def _group(sub, name: str, help_text: str):
    """A shared command group (``train``, ``weights``, ``data``) that several modules add subcommands to.

    The groups are kept on ``sub`` itself: a table keyed by ``id(sub)`` handed a new parser the group of an
    old, garbage-collected one whose id it reused (argparse then refused a second ``train cnn``)."""
    groups = sub.__dict__.setdefault("_classroom_groups", {})
    if name not in groups:
        p = sub.add_parser(name, help=help_text)
        g = p.add_subparsers(dest=f"{name}_command", metavar="WHAT", parser_class=OneLineParser)
        g.required = True
        groups[name] = g
    return groups[name]


def train_subparsers(sub):
    """``python -m models train <what>``: each trainable model family adds its own subcommand."""
    return _group(sub, "train", "train a model with the project's trainer")


def weights_subparsers(sub):
    """``python -m models weights <action>``."""
    return _group(sub, "weights", "download, import or inspect model weights")


def data_subparsers(sub):
    """``python -m models data <action>``."""
    return _group(sub, "data", "fetch or inspect data sets")


# -- --executor on train subcommands ---------------------------------------------------------------------------
def add_executor_argument(p) -> None:
    """``--executor local|ray`` on a ``train`` subcommand whose training has a job builder (models.training.jobs);
    without it the command trains in this process, as it always did."""
    p.add_argument(
        "--executor",
        default=None,
        choices=("local", "ray"),
        help="train in a worker process of the local pool, or on Ray (RAY_ADDRESS's cluster, else a "
        "local Ray); default: in this process",
    )


def remote_trainer(args, spec, *, model=None, on_result=None):
    """With ``--executor``: a RemoteRun of ``spec`` on that executor (the same job spec a page submits; the
    weights come back into ``model``, or into a network rebuilt from the spec). Without: None (train here).
    Its ``run()`` starts and waits, like a Trainer's; an unknown or missing executor is an InputError."""
    if not getattr(args, "executor", None):
        return None
    from .training import RemoteRun, get_executor

    try:
        executor = get_executor(args.executor)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return RemoteRun(spec, model=model, on_result=on_result, executor=executor)


def run_training(trainer) -> None:
    """Run a Trainer or a RemoteRun to its end in the foreground; a diverged or failed run is an InputError
    (one line, exit 2) whichever process trained it."""
    try:
        trainer.run()
    except FloatingPointError as exc:
        raise InputError(str(exc)) from None
    if trainer.state == "failed":
        raise InputError(f"training failed: {trainer.error}")
