"""Where the UD English-EWT treebank lives on this machine (never copied into the repository).

Search order: the folder in env CLASSROOM_UD_DIR, then ``<repo>/.cache/ud-english-ewt/`` (filled by
``python -m models data download ud-english-ewt``; git-ignored), then ``../shared/data/ud-english-ewt/``
beside the repository. Every 10th sentence of the dev file is the held-out test split for all reported figures.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ModelsError
from .conllu_io import Sentence, heldout_split, read_conllu

ENV_DIR = "CLASSROOM_UD_DIR"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "ud-english-ewt"
SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "ud-english-ewt"
DEV_FILE = "en_ewt-ud-dev.conllu"
SPLIT_NOTE = "UD English-EWT dev, every 10th sentence (10th, 20th, ...) held out, the other 90% trained on"
CREDIT = (
    "Universal Dependencies English Web Treebank (UD_English-EWT, v2.15), "
    "https://github.com/UniversalDependencies/UD_English-EWT, CC BY-SA 4.0"
)


class TreebankMissingError(ModelsError):
    """The treebank is not on this machine."""


def search_dirs() -> list[Path]:
    dirs = []
    if os.environ.get(ENV_DIR):
        dirs.append(Path(os.environ[ENV_DIR]))
    return dirs + [CACHE_DIR, SHARED_DIR]


def find_file(name: str = DEV_FILE) -> Path | None:
    """The first existing ``name`` in the search folders, or None."""
    for d in search_dirs():
        if (d / name).is_file():
            return d / name
    return None


def dev_file() -> Path:
    """The dev file, or TreebankMissingError saying how to get it."""
    path = find_file(DEV_FILE)
    if path is None:
        raise TreebankMissingError(
            f"UD English-EWT not found (looked in: {', '.join(str(d) for d in search_dirs())}); "
            f"run `python -m models data download ud-english-ewt` or set {ENV_DIR}"
        )
    return path


def load_split(path: str | os.PathLike | None = None) -> tuple[list[Sentence], list[Sentence]]:
    """(train 90%, held-out test 10%) of the dev file (or of ``path``)."""
    return heldout_split(read_conllu(path or dev_file()))
