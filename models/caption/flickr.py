"""Train your own captioner on real captioned photos in the Flickr8k layout::

    DIR/captions.txt      CSV with a header line "image,caption", one caption per line (several per image)
    DIR/Images/<image>    the photos (or directly DIR/<image>)

``python -m models train captioner --data DIR [--epochs N] [--out PATH]`` trains with the project's trainer,
holds out 10 % of the *images* (all their captions) and reports exact match and BLEU-4 on them.
``--encoder efficientnet_lite0`` trains the decoder only, on frozen Lite0 feature grids computed once per
picture (``models/caption/lite.py``): real photos get a real CNN's features, and a CPU trains it in minutes.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import torch

from ..errors import InputError
from ..training import Trainer, TrainerConfig, make_loader, seeded
from .model import Captioner, CaptionerConfig, caption_step, preprocess
from .train import CaptionDataset, checkpoint_dict, collate, evaluate_captions
from .vocab import Vocab, tokenize


def read_captions(data_dir: str | Path) -> tuple[Path, dict[str, list[str]]]:
    """The image folder and ``{image file name: [captions]}``; InputError says what is wrong with DIR."""
    root = Path(data_dir)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder (expected a folder with captions.txt and the images)")
    csv_path = root / "captions.txt"
    if not csv_path.is_file():
        raise InputError(f"{root} has no captions.txt (a CSV with the header line 'image,caption')")
    try:
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"captions.txt is not a readable CSV ({str(exc).splitlines()[0][:120]})") from exc
    df.columns = [c.strip().lower() for c in df.columns]
    if not {"image", "caption"} <= set(df.columns):
        raise InputError(f"captions.txt needs the columns image,caption; it has {', '.join(df.columns)}")
    image_dir = root / "Images" if (root / "Images").is_dir() else root
    caps: dict[str, list[str]] = {}
    for img, cap in zip(df["image"].str.strip(), df["caption"].str.strip()):
        if img and cap and tokenize(cap):
            caps.setdefault(img, []).append(cap)
    present = {k: v for k, v in caps.items() if (image_dir / k).is_file()}
    if not present:
        raise InputError(f"none of the {len(caps)} images named in captions.txt is in {image_dir}")
    return image_dir, present


def load_images(
    image_dir: Path, names: list[str], size: int, encoder: str = "cnn"
) -> tuple[torch.Tensor, list[str]]:
    """Decode (safely, via models.vision.imageio) and squash to size x size (uint8 (N, 3, S, S)), or with a frozen
    encoder its float16 feature grids (N, C, 7, 7); unreadable files are skipped."""
    from ..vision.imageio import load_image

    pictures, kept = [], []
    for n in names:
        try:
            pictures.append(load_image(image_dir / n))
            kept.append(n)
        except InputError:
            continue
    if not kept:
        raise InputError("none of the images could be read")
    if encoder != "cnn":
        from .lite import encode_pictures

        return encode_pictures(pictures, encoder), kept
    return torch.stack([preprocess(p, size) for p in pictures]), kept


@dataclass
class FlickrTrainConfig:
    epochs: int = 10  # passes over the training captions
    batch_size: int = 32  # captions per batch
    lr: float = 2e-3  # Adam learning rate
    image_size: int = 64  # photos are squashed to this size (96 or 128 see more detail, cost more)
    min_freq: int = 1  # words seen fewer times become <unk>
    max_words: int = 20  # captions are cut to this many words
    val_fraction: float = 0.1  # share of the images held out
    seed: int = 0  # split, model init and data order
    encoder: str = (
        "cnn"  # "cnn" (trained with the decoder) or "efficientnet_lite0" (frozen, grids precomputed)
    )


def _split_names(caps: dict, cfg: FlickrTrainConfig) -> tuple[list, list]:
    """Shuffle the image names with the seed and hold out ``val_fraction`` of them: (val_names, train_names)."""
    names = sorted(caps)
    random.Random(cfg.seed).shuffle(names)
    n_val = max(1, round(len(names) * cfg.val_fraction)) if len(names) > 1 else 0
    return names[:n_val], names[n_val:]


def _load_val_images(image_dir, val_names: list, cfg: FlickrTrainConfig):
    """The validation pictures, or (None, val_names) when there are none or none can be read."""
    val_imgs = None
    if val_names:
        try:
            val_imgs, val_names = load_images(image_dir, val_names, cfg.image_size, cfg.encoder)
        except InputError:
            val_imgs = None
    return val_imgs, val_names


def _flickr_model_config(cfg: FlickrTrainConfig, vocab: Vocab) -> CaptionerConfig:
    """The captioner's config for the chosen encoder."""
    if cfg.encoder == "cnn":
        return CaptionerConfig(vocab_size=len(vocab), image_size=cfg.image_size, max_len=cfg.max_words)
    # the frozen encoder sees 224x224 and hands over a 7x7 grid
    from .lite import GRID

    return CaptionerConfig(
        vocab_size=len(vocab), image_size=224, grid=GRID, max_len=cfg.max_words, encoder=cfg.encoder
    )


def train_flickr(data_dir: str | Path, cfg: FlickrTrainConfig, *, on_epoch=None):
    """Train on DIR; returns (model, vocab, trainer, summary dict)."""
    image_dir, caps = read_captions(data_dir)
    val_names, train_names = _split_names(caps, cfg)
    t0 = time.time()
    train_imgs, train_names = load_images(image_dir, train_names, cfg.image_size, cfg.encoder)
    vocab = Vocab.build((c for n in train_names for c in caps[n]), min_freq=cfg.min_freq)
    rows_i = [i for i, n in enumerate(train_names) for _ in caps[n]]
    rows_c = [c for n in train_names for c in caps[n]]
    train_ds = CaptionDataset(
        train_imgs, rows_c, vocab, cfg.max_words, index=rows_i
    )  # caption -> its picture
    val_imgs, val_names = _load_val_images(image_dir, val_names, cfg)
    with seeded(cfg.seed):
        model = Captioner(_flickr_model_config(cfg, vocab))
    val_loader = None
    if val_imgs is not None:
        vi = [i for i, n in enumerate(val_names) for _ in caps[n]]
        val_ds = CaptionDataset(
            val_imgs, [c for n in val_names for c in caps[n]], vocab, cfg.max_words, index=vi
        )
        val_loader = make_loader(val_ds, 64, shuffle=False, collate_fn=collate)
    trainer = Trainer(
        model,
        make_loader(train_ds, cfg.batch_size, seed=cfg.seed, collate_fn=collate),
        val_loader,
        TrainerConfig(epochs=cfg.epochs, lr=cfg.lr, grad_clip=5.0, seed=cfg.seed),
        step_fn=caption_step,
        name="captioner-flickr",
    )
    if on_epoch:
        trainer.add_callback("on_epoch_end", on_epoch)
    trainer.run()
    model.eval()
    summary = {
        "images": len(train_names),
        "captions": len(rows_c),
        "vocab": len(vocab),
        "encoder": cfg.encoder,
        "val_images": len(val_names) if val_imgs is not None else 0,
        "epochs": cfg.epochs,
        "seconds": round(time.time() - t0, 1),
        "state": trainer.state,
    }
    if val_imgs is not None:
        m = evaluate_captions(model, vocab, val_imgs, [caps[n] for n in val_names])
        summary.update(val_exact_match=round(m["exact_match"], 4), val_bleu4=round(m["bleu4"], 4))
    return model, vocab, trainer, summary


def save_checkpoint(model: Captioner, vocab: Vocab, path: str | Path, summary: dict, data_dir: str) -> Path:
    """A plain dict (weights_only-loadable) the page can select and the CLI can use with --model PATH."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        checkpoint_dict(
            model, vocab, trained_on=f"Flickr-style folder {Path(data_dir).name}", metrics=summary
        ),
        path,
    )
    return path
