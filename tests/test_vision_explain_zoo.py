"""Grad-CAM, filters, feature maps; the zoo's figures and the lecture-claims table."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import ndimage

from models.vision import explain, zoo
from models.vision.digits import load_digits, mnist_as_image, preprocess_digit, to_tensor
from models.vision.digits_train import mnist_split
from models.vision.imagenet import build_imagenet


@pytest.fixture(scope="module")
def digits_model():
    return load_digits()


@pytest.fixture(scope="module")
def heldout():
    _, _, x, y = mnist_split()
    return x, y


def test_gradcam_shape_equals_input_for_digits_and_imagenet(digits_model):
    x = to_tensor(np.random.default_rng(0).random((28, 28)))
    heat = explain.gradcam(digits_model, x, 3)
    assert heat.shape == (28, 28) and heat.min() >= 0 and heat.max() <= 1
    torch.manual_seed(0)
    resnet = build_imagenet("resnet18").eval()
    x = torch.rand(1, 3, 96, 128)  # non-square on purpose
    heat = explain.gradcam(resnet, x, 281)
    assert heat.shape == (96, 128)
    assert explain.overlay(np.zeros((96, 128, 3)), heat).shape == (96, 128, 3)
    assert not any(p.grad is not None for p in resnet.parameters())  # explaining never trains


def test_gradcam_heat_lies_mostly_on_the_ink(digits_model, heldout):
    x_te, y_te = heldout
    fractions, areas = [], []
    for i in range(0, 1000, 25):  # 40 held-out digits, every class
        x28 = preprocess_digit(mnist_as_image(x_te[i]))
        heat = explain.gradcam(digits_model, to_tensor(x28), int(y_te[i]))
        ink = ndimage.binary_dilation(x28 > 0.2, iterations=2)  # the strokes plus 2 px (the map is 14x14)
        fractions.append(heat[ink].sum() / max(heat.sum(), 1e-9))
        areas.append(ink.mean())
    assert np.mean(fractions) > 0.6, np.mean(fractions)  # most of the heat mass is on the ink...
    assert np.mean(fractions) > 1.5 * np.mean(areas)  # ...far more than the ink's share of the picture


def test_filters_and_feature_maps(digits_model):
    f = explain.first_layer_filters(digits_model)
    assert f.shape == (32, 3, 3) and f.min() >= 0 and f.max() <= 1
    alex = build_imagenet("alexnet")
    assert explain.first_layer_filters(alex).shape == (64, 11, 11, 3)
    x = to_tensor(np.random.default_rng(1).random((28, 28)))
    names = explain.conv_layer_names(digits_model)
    assert names == ["features.0", "features.4"]
    fm = explain.feature_maps(digits_model, x, "features.4", limit=10)
    assert fm.shape == (10, 14, 14)
    with pytest.raises(ValueError, match="features.0"):
        explain.feature_maps(digits_model, x, "nope")


def test_zoo_figures_measured_from_modules():
    a, v, g, r = (zoo.figures(n) for n in ("alexnet", "vgg19", "googlenet", "resnet50"))
    assert a["params"] == 61_100_840 and a["depth"] == 8 and a["weighted_layers"] == 8
    assert v["depth"] == 19 and v["kernel_sizes"] == [(3, 3)]
    assert g["depth"] == 22 and g["weighted_layers"] > 22  # branches side by side add width, not depth
    assert r["depth"] == 50
    # FLOPs from torch's counter agree with torchvision's published GFLOPS (multiply-adds)
    from torchvision.models import get_model_weights

    for f in (a, v, g, r):
        assert f["gmacs"] == pytest.approx(get_model_weights(f["model"]).DEFAULT.meta["_ops"], rel=0.02)
        assert f["published_top5_error"] > 0 and 0 < f["torchvision_top5_error"] < 25


def test_longest_path_counts_depth_not_width():
    from torch import nn

    class TwoBranches(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b1, self.b2, self.c = (
                nn.Conv2d(1, 2, 1),
                nn.Conv2d(2, 2, 1),
                nn.Conv2d(2, 2, 1),
                nn.Conv2d(2, 2, 1),
            )

        def forward(self, x):
            x = self.a(x)
            return self.c(self.b1(x) + x) + self.b2(x)  # longest path: a -> b1 -> c

    assert zoo.longest_weighted_path(TwoBranches()) == 3


def test_lecture_claims_are_checked_honestly():
    rows = {(r["model"], r["claim"]): r for r in zoo.lecture_claims()}
    assert rows[("alexnet", "8 layers (5 conv + 3 fully connected)")]["holds"]
    assert rows[("vgg19", "only 3x3 filters")]["holds"]
    assert rows[("googlenet", "22 layers deep")]["holds"]
    five_million = rows[("googlenet", "only 5 million parameters")]
    assert (
        not five_million["holds"] and "6.62 M" in five_million["measured"]
    )  # torchvision's GoogLeNet: 6.6 M
    assert rows[("resnet152", "152 layers")]["holds"]


def test_efficientnet_lite0_figures_measured_from_the_module():
    e = zoo.figures("efficientnet_lite0")
    assert (
        e["year"] == 2019 and e["params"] == 4_652_008
    )  # the file holds 4,694,073 numbers: BN statistics too
    assert e["gmacs"] == pytest.approx(0.385, abs=0.005)  # the paper's Lite0: 0.4 B FLOPs (multiply-adds)
    assert e["depth"] == 50 and e["weighted_layers"] == 50  # skips carry no weights, so they add no depth
    assert e["depthwise_convs"] == 16 and e["pointwise_convs"] == 32 and e["skip_blocks"] == 9
    assert e["published_top5_error"] is None and e["torchvision_top5_error"] == pytest.approx(7.83)
    assert 0.03 < e["separable_cost"] < 0.1


def test_skip_blocks_really_add_their_input():
    """``skip_blocks`` counts timm's ``has_skip``; check it against the arithmetic: with its own path zeroed (last
    BatchNorm's weight and bias = 0) a block with a skip returns its input exactly, one without returns zeros."""
    from models.vision.efficientnet import build_efficientnet

    torch.manual_seed(0)
    model = build_efficientnet("efficientnet_lite0").eval()
    feats = {}
    handles = [
        b.register_forward_pre_hook(lambda m, inp, n=n: feats.__setitem__(n, inp[0]))
        for n, b in ((f"{s}.{j}", blk) for s, st in enumerate(model.blocks) for j, blk in enumerate(st))
    ]
    with torch.no_grad():
        model(torch.rand(1, 3, 96, 96))
    for h in handles:
        h.remove()
    adds = 0
    for s, stage in enumerate(model.blocks):
        for j, block in enumerate(stage):
            last_bn = block.bn3 if hasattr(block, "bn3") else block.bn2
            with torch.no_grad():
                last_bn.weight.zero_()
                last_bn.bias.zero_()
                out = block(feats[f"{s}.{j}"])
            adds += int(torch.equal(out, feats[f"{s}.{j}"]))
            assert torch.equal(out, feats[f"{s}.{j}"]) == bool(block.has_skip)
    assert adds == zoo.figures("efficientnet_lite0")["skip_blocks"] == 9


def test_efficientnet_claims_hold_and_are_checked_against_the_module():
    rows = {r["key"]: r for r in zoo.lecture_claims()}
    lite = [r for r in rows.values() if r["model"] == "efficientnet_lite0"]
    assert len(lite) == 6 and all(r["holds"] for r in lite)
    assert rows["lite_small"]["values"]["params_m"] < rows["lite_small"]["values"]["g_params_m"]
    assert "9 of its 16 blocks" in rows["lite_skip"]["measured"]
    assert not rows["googlenet_5m"]["holds"]  # the one classic claim that fails still fails
    for r in rows.values():  # every row's text comes from one table, filled with its own numbers
        assert r["measured"] == zoo.CLAIM_TEXT[r["key"]][1].format(**r["values"])


def test_timeline_data_ends_with_efficientnet_lite0():
    names = [m["name"] for m in zoo.CNN_TIMELINE]
    assert names == ["AlexNet", "VGG", "GoogLeNet", "ResNet", "EfficientNet-Lite0"]
    lite = zoo.CNN_TIMELINE[-1]
    assert (
        lite["year"] == 2019
        and lite["top5_error"] == zoo.figures("efficientnet_lite0")["torchvision_top5_error"]
    )
