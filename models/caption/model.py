"""Show, Attend and Tell (Xu et al., 2015), small enough for a CPU: a CNN encoder that keeps a spatial grid of
feature vectors, and an LSTM decoder that, before every word, puts a soft attention distribution over that grid.

Training uses teacher forcing: the input is ``<start> w1 ... wn``, the target ``w1 ... wn <eos>``; ``<pad>``
positions are masked out of the loss and ``<start>`` is never a target (the decoder must learn to emit ``<eos>``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from ..training import BatchResult


@dataclass
class CaptionerConfig:
    vocab_size: int  # number of words including <pad>, <start>, <eos>, <unk>
    image_size: int = 64  # images are resized to image_size x image_size before the encoder
    grid: int = 8  # the encoder's output is a grid x grid map of feature vectors
    stem: int = 4  # the first conv cuts the image into stem x stem patches (kernel = stride = stem)
    channels: tuple[int, ...] = (32, 64, 96, 96)  # conv widths: the stem, then 3x3 convs (2x2 max-pool while
    #                                                the map is larger than the grid)
    embed_dim: int = 48  # word embedding size
    hidden: int = 192  # LSTM state size
    attn_dim: int = 96  # attention MLP size
    dropout: float = 0.2  # dropout before the output layer
    max_len: int = 20  # default decoding limit in words (the <eos> not counted)
    encoder: str = (
        "cnn"  # "cnn": the conv stack above, trained with the decoder; "efficientnet_lite0": frozen
    )
    #                       Lite0 grids computed outside the model (models/caption/lite.py; grid must be 7)

    def __post_init__(self):
        from .lite import check_encoder

        check_encoder(self.encoder)
        self.channels = tuple(int(c) for c in self.channels)
        if self.vocab_size < 5:
            raise ValueError("vocab_size must count the 4 special tokens plus at least one word")
        if self.image_size < 16 or self.grid < 1 or self.stem < 1 or len(self.channels) < 2:
            raise ValueError("image_size >= 16, grid >= 1 and at least two conv layers are required")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["channels"] = list(self.channels)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> CaptionerConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def preprocess(image: Image.Image, size: int) -> torch.Tensor:
    """RGB PIL image of any size -> uint8 tensor (3, size, size) (squashed, not cropped: no object is cut)."""
    img = image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR)
    return torch.from_numpy(np.asarray(img, dtype=np.uint8).copy()).permute(2, 0, 1)  # (3, size, size)


class Encoder(nn.Module):
    """Conv-BN-ReLU stack: a patch stem (kernel = stride = ``stem``), then 3x3 convs with a 2x2 max-pool after each
    while the map is larger than the grid, then an adaptive average pool to ``grid x grid`` (so any input size
    works). Output: (batch, grid*grid, channels[-1]). 64 px input: 16x16 -> 8x8 -> 8x8."""

    def __init__(self, cfg: CaptionerConfig):
        super().__init__()
        c0 = cfg.channels[0]
        layers = [
            nn.Conv2d(3, c0, cfg.stem, stride=cfg.stem, bias=False),
            nn.BatchNorm2d(c0),
            nn.ReLU(inplace=True),
        ]
        c_in, size = c0, cfg.image_size // cfg.stem
        for c in cfg.channels[1:]:
            layers += [nn.Conv2d(c_in, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
            if size // 2 >= cfg.grid:
                layers.append(nn.MaxPool2d(2))
                size //= 2
            c_in = c
        layers.append(nn.AdaptiveAvgPool2d(cfg.grid))
        self.net = nn.Sequential(*layers)
        self.register_buffer("mean", torch.tensor([0.5, 0.5, 0.5]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor([0.25, 0.25, 0.25]).view(1, 3, 1, 1), persistent=False)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = (images.float() / 255.0 - self.mean) / self.std  # (B, 3, H, W)
        f = self.net(x)  # (B, C, grid, grid)
        return f.flatten(2).transpose(1, 2)  # (B, grid*grid, C)


class Attention(nn.Module):
    """Additive (Bahdanau) attention: alpha = softmax(v . tanh(W_f f + W_h h)) over the grid."""

    def __init__(self, feat_dim: int, hidden: int, attn_dim: int):
        super().__init__()
        self.f = nn.Linear(feat_dim, attn_dim)
        self.h = nn.Linear(hidden, attn_dim)
        self.v = nn.Linear(attn_dim, 1)

    def forward(self, feats_proj: torch.Tensor, feats: torch.Tensor, h: torch.Tensor):
        e = self.v(torch.tanh(feats_proj + self.h(h).unsqueeze(1))).squeeze(2)  # (B, L)
        alpha = torch.softmax(e, dim=1)  # (B, L), sums to 1 over the grid
        context = (alpha.unsqueeze(2) * feats).sum(1)  # (B, C)
        return context, alpha


class Captioner(nn.Module):
    def __init__(self, cfg: CaptionerConfig):
        super().__init__()
        self.config = cfg
        if cfg.encoder == "cnn":
            feat = cfg.channels[-1]
            self.encoder = Encoder(cfg)
        else:  # precomputed frozen-CNN grids: encode() receives (B, C, g, g) features instead of pixels
            from .lite import ENCODERS, GridEncoder

            feat = ENCODERS[cfg.encoder]
            self.encoder = GridEncoder(feat)
        self.embed = nn.Embedding(cfg.vocab_size, cfg.embed_dim, padding_idx=0)
        self.attention = Attention(feat, cfg.hidden, cfg.attn_dim)
        self.init_h = nn.Linear(feat, cfg.hidden)
        self.init_c = nn.Linear(feat, cfg.hidden)
        self.gate = nn.Linear(cfg.hidden, feat)  # the paper's beta: how much of the context to let in
        self.lstm = nn.LSTMCell(cfg.embed_dim + feat, cfg.hidden)
        self.drop = nn.Dropout(cfg.dropout)
        self.out = nn.Linear(cfg.hidden + feat, cfg.vocab_size)

    # -- pieces the decoders use one step at a time ----------------------------------------------
    def encode(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """uint8 images (B, 3, S, S) (or, with a frozen encoder, its grids (B, C, g, g)) -> features (B, L, C)
        and their attention projection (B, L, A)."""
        feats = self.encoder(images)  # (B, L, C)
        return feats, self.attention.f(feats)  # (B, L, C), (B, L, A)

    def init_state(self, feats: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mean = feats.mean(1)  # (B, C)
        return torch.tanh(self.init_h(mean)), torch.tanh(self.init_c(mean))  # (B, H) each

    def step(self, tokens: torch.Tensor, state, feats, feats_proj):
        """One word: previous tokens (B,) -> logits (B, V), new state, attention (B, L)."""
        h, c = state
        context, alpha = self.attention(feats_proj, feats, h)  # (B, C), (B, L)
        context = torch.sigmoid(self.gate(h)) * context  # (B, C)
        h, c = self.lstm(torch.cat([self.embed(tokens), context], 1), (h, c))  # (B, H) each
        logits = self.out(self.drop(torch.cat([h, context], 1)))  # (B, V)
        return logits, (h, c), alpha

    # -- teacher forcing --------------------------------------------------------------------------
    def forward(self, images: torch.Tensor, captions: torch.Tensor):
        """images (B, 3, S, S) uint8, captions (B, T) ids starting with <start> ->
        logits (B, T-1, V) for targets captions[:, 1:], attention (B, T-1, L)."""
        feats, proj = self.encode(images)
        state = self.init_state(feats)
        logits, alphas = [], []
        for t in range(captions.shape[1] - 1):
            lg, state, a = self.step(captions[:, t], state, feats, proj)
            logits.append(lg)
            alphas.append(a)
        return torch.stack(logits, 1), torch.stack(alphas, 1)  # (B, T-1, V), (B, T-1, L)


def caption_step(model: Captioner, batch) -> BatchResult:
    """Trainer step: batch = (uint8 images (B,3,S,S), padded captions (B,T)); loss over non-pad targets."""
    images, captions = batch
    logits, _ = model(images, captions)  # (B, T-1, V)
    targets = captions[:, 1:]  # (B, T-1): w1 .. wn <eos> <pad>...
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=0)
    mask = targets != 0
    correct = int(((logits.argmax(-1) == targets) & mask).sum())
    return BatchResult(loss=loss, correct=correct, count=int(mask.sum()), samples=int(images.shape[0]))


def pad_captions(seqs: list[list[int]]) -> torch.Tensor:
    """Right-pad id lists with <pad> (0) to one (B, T) tensor."""
    t = max(len(s) for s in seqs)
    out = torch.zeros(len(seqs), t, dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    return out


def build_captioner(vocab_size: int = 21, **kw) -> Captioner:
    """Registry builder: an untrained captioner (default vocabulary size = the shapes world's)."""
    return Captioner(CaptionerConfig(vocab_size=vocab_size, **kw))
