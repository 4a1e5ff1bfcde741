"""The taught head as a file and back: a weights-only checkpoint (state dict + class names + the backbone's
name) and a class-names JSON beside it. Loading uses ``torch.load(weights_only=True)`` (``models.store.safe_load``)
and checks every key and shape: nothing else is ever unpickled."""

from __future__ import annotations

import io
import json
from pathlib import Path

import torch
from torch import nn

from ..errors import WeightsCorruptError
from ..store import safe_load
from .data import MAX_CLASSES, MIN_CLASSES
from .features import DEFAULT_MODEL, FEATURE_DIM
from .learners import build_head

FORMAT = "teach-head/1"


def head_checkpoint(head: nn.Linear, classes: list[str], backbone: str = DEFAULT_MODEL, **meta) -> dict:
    """A plain dict of tensors, strings and numbers (loads with weights_only=True)."""
    return {
        "format": FORMAT,
        "backbone": backbone,
        "classes": list(classes),
        "state_dict": {k: v.detach().cpu().clone() for k, v in head.state_dict().items()},
        **meta,
    }


def head_bytes(head: nn.Linear, classes: list[str], backbone: str = DEFAULT_MODEL, **meta) -> bytes:
    buf = io.BytesIO()
    torch.save(head_checkpoint(head, classes, backbone, **meta), buf)
    return buf.getvalue()


def classes_json(classes: list[str]) -> str:
    return json.dumps({"classes": list(classes)}, ensure_ascii=False, indent=2)


def save_head(
    head: nn.Linear, classes: list[str], path: str | Path, backbone: str = DEFAULT_MODEL, **meta
) -> tuple[Path, Path]:
    """Write PATH (checkpoint) and PATH with suffix .json (class names); returns both paths."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(head_bytes(head, classes, backbone, **meta))
    names = path.with_suffix(".json")
    names.write_text(classes_json(classes), encoding="utf-8")
    return path, names


def _bad(why: str) -> WeightsCorruptError:
    return WeightsCorruptError(f"not a taught head of this app ({why})")


def load_head(source, classes_source=None) -> tuple[nn.Linear, list[str], dict]:
    """(head in eval mode, class names, the rest of the checkpoint's fields). ``source``: a path or bytes.
    ``classes_source`` (optional, path / bytes / str of the JSON): must name the same classes."""
    ckpt = safe_load(source)
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        raise _bad("wrong format")
    classes, sd = ckpt.get("classes"), ckpt.get("state_dict")
    if not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)):
        raise _bad("no list of class names")
    if not MIN_CLASSES <= len(classes) <= max(MAX_CLASSES, 1000):
        raise _bad(f"{len(classes)} classes")
    if not isinstance(sd, dict) or set(sd) != {"weight", "bias"}:
        raise _bad("expected exactly the keys weight and bias")
    w, b = sd["weight"], sd["bias"]
    if (
        not (isinstance(w, torch.Tensor) and isinstance(b, torch.Tensor))
        or tuple(w.shape) != (len(classes), FEATURE_DIM)
        or tuple(b.shape) != (len(classes),)
    ):
        raise _bad(f"weight must be ({len(classes)}, {FEATURE_DIM}) and bias ({len(classes)},)")
    if not (torch.isfinite(w).all() and torch.isfinite(b).all()):
        raise _bad("weights are not finite")
    if classes_source is not None:
        if isinstance(classes_source, (str, Path)) and Path(str(classes_source)).is_file():
            classes_source = Path(classes_source).read_text(encoding="utf-8")
        try:
            names = json.loads(classes_source)["classes"]
        except (ValueError, TypeError, KeyError) as exc:
            raise _bad('the class-names JSON is not {"classes": [...]}') from exc
        if names != classes:
            raise _bad("the class-names JSON does not match the checkpoint")
    head = build_head(len(classes))
    head.load_state_dict({"weight": w.float(), "bias": b.float()})
    meta = {k: v for k, v in ckpt.items() if k not in ("state_dict", "classes", "format")}
    return head.eval(), list(classes), meta
