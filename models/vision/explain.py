"""Looking inside a CNN: Grad-CAM (captum), first-layer filters, feature maps of a chosen layer.

Models are shared read-only between users; anything that registers hooks takes the model's lock so that two
requests never see each other's hooks.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np
import torch
from torch import nn

_LOCKS: weakref.WeakKeyDictionary[nn.Module, threading.RLock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def model_lock(model: nn.Module) -> threading.RLock:
    """One re-entrant lock per model object (hooks are model-wide state)."""
    with _LOCKS_GUARD:
        lock = _LOCKS.get(model)
        if lock is None:
            lock = _LOCKS[model] = threading.RLock()
        return lock


def gradcam_layer(model: nn.Module) -> nn.Module:
    """The layer whose activations Grad-CAM weighs: the last convolutional stage, before pooling to a vector.

    Whole stages are used (not a conv followed by an in-place ReLU, which would overwrite the hooked output).
    """
    if hasattr(model, "gradcam_layer"):  # DigitsCNN
        return model.gradcam_layer
    if hasattr(model, "conv_head") and hasattr(model, "bn2"):  # timm EfficientNet: 1x1 head conv + BN + ReLU6
        return model.bn2
    for attr in ("layer4", "inception5b", "features"):  # ResNet, GoogLeNet, AlexNet/VGG
        if hasattr(model, attr):
            return getattr(model, attr)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    if not convs:
        raise ValueError("this model has no convolutional layer for Grad-CAM")
    return convs[-1]


def _heat(attr: torch.Tensor, size: tuple[int, int]) -> np.ndarray:
    """captum's (1, 1, h, w) Grad-CAM -> (H, W) float32 in [0, 1], upsampled bilinearly to the input's size."""
    from captum.attr import LayerAttribution

    up = LayerAttribution.interpolate(attr, tuple(size), interpolate_mode="bilinear")  # (1, 1, H, W)
    heat = up.detach()[0, 0].clamp(min=0).numpy()  # (H, W)
    peak = float(heat.max())
    return (heat / peak if peak > 0 else heat).astype(np.float32)


def gradcam(model: nn.Module, x: torch.Tensor, target: int, layer: nn.Module | None = None) -> np.ndarray:
    """Grad-CAM heat map of class ``target`` for input ``x`` (1, C, H, W) -> float array (H, W) in [0, 1].

    captum's LayerGradCam weighs the layer's channels by their mean gradient (ReLU applied), and
    LayerAttribution.interpolate upsamples the (h, w) map to the input's size. This runs the whole network (a
    forward and a backward pass); :func:`one_pass` + :func:`gradcam_from` reuse the classification's forward.
    """
    from captum.attr import LayerGradCam

    layer = layer if layer is not None else gradcam_layer(model)
    with model_lock(model), torch.enable_grad():
        attr = LayerGradCam(model, layer).attribute(
            x, target=int(target), relu_attributions=True
        )  # (1, 1, h, w)
        return _heat(attr, tuple(x.shape[-2:]))


# -- one forward pass for the classify page: probabilities, Grad-CAM's activations, feature maps ---------------
def gradcam_head(model: nn.Module):
    """The network after its Grad-CAM layer (:func:`gradcam_layer`) as a function of that layer's output, for the
    families the app ships (digits CNN, timm EfficientNet, ResNet, GoogLeNet, AlexNet/VGG); None for others.
    ``gradcam_head(m)(activations)`` equals ``m(x)`` (tests/test_vision_explain_once.py checks every family)."""
    if hasattr(model, "gradcam_layer") and hasattr(model, "features") and hasattr(model, "classifier"):
        rest = model.features[list(model.features).index(model.gradcam_layer) + 1 :]  # digits CNN
        return lambda a: model.classifier(rest(a))
    if hasattr(model, "conv_head") and hasattr(model, "bn2") and hasattr(model, "forward_head"):
        return model.forward_head  # timm EfficientNet: pooling + classifier after bn2 (its forward_features)
    if hasattr(model, "layer4") and hasattr(model, "fc"):  # ResNet
        return lambda a: model.fc(torch.flatten(model.avgpool(a), 1))
    if hasattr(model, "inception5b") and hasattr(model, "fc"):  # GoogLeNet (eval: no auxiliary heads)
        return lambda a: model.fc(model.dropout(torch.flatten(model.avgpool(a), 1)))
    if (
        hasattr(model, "features") and hasattr(model, "avgpool") and hasattr(model, "classifier")
    ):  # AlexNet, VGG
        return lambda a: model.classifier(torch.flatten(model.avgpool(a), 1))
    return None


class _Head(nn.Module):
    """``gradcam_head`` behind an identity layer for captum to hook: a fresh module per call, so no hook is ever
    put on the shared model and no lock is needed."""

    def __init__(self, fn):
        super().__init__()
        self.layer = nn.Identity()
        self.fn = fn

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        return self.fn(self.layer(a))


def one_pass(
    model: nn.Module, x: torch.Tensor, fmap_layer: str = "", limit: int = 64
) -> tuple[torch.Tensor, torch.Tensor | None, np.ndarray | None]:
    """One forward pass of ``x`` (1, C, H, W) -> (logits (1, classes), the Grad-CAM layer's activations or None
    when :func:`gradcam_head` does not know the model, ``fmap_layer``'s feature maps like :func:`feature_maps`
    or None). The classify page's one pass per picture instead of three (classification, Grad-CAM, feature
    maps): with EfficientNet-Lite0 each costs a whole forward."""
    layers = {"fmap": _named_layer(model, fmap_layer)} if fmap_layer else {}
    if gradcam_head(model) is not None:
        layers["acts"] = gradcam_layer(model)
    logits, kept = _forward_keeping(model, x, layers)
    fm = _scaled_maps(kept["fmap"][0, :limit].float()) if "fmap" in kept else None
    return logits, kept.get("acts"), fm


def _named_layer(model: nn.Module, name: str) -> nn.Module:
    """The submodule called ``name``; ValueError listing the valid names for an unknown (or empty) one."""
    modules = dict(model.named_modules())
    if not name or name not in modules:
        raise ValueError(f"unknown layer {name!r}; choose one of: {', '.join(feature_layer_names(model))}")
    return modules[name]


def _forward_keeping(
    model: nn.Module, x: torch.Tensor, layers: dict[str, nn.Module]
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """One forward pass of ``x`` without autograd, keeping a copy of each of ``layers``' outputs by key: (logits,
    {key: output}). The hooks are model-wide, so they live only inside the model's lock."""
    kept: dict[str, torch.Tensor] = {}

    def keep(key):
        def hook(_m, _inp, out):
            if key not in kept:  # a module called twice (a shared ReLU): its first output
                kept[key] = out.detach().clone()  # clone: a following in-place ReLU must not change it

        return hook

    with model_lock(model):
        handles = [module.register_forward_hook(keep(key)) for key, module in layers.items()]
        try:
            with torch.no_grad():  # not inference_mode: Grad-CAM's activations go through the head with grad
                logits = model(x)
        finally:
            for h in handles:
                h.remove()
    return logits, kept


def gradcam_from(model: nn.Module, acts: torch.Tensor, target: int, size: tuple[int, int]) -> np.ndarray:
    """Grad-CAM of class ``target`` from the activations :func:`one_pass` kept: captum's LayerGradCam on the head
    alone (a forward and backward through pooling and classifier, not the whole network); same result as
    :func:`gradcam` with the model's Grad-CAM layer. ``size``: the input's (H, W)."""
    from captum.attr import LayerGradCam

    head = _Head(gradcam_head(model))
    with torch.enable_grad():
        attr = LayerGradCam(head, head.layer).attribute(
            acts.detach().requires_grad_(True), target=int(target), relu_attributions=True
        )  # (1, 1, h, w)
        return _heat(attr, size)


def overlay(image: np.ndarray, heat: np.ndarray, alpha: float = 0.45, cmap: str = "jet") -> np.ndarray:
    """Blend a heat map (H, W) in [0, 1] over an image (H, W) or (H, W, 3) -> uint8 (H, W, 3)."""
    from matplotlib import colormaps

    img = np.asarray(image, dtype=np.float32)
    img = img / 255.0 if img.max(initial=0) > 1.0 else img
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    colour = colormaps[cmap](np.clip(heat, 0, 1))[..., :3]  # (H, W, 3)
    return (np.clip((1 - alpha) * img + alpha * colour, 0, 1) * 255).astype(np.uint8)


def first_conv(model: nn.Module) -> tuple[str, nn.Conv2d]:
    for name, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            return name, m
    raise ValueError("this model has no convolutional layer")


def first_layer_filters(model: nn.Module) -> np.ndarray:
    """The first conv layer's kernels, each scaled to [0, 1] for display: (n, k, k, 3) for RGB input, (n, k, k)
    for one channel."""
    _, conv = first_conv(model)
    w = conv.weight.detach().float().cpu()  # (out, in, k, k)
    lo = w.amin(dim=(1, 2, 3), keepdim=True)
    hi = w.amax(dim=(1, 2, 3), keepdim=True)
    w = (w - lo) / (hi - lo).clamp(min=1e-8)
    if w.shape[1] == 3:
        return w.permute(0, 2, 3, 1).numpy()  # (n, k, k, 3)
    return w[:, 0].numpy()  # (n, k, k)


def conv_layer_names(model: nn.Module) -> list[str]:
    """Names of every Conv2d in forward-definition order (choices for the feature-map view)."""
    return [name for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]


def feature_layer_names(model: nn.Module) -> list[str]:
    """Choices for the feature-map view: a timm EfficientNet's stem, every block and its head; otherwise every
    Conv2d (:func:`conv_layer_names`)."""
    if hasattr(model, "conv_stem") and hasattr(model, "blocks") and hasattr(model, "conv_head"):
        blocks = [f"blocks.{s}.{j}" for s, stage in enumerate(model.blocks) for j in range(len(stage))]
        return ["conv_stem", *blocks, "conv_head"]
    return conv_layer_names(model)


def feature_maps(model: nn.Module, x: torch.Tensor, layer_name: str, limit: int = 64) -> np.ndarray:
    """Output channels of layer ``layer_name`` for input ``x`` (1, C, H, W) -> (min(C', limit), h, w), each scaled
    to [0, 1]. Raises ValueError listing valid names for an unknown layer."""
    _, kept = _forward_keeping(model, x, {"fmap": _named_layer(model, layer_name)})
    return _scaled_maps(kept["fmap"][0, :limit].float())  # (C', h, w)


def _scaled_maps(fm: torch.Tensor) -> np.ndarray:
    """Feature maps (C', h, w), each scaled to [0, 1]."""
    lo = fm.amin(dim=(1, 2), keepdim=True)
    hi = fm.amax(dim=(1, 2), keepdim=True)
    return ((fm - lo) / (hi - lo).clamp(min=1e-8)).numpy()


def denormalize(x: torch.Tensor, mean=None, std=None) -> np.ndarray:
    """A network input (1, C, H, W) back to a displayable float image (H, W, 3) or (H, W) in [0, 1]."""
    t = x.detach()[0].float()  # (C, H, W)
    if mean is not None and std is not None:
        t = t * torch.tensor(std).view(-1, 1, 1) + torch.tensor(mean).view(-1, 1, 1)
    t = t.clamp(0, 1)
    return t[0].numpy() if t.shape[0] == 1 else t.permute(1, 2, 0).numpy()
