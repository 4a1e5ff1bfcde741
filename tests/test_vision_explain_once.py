"""The classify page's one forward pass (explain.one_pass + gradcam_from): the same probabilities, Grad-CAM and
feature maps as the three separate passes it replaces, for every architecture family the app ships."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from models.vision import explain
from models.vision.classify import load_classifier
from models.vision.imagenet import build_imagenet
from models.vision.results import explained_classify


def _googlenet():
    m = build_imagenet("googlenet", for_weights=True)  # the variant its ImageNet weights load into
    m.aux_logits, m.aux1, m.aux2 = False, None, None
    return m


FAMILIES = {
    "digits": lambda: load_classifier("digits").model,
    "efficientnet_lite0": lambda: load_classifier("efficientnet_lite0").model,
    "resnet18": lambda: build_imagenet("resnet18"),
    "googlenet": _googlenet,
    "alexnet": lambda: build_imagenet("alexnet"),
    "vgg16": lambda: build_imagenet("vgg16"),
}


def _input(name: str) -> torch.Tensor:
    g = torch.Generator().manual_seed(0)
    return (
        torch.rand(1, 1, 28, 28, generator=g) if name == "digits" else torch.rand(1, 3, 96, 112, generator=g)
    )


@pytest.mark.parametrize("name", list(FAMILIES))
def test_one_pass_equals_the_three_passes_it_replaces(name):
    torch.manual_seed(0)
    model = FAMILIES[name]().eval()
    x = _input(name)
    layers = explain.feature_layer_names(model)
    layer = layers[min(1, len(layers) - 1)]
    logits, acts, fmaps = explain.one_pass(model, x, layer, limit=32)
    with torch.no_grad():
        ref = model(x)
    assert torch.allclose(logits, ref, atol=1e-5)
    assert acts is not None, f"{name}: no head known after its Grad-CAM layer"
    np.testing.assert_allclose(fmaps, explain.feature_maps(model, x, layer, limit=32), atol=1e-6)
    top = int(ref.argmax())
    for target in (top, (top + 7) % ref.shape[1]):  # the top class, and another one
        whole = explain.gradcam(model, x, target)
        fast = explain.gradcam_from(model, acts, target, tuple(x.shape[-2:]))
        assert fast.shape == whole.shape == tuple(x.shape[-2:])
        np.testing.assert_allclose(fast, whole, atol=1e-4)
    assert not any(p.grad is not None for p in model.parameters())  # explaining never trains
    assert not model._forward_hooks and all(not m._forward_hooks for m in model.modules())  # hooks removed


def test_unknown_architecture_keeps_the_whole_gradcam_path():
    model = nn.Sequential(
        nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2)
    )
    logits, acts, fmaps = explain.one_pass(model.eval(), torch.rand(1, 3, 8, 8))
    assert logits.shape == (1, 2) and acts is None and fmaps is None
    with pytest.raises(ValueError, match="unknown layer"):
        explain.one_pass(model, torch.rand(1, 3, 8, 8), "no.such.layer")


def test_explained_classify_gives_top5_latency_and_what_the_panels_need():
    clf = load_classifier("digits")
    x = _input("digits")
    out = explained_classify(clf, x, "features.4", top=5, repeats=3)
    assert [p["index"] for p in out["preds"]] == clf.probabilities(x)[0].argsort(descending=True)[:5].tolist()
    assert out["ms"] > 0 and out["acts"].shape[1] == 64 and out["fmaps"].shape == (32, 14, 14)
