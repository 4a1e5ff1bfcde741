"""The CNN zoo side by side: parameters, FLOPs, depth and the lecture's claims, measured from the modules.

Architecture figures need no weights: models are built on PyTorch's ``meta`` device (shapes only, no memory, no
arithmetic), FLOPs come from ``torch.utils.flop_counter.FlopCounterMode`` on a 224x224 input, and depth is the
number of weighted layers (conv + fully connected) on the longest path of the ``torch.fx`` graph, which is how
"GoogLeNet is 22 layers deep" and "ResNet-152" count (parallel branches and shortcuts add width, not depth).
"""
from __future__ import annotations

import functools

import torch
from torch import nn

from .imagenet import IMAGENET_MODELS, build_imagenet, default_weights

YEAR = {"alexnet": 2012, "vgg16": 2014, "vgg19": 2014, "googlenet": 2014, "resnet18": 2015, "resnet50": 2015,
        "resnet152": 2015}

#: Published ILSVRC classification results of each family's competition entry (top-5 error on the test set, %),
#: from the papers: Krizhevsky et al. 2012 (15.3, 7-CNN ensemble), Simonyan & Zisserman 2015 (7.3, submission
#: ensemble), Szegedy et al. 2015 (6.67, 7-model ensemble), He et al. 2016 (3.57, ensemble).
PUBLISHED_TOP5 = {"alexnet": 15.3, "vgg16": 7.3, "vgg19": 7.3, "googlenet": 6.67, "resnet18": 3.57,
                  "resnet50": 3.57, "resnet152": 3.57}

#: The four models of the side-by-side comparison.
SIDE_BY_SIDE = ("alexnet", "vgg19", "googlenet", "resnet50")

WEIGHTED = (nn.Conv2d, nn.Linear)


def _meta_model(name: str) -> nn.Module:
    kwargs = {"init_weights": False} if name.startswith(("vgg", "googlenet")) else {}
    with torch.device("meta"):
        return build_imagenet(name, **kwargs).eval()


def longest_weighted_path(model: nn.Module) -> int:
    """Weighted layers (Conv2d, Linear) on the longest path from input to output of the model's fx graph."""
    gm = torch.fx.symbolic_trace(model)
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
    w = default_weights(name)
    acc5 = w.meta["_metrics"]["ImageNet-1K"]["acc@5"]
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
                               if isinstance(m, (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.GELU, nn.LeakyReLU))}),
        "published_top5_error": PUBLISHED_TOP5[name],
        "torchvision_top5_error": round(100.0 - acc5, 2),
    }


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
    ]
    return [{"model": m, "claim": c, "measured": meas, "holds": bool(ok)} for m, c, meas, ok in rows]
