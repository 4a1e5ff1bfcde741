"""``python -m models data download ud-english-ewt [--dir DIR]``: fetch the treebank's train/dev/test files from
its official repository (when the network allows), verify them, cache them, record their sha256."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import InputError, ModelsError
from ..store import sha256_file
from .conllu_io import MAX_FILE_BYTES, read_conllu
from .treebank import CACHE_DIR

ENV_BASE_URL = "CLASSROOM_UD_BASE_URL"
#: Raw files of UniversalDependencies/UD_English-EWT at the v2.15 commit the shared dev file came from.
DEFAULT_BASE_URL = (
    "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/"
    "15d613d8447b3478787d4c278730a1e48a945efb/"
)
FILES = ("en_ewt-ud-train.conllu", "en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu")
EXTRAS = ("LICENSE.txt", "README.md")  # credit and license; fetched when present, not required
RECORD = "SHA256SUMS.json"
MIN_BYTES = 100  # anything shorter is not a treebank split


class DownloadError(ModelsError):
    """A download failed (no network, HTTP error, or a file that fails verification)."""


def base_url(override: str | None = None) -> str:
    url = override or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    if not url.startswith(("http://", "https://")):
        raise InputError(f"base URL must start with http:// or https://, got {url!r}")
    return url if url.endswith("/") else url + "/"


def _fetch(url: str, target: Path, timeout: float) -> None:
    tmp = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r, open(tmp, "wb") as f:
            total = 0
            while chunk := r.read(1 << 16):
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    raise DownloadError(f"{url} is larger than {MAX_FILE_BYTES // 1_000_000} MB; refused")
                f.write(chunk)
        os.replace(tmp, target)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"download of {url} failed: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"download of {url} failed ({reason}); no network? The app works offline with "
            "the bundled tagger; set CLASSROOM_UD_DIR to a folder holding the files instead"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def _verify(path: Path) -> dict:
    """Size and CoNLL-U check; returns the record of the file."""
    size = path.stat().st_size
    if size < MIN_BYTES:
        raise DownloadError(f"{path.name} has only {size} bytes; not a treebank split")
    try:
        sentences = read_conllu(path)
    except InputError as exc:
        raise DownloadError(f"{path.name} is not valid CoNLL-U: {exc}") from None
    return {
        "bytes": size,
        "sha256": sha256_file(path),
        "sentences": len(sentences),
        "tokens": sum(map(len, sentences)),
    }


def download(
    target_dir: str | os.PathLike | None = None,
    *,
    url: str | None = None,
    force: bool = False,
    timeout: float = 60.0,
    progress=None,
) -> dict:
    """Fetch, verify and cache the three splits; files already cached with a matching sha256 are kept.
    Returns {"dir", "base_url", "files": {name: record}}; a failed file leaves nothing half-written behind."""
    root = Path(target_dir) if target_dir else CACHE_DIR
    root.mkdir(parents=True, exist_ok=True)
    base = base_url(url)
    record_path = root / RECORD
    records = json.loads(record_path.read_text()) if record_path.is_file() else {}
    out = {}
    for name in FILES:
        target = root / name
        old = records.get(name)
        if not force and old and target.is_file() and sha256_file(target) == old.get("sha256"):
            out[name] = dict(old, cached=True)
            continue
        if progress:
            progress(f"downloading {base + name}")
        staged = root / (name + ".new")
        _fetch(base + name, staged, timeout)
        try:
            rec = _verify(staged)
        except DownloadError:
            staged.unlink(missing_ok=True)
            raise
        os.replace(staged, target)
        out[name] = dict(rec, url=base + name, cached=False)
        records[name] = {k: v for k, v in out[name].items() if k != "cached"}
        record_path.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n")
    for name in EXTRAS:
        if not (root / name).is_file():
            try:
                _fetch(base + name, root / name, timeout)
            except DownloadError:
                pass  # credit files are nice to have; the treebank's license is CC BY-SA 4.0 either way
    return {"dir": str(root), "base_url": base, "files": out}
