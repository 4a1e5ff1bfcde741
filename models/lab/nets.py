"""The lecture's networks, small enough to train on a laptop CPU: MLP, LeNet-5, mini-AlexNet, mini-VGG,
mini-ResNet. Every builder takes the input shape (channels, height, width), so 28×28 MNIST and 8×8 digits both
work: a pooling layer is only added while the feature map is still at least 2 pixels wide.

Knobs from the lecture: ``activation`` (relu / sigmoid / tanh), ``dropout`` (before the fully connected
layers, as in AlexNet), ``batch_norm`` (after every convolution / hidden linear layer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

ARCHITECTURES = ("mlp", "lenet5", "alexnet", "vgg", "resnet")
ACTIVATIONS = ("relu", "sigmoid", "tanh")
ARCH_TITLES = {
    "mlp": "MLP",
    "lenet5": "LeNet-5",
    "alexnet": "mini-AlexNet",
    "vgg": "mini-VGG",
    "resnet": "mini-ResNet",
}


@dataclass
class NetConfig:
    arch: str = "lenet5"  # one of ARCHITECTURES
    in_shape: tuple[int, int, int] = (1, 28, 28)  # (channels, height, width) of one input
    num_classes: int = 10  # outputs of the last layer
    activation: str = "relu"  # one of ACTIVATIONS
    dropout: float = 0.0  # dropout probability before each fully connected layer (0 = off)
    batch_norm: bool = False  # BatchNorm after each convolution / hidden linear layer
    mean: float = (
        0.0  # input standardisation inside the model: (x - mean) / std, so callers feed [0, 1] pixels
    )
    std: float = 1.0  # (the data set's training-pool statistics)

    def __post_init__(self):
        if self.arch not in ARCHITECTURES:
            raise ValueError(f"unknown model {self.arch!r}; choose one of {', '.join(ARCHITECTURES)}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}"
            )
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1)")
        if len(self.in_shape) != 3 or min(self.in_shape) < 1:
            raise ValueError(f"in_shape must be (channels, height, width), got {self.in_shape}")


def activation(name: str) -> nn.Module:
    if name == "relu":
        return nn.ReLU(inplace=True)
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")


class _Stack:
    """Builds a conv feature extractor while tracking the feature-map size."""

    def __init__(self, cfg: NetConfig):
        self.cfg = cfg
        self.channels, self.h, self.w = cfg.in_shape
        self.layers: list[nn.Module] = []

    def conv(self, out: int, k: int, pad: int | None = None) -> _Stack:
        pad = k // 2 if pad is None else pad
        if min(self.h, self.w) + 2 * pad < k:  # too small for a valid convolution: pad to "same"
            pad = k // 2
        self.layers.append(nn.Conv2d(self.channels, out, k, padding=pad, bias=not self.cfg.batch_norm))
        self.h, self.w = self.h + 2 * pad - k + 1, self.w + 2 * pad - k + 1
        if self.cfg.batch_norm:
            self.layers.append(nn.BatchNorm2d(out))
        self.layers.append(activation(self.cfg.activation))
        self.channels = out
        return self

    def pool(self, kind: str = "max") -> _Stack:
        if min(self.h, self.w) >= 2:  # small inputs (8×8) skip the late poolings
            self.layers.append(nn.MaxPool2d(2) if kind == "max" else nn.AvgPool2d(2))
            self.h, self.w = self.h // 2, self.w // 2
        return self

    @property
    def flat(self) -> int:
        return self.channels * self.h * self.w


class SeededDropout(nn.Dropout):
    """``nn.Dropout`` whose masks come from its own ``torch.Generator`` (seeded from the global RNG at build time,
    i.e. from the run's ``seeded(seed)`` block): a run's dropout masks do not depend on what other threads draw
    from torch's one global RNG, so a seeded run is reproducible while other students train."""

    def __init__(self, p: float = 0.5):
        super().__init__(p)
        self.generator = torch.Generator()
        self.generator.manual_seed(int(torch.randint(0, 2**62, (1,))))  # re-seeded by build_net(seed=...)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.p  # same shape as x, True = kept
        return x * keep.to(x.dtype) / (1.0 - self.p)


def _classifier(
    cfg: NetConfig, n_in: int, hidden: tuple[int, ...], input_dropout: bool = True
) -> nn.Sequential:
    """Flatten, then [dropout → linear → (BN) → act] per hidden size, then linear to the classes: dropout sits
    before the hidden fully connected layers, as in AlexNet (torchvision's ``alexnet`` layout).
    ``input_dropout=False`` (MLP: never drop raw pixels) moves it after each hidden layer instead."""
    layers: list[nn.Module] = [nn.Flatten()]
    for i, h in enumerate(hidden):
        if cfg.dropout > 0 and (input_dropout or i > 0):
            layers.append(SeededDropout(cfg.dropout))
        layers.append(nn.Linear(n_in, h, bias=not cfg.batch_norm))
        if cfg.batch_norm:
            layers.append(nn.BatchNorm1d(h))
        layers.append(activation(cfg.activation))
        n_in = h
    if cfg.dropout > 0 and not input_dropout and hidden:
        layers.append(SeededDropout(cfg.dropout))
    layers.append(nn.Linear(n_in, cfg.num_classes))
    return nn.Sequential(*layers)


class ConvNet(nn.Module):
    """standardise → features (conv stack) → classifier (fully connected)."""

    def __init__(self, features: nn.Module, classifier: nn.Module):
        super().__init__()
        self.register_buffer("mean", torch.zeros(()))
        self.register_buffer("std", torch.ones(()))
        self.features = features
        self.classifier = classifier

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (batch, C, H, W) pixels in [0, 1]
        return self.classifier(self.features((x - self.mean) / self.std))  # (batch, classes)


def mlp(cfg: NetConfig) -> nn.Module:
    c, h, w = cfg.in_shape
    return ConvNet(nn.Identity(), _classifier(cfg, c * h * w, (256, 128), input_dropout=False))


def lenet5(cfg: NetConfig) -> nn.Module:
    """LeCun et al. 1998: conv5×5(6) → pool → conv5×5(16) → pool → 120 → 84 → classes (max pooling here)."""
    s = _Stack(cfg).conv(6, 5, pad=2).pool().conv(16, 5, pad=0).pool()
    return ConvNet(nn.Sequential(*s.layers), _classifier(cfg, s.flat, (120, 84)))


def alexnet(cfg: NetConfig) -> nn.Module:
    """AlexNet's shape at MNIST scale: a large first kernel, then 3×3 convolutions, three poolings, dropout
    before two wide fully connected layers."""
    s = _Stack(cfg).conv(16, 5).pool().conv(32, 3).pool().conv(48, 3).conv(48, 3).conv(32, 3).pool()
    return ConvNet(nn.Sequential(*s.layers), _classifier(cfg, s.flat, (128, 128)))


def vgg(cfg: NetConfig) -> nn.Module:
    """Simonyan & Zisserman: only 3×3 convolutions, two per block, pooling after each block."""
    s = _Stack(cfg)
    for width in (8, 16, 32):
        s.conv(width, 3).conv(width, 3).pool()
    return ConvNet(nn.Sequential(*s.layers), _classifier(cfg, s.flat, (128,)))


class ResidualBlock(nn.Module):
    """He et al. 2016 basic block: out = act(F(x) + shortcut(x)), F = conv3×3 → (BN) → act → conv3×3 → (BN)."""

    def __init__(self, c_in: int, c_out: int, stride: int, cfg: NetConfig):
        super().__init__()
        bn = cfg.batch_norm
        self.body = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=not bn),
            nn.BatchNorm2d(c_out) if bn else nn.Identity(),
            activation(cfg.activation),
            nn.Conv2d(c_out, c_out, 3, padding=1, bias=not bn),
            nn.BatchNorm2d(c_out) if bn else nn.Identity(),
        )
        self.shortcut = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride=stride, bias=not bn),
                nn.BatchNorm2d(c_out) if bn else nn.Identity(),
            )
        self.act = activation(cfg.activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (batch, c_in, H, W) -> (batch, c_out, H/s, W/s)
        return self.act(self.body(x) + self.shortcut(x))


def resnet(cfg: NetConfig) -> nn.Module:
    _c, h, w = cfg.in_shape
    stem = _Stack(cfg).conv(16, 3)
    if min(h, w) >= 16:  # large inputs: one pooling in the stem keeps the blocks cheap
        stem.pool()
    blocks, c_in, size = [], 16, min(stem.h, stem.w)
    for width in (16, 32, 64):
        stride = 2 if (width != 16 and size >= 4) else 1
        blocks.append(ResidualBlock(c_in, width, stride, cfg))
        c_in, size = width, (size + 1) // stride if stride == 2 else size
    features = nn.Sequential(*stem.layers, *blocks, nn.AdaptiveAvgPool2d(1))  # (batch, 64, 1, 1)
    return ConvNet(features, _classifier(cfg, c_in, ()))


_BUILDERS = {"mlp": mlp, "lenet5": lenet5, "alexnet": alexnet, "vgg": vgg, "resnet": resnet}


def init_weights(model: nn.Module, act: str, generator: torch.Generator | None = None) -> nn.Module:
    """Convolutions: He (Kaiming) normal init for ReLU, Glorot (Xavier) for sigmoid/tanh, zero biases; linear
    layers: PyTorch's default rule (Kaiming uniform with a=sqrt(5), bias U(+-1/sqrt(fan_in))). (With PyTorch's
    default conv init, the deeper ReLU nets without batch norm barely start within a CPU budget; He init on the
    linear layers too made dropout runs unstable - measured.) Every draw comes from ``generator``, so a seeded
    build does not depend on other threads using torch's global RNG at the same moment."""
    g = generator
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            if act == "relu":
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu", generator=g)
            else:
                nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain(act), generator=g)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=g)
            if m.bias is not None:
                bound = 1.0 / math.sqrt(m.weight.shape[1])
                nn.init.uniform_(m.bias, -bound, bound, generator=g)
        elif isinstance(m, SeededDropout):
            m.generator.manual_seed(
                int(torch.randint(0, 2**62, (1,), generator=g))
                if g is not None
                else int(torch.randint(0, 2**62, (1,)))
            )
    return model


def build_net(cfg: NetConfig, seed: int | None = None) -> nn.Module:
    """The network of ``cfg`` with fresh random weights. With ``seed``, all of them (and the dropout masks) come
    from a private ``torch.Generator``: the same seed gives the same network whatever other threads do."""
    g = torch.Generator().manual_seed(seed) if seed is not None else None
    model = init_weights(_BUILDERS[cfg.arch](cfg), cfg.activation, g)
    model.mean.fill_(cfg.mean)
    model.std.fill_(cfg.std)
    return model


def layer_table(model: nn.Module, in_shape: tuple[int, int, int], batch: int = 1) -> tuple[list[dict], dict]:
    """torchinfo's layer table as rows (layer, output shape, parameters) plus totals."""
    import torchinfo

    was_training = model.training
    stats = torchinfo.summary(
        model,
        input_size=(batch, *in_shape),
        verbose=0,
        device="cpu",
        col_names=("output_size", "num_params"),
        depth=3,
    )
    model.train(was_training)
    rows = []
    for layer in stats.summary_list:
        if layer.depth == 0 or layer.class_name in ("Sequential", "ConvNet"):
            continue
        rows.append(
            {
                "layer": f"{'  ' * (layer.depth - 1)}{layer.class_name}",
                "output": "×".join(str(d) for d in layer.output_size[1:]) if layer.output_size else "",
                "params": int(layer.trainable_params),
            }
        )
    totals = {
        "params": int(stats.total_params),
        "trainable": int(stats.trainable_params),
        "mult_adds": int(stats.total_mult_adds),
    }
    return rows, totals
