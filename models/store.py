"""Weights store: bundled checkpoints in ``models/weights/`` described by ``manifest.json``.

Every checkpoint is a plain dict (tensors, numbers, strings, lists, dicts) so it loads with
``torch.load(..., weights_only=True)``; its sha256 is checked against the manifest before loading.

Manifest entry (one per checkpoint name)::

    "digits": {
        "file": "digits.pt",            # file name inside models/weights/
        "sha256": "...",                # hash of that file
        "bytes": 123456,                # size of that file
        "command": "python -m models train ...",  # how it was made
        "metrics": {"heldout_accuracy": 0.985},  # what it scores on held-out data
        "created": "2026-11-28T17:00:00Z",
        "versions": {"torch": "...", "python": "..."},
        "notes": "free text"
    }
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import io
import json
import os
import platform
from pathlib import Path
from typing import Any

import torch

from .errors import WeightsCorruptError, WeightsMissingError

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
MANIFEST_NAME = "manifest.json"


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def safe_load(source: str | os.PathLike | bytes | io.BytesIO) -> Any:
    """``torch.load`` with ``weights_only=True`` on CPU; any failure becomes WeightsCorruptError.

    This is the only way the project reads a checkpoint, including files a user uploads: a pickle that
    tries to build arbitrary objects is refused by torch's restricted unpickler.
    """
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        return torch.load(source, map_location="cpu", weights_only=True)
    except FileNotFoundError as exc:
        raise WeightsMissingError(f"checkpoint not found: {source}") from exc
    except Exception as exc:  # pickle.UnpicklingError, RuntimeError (truncated zip), EOFError, ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WeightsCorruptError(f"not a loadable weights-only checkpoint ({first[:200]})") from exc


class WeightsStore:
    """Bundled checkpoints plus their manifest. ``root`` is overridable for tests."""

    def __init__(self, root: str | os.PathLike = WEIGHTS_DIR):
        self.root = Path(root)

    # -- manifest -----------------------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST_NAME

    def manifest(self) -> dict[str, dict]:
        """The whole manifest (empty dict when there is none yet)."""
        if not self.manifest_path.exists():
            return {}
        with open(self.manifest_path, encoding="utf-8") as f:
            return json.load(f)

    @contextlib.contextmanager
    def _locked_manifest(self):
        """Read-modify-write the manifest under an exclusive file lock (several trainers may save at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock_path = self.root / ".manifest.lock"
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self.manifest()
            yield data
            tmp = self.manifest_path.with_suffix(".json.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2, sort_keys=True, ensure_ascii=False)
                f.write("\n")
            os.replace(tmp, self.manifest_path)

    def entry(self, name: str) -> dict:
        """Manifest entry of ``name``; WeightsMissingError when the manifest has none."""
        m = self.manifest()
        if name not in m:
            raise WeightsMissingError(
                f"no bundled weights named {name!r}; bundled: {', '.join(sorted(m)) or 'none'}"
            )
        return m[name]

    def path(self, name: str) -> Path:
        return self.root / self.entry(name)["file"]

    def available(self, name: str) -> bool:
        """True when the manifest names the checkpoint and its file is present (hash not checked here)."""
        try:
            return self.path(name).is_file()
        except WeightsMissingError:
            return False

    # -- save / load --------------------------------------------------------------------------------
    def save(
        self,
        name: str,
        checkpoint: dict,
        *,
        command: str,
        metrics: dict[str, Any],
        notes: str = "",
        file: str | None = None,
    ) -> dict:
        """Write ``checkpoint`` as ``<name>.pt`` and record it in the manifest. Returns the manifest entry."""
        if not isinstance(checkpoint, dict):
            raise TypeError("a checkpoint must be a dict (state_dict plus plain metadata)")
        self.root.mkdir(parents=True, exist_ok=True)
        file = file or f"{name}.pt"
        target = self.root / file
        tmp = target.with_suffix(target.suffix + ".tmp")
        torch.save(checkpoint, tmp)
        safe_load(tmp)  # refuse to bundle anything that would not load with weights_only=True
        os.replace(tmp, target)
        entry = {
            "file": file,
            "sha256": sha256_file(target),
            "bytes": target.stat().st_size,
            "command": command,
            "metrics": metrics,
            "created": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "versions": {"torch": torch.__version__, "python": platform.python_version()},
            "notes": notes,
        }
        with self._locked_manifest() as data:
            data[name] = entry
        return entry

    def load(self, name: str) -> dict:
        """Verify the sha256 against the manifest, then load with ``weights_only=True``."""
        entry = self.entry(name)
        target = self.root / entry["file"]
        if not target.is_file():
            raise WeightsMissingError(f"weights file for {name!r} is missing: {target}")
        digest = sha256_file(target)
        if digest != entry["sha256"]:
            raise WeightsCorruptError(
                f"weights file for {name!r} is corrupt: sha256 {digest[:12]}… does not match the "
                f"manifest's {entry['sha256'][:12]}… (re-clone the repository or retrain with: {entry['command']})"
            )
        return safe_load(target)


#: The store every page, CLI command and test uses by default.
default_store = WeightsStore()
