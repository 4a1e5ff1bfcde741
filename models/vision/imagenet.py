"""torchvision's ImageNet-1k classifiers: architectures, where their weights live, download and USB import.

Weights are looked up in torch's own cache, ``torch.hub.get_dir()/checkpoints/<torchvision's file name>`` (so a
``TORCH_HOME`` filled by any torchvision program works), newest weights first. Builders never download:
:func:`download` fetches a file only when asked (``python -m models weights download NAME``), and
:func:`import_weights` installs a file brought on a USB stick after loading it into the architecture.
Preprocessing and label names always come from the weights enum (``.transforms()``, ``.meta["categories"]``).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import torch
import torchvision
from torch import nn

from ..errors import InputError, UnknownModelError, WeightsCorruptError, WeightsMissingError
from ..store import safe_load, sha256_file

#: Registry names of the ImageNet models, in lecture order.
IMAGENET_MODELS = ("alexnet", "vgg16", "vgg19", "googlenet", "resnet18", "resnet50", "resnet152")

#: Keyword arguments that make a torchvision builder produce the architecture its ImageNet weights expect.
_ARCH_KWARGS = {"googlenet": {"aux_logits": True, "transform_input": True, "init_weights": False}}

_HASH_RE = re.compile(
    r"-([a-f0-9]+)\."
)  # torchvision file names carry a sha256 prefix (torch.hub.HASH_REGEX)


def _check_name(name: str) -> None:
    if name not in IMAGENET_MODELS:
        raise UnknownModelError(
            f"unknown ImageNet model {name!r}; choose one of: {', '.join(IMAGENET_MODELS)}"
        )


def spec_weights(name: str) -> list:
    """The usable ImageNet-1k weights enum members of ``name``, the default (newest) first."""
    _check_name(name)
    enum = torchvision.models.get_model_weights(name)
    members = [
        w
        for w in enum
        if len(w.meta.get("categories") or []) == 1000
        and math.isfinite(w.meta.get("_metrics", {}).get("ImageNet-1K", {}).get("acc@1", float("nan")))
    ]
    default = enum.DEFAULT
    return sorted(members, key=lambda w: w is not default)


def default_weights(name: str):
    return spec_weights(name)[0]


def checkpoint_dir() -> Path:
    """torch's cache folder for weights files (follows TORCH_HOME at call time)."""
    return Path(torch.hub.get_dir()) / "checkpoints"


def file_name(weights) -> str:
    """torchvision's file name of a weights enum member, e.g. ``resnet18-f37072fd.pth``."""
    return os.path.basename(weights.url)


def find_weights(name: str) -> tuple[object, Path] | None:
    """(weights enum member, path) of the first weights file of ``name`` present in torch's cache, else None."""
    for w in spec_weights(name):
        p = checkpoint_dir() / file_name(w)
        if p.is_file():
            return w, p
    return None


def is_available(name: str) -> bool:
    return find_weights(name) is not None


def how_to_get(name: str) -> str:
    """One sentence telling a user how to get the weights of ``name`` onto this machine."""
    w = default_weights(name)
    return (
        f"{name} needs ImageNet weights ({file_name(w)}, {w.meta.get('_file_size', 0):.0f} MB) in {checkpoint_dir()}: "
        f"run `python -m models weights download {name}` where there is internet, or copy the file on a USB stick "
        f"and run `python -m models weights import FILE --model {name}`."
    )


def build_imagenet(name: str, *, for_weights: bool = False, **kwargs) -> nn.Module:
    """The architecture of ``name`` with random weights (never downloads). ``for_weights`` adds the options its
    ImageNet state_dict expects (GoogLeNet's auxiliary heads and input transform)."""
    _check_name(name)
    if for_weights:
        kwargs = {**_ARCH_KWARGS.get(name, {}), **kwargs}
    elif name == "googlenet":
        kwargs = {"aux_logits": False, "init_weights": True, **kwargs}
    return torchvision.models.get_model(name, weights=None, **kwargs)


def _load_into(name: str, state_dict) -> nn.Module:
    """Architecture of ``name`` with ``state_dict`` loaded strictly; WeightsCorruptError when it does not fit."""
    if not isinstance(state_dict, dict) or not state_dict:
        raise WeightsCorruptError(f"the file is not a state_dict for {name}")
    if "state_dict" in state_dict and isinstance(state_dict["state_dict"], dict):
        state_dict = state_dict["state_dict"]
    model = build_imagenet(name, for_weights=True)
    try:
        model.load_state_dict(state_dict, strict=True)
    except (RuntimeError, KeyError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0][:160]
        raise WeightsCorruptError(f"the file does not fit the {name} architecture ({first})") from exc
    if name == "googlenet":  # the auxiliary classifiers only matter for training (as torchvision does)
        model.aux_logits, model.aux1, model.aux2 = False, None, None
    return model.eval()


def load_pretrained(name: str) -> tuple[nn.Module, object]:
    """(model in eval mode, weights enum member) from torch's cache; WeightsMissingError says how to get them."""
    found = find_weights(name)
    if found is None:
        raise WeightsMissingError(how_to_get(name))
    weights, path = found
    return _load_into(name, safe_load(path)), weights


# -- download -----------------------------------------------------------------------------------------------
Progress = Callable[[int, int], None]  # (bytes done, bytes total or 0 when unknown)


def _fetch(
    url: str, target: Path, expected_prefix: str | None, progress: Progress | None, timeout: float
) -> int:
    """Stream ``url`` into ``target`` via a temporary file, checking the sha256 prefix; returns the size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    done = 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            total = int(resp.headers.get("Content-Length") or 0)
            while chunk := resp.read(1 << 20):
                out.write(chunk)
                h.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        digest = h.hexdigest()
        if expected_prefix and not digest.startswith(expected_prefix):
            raise WeightsCorruptError(
                f"downloaded file's sha256 {digest[:12]}… does not start with {expected_prefix} (damaged download)"
            )
        os.replace(tmp, target)
        return done
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def download(
    name: str, *, progress: Progress | None = None, force: bool = False, timeout: float = 30.0
) -> dict:
    """Fetch the default ImageNet weights of ``name`` into torch's cache (only when called: builders never do).

    Returns ``{"model", "path", "bytes", "status": "downloaded"|"present", "sha256_prefix"}``; a network failure
    is a WeightsMissingError that names the offline alternative.
    """
    w = default_weights(name)
    target = checkpoint_dir() / file_name(w)
    m = _HASH_RE.search(file_name(w))
    prefix = m.group(1) if m else None
    if target.is_file() and not force:
        return {
            "model": name,
            "path": str(target),
            "bytes": target.stat().st_size,
            "status": "present",
            "sha256_prefix": prefix,
        }
    try:
        size = _fetch(w.url, target, prefix, progress, timeout)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise WeightsMissingError(
            f"could not download {file_name(w)} ({reason}); on a machine with internet run "
            f"`python -m models weights download {name}`, then bring the file and run "
            f"`python -m models weights import FILE --model {name}`"
        ) from exc
    return {
        "model": name,
        "path": str(target),
        "bytes": size,
        "status": "downloaded",
        "sha256_prefix": prefix,
    }


def import_weights(file: str | os.PathLike, name: str) -> dict:
    """Install a weights file (e.g. from a USB stick) for ``name`` after loading it into the architecture.

    The file is installed under torchvision's own name: the official file whose sha256 prefix it matches, else the
    default weights' name. ``official`` in the result tells which.
    """
    _check_name(name)
    src = Path(file)
    if not src.is_file():
        raise InputError(f"file not found: {src}")
    _load_into(name, safe_load(src))  # refuses pickles, truncated files and wrong architectures
    digest = sha256_file(src)
    members = spec_weights(name)
    match = next(
        (w for w in members if (m := _HASH_RE.search(file_name(w))) and digest.startswith(m.group(1))), None
    )
    target = checkpoint_dir() / file_name(match or members[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    if src.resolve() != target.resolve():
        tmp = target.with_suffix(".pth.part")
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)
    return {
        "model": name,
        "path": str(target),
        "bytes": target.stat().st_size,
        "official": match is not None,
        "sha256": digest,
    }
