"""Training and evaluating captioners with the project's one trainer (``models.training.Trainer``).

The bundled shapes-world captioner is made by::

    python -m models.caption.train --scenes 30000 --epochs 10 --save

which renders the training scenes once into uint8 tensors (cached under ``.cache/caption/``), trains, measures
exact match and BLEU-4 on 1,000 fresh held-out scenes with and without the rendering variations, and saves
``models/weights/captioner_shapes.pt`` with those figures in the manifest.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import torch
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu

from ..errors import WeightsCorruptError
from ..training import Trainer, TrainerConfig, make_loader, seeded
from .model import Captioner, CaptionerConfig, caption_step, pad_captions, preprocess
from .shapes import generate_scene
from .vocab import Vocab, tokenize

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "caption"
BUNDLED_NAME = "captioner_shapes"
TRAIN_SEED_BASE = 0  # training scenes use seeds TRAIN_SEED_BASE + i
HELDOUT_SEED_BASE = 50_000_000  # the manifest's held-out scenes (never used for training)
TEST_SEED_BASE = 70_000_000  # the tests' fresh scenes
CLEAN_FRACTION = 0.15  # share of training scenes drawn in the plain look (no variations)


def shapes_vocab() -> Vocab:
    """The shapes world's vocabulary, fixed order (every word of every possible caption)."""
    from .shapes import COLOURS, SHAPES, SIZES

    words = ["a", *SIZES, *COLOURS, *SHAPES, "left", "right", "of", "above", "below"]
    return Vocab(["<pad>", "<start>", "<eos>", "<unk>", *words])


def _render_chunk(args) -> tuple[torch.Tensor, list[str]]:
    seeds, size, clean_every = args
    images, caps = [], []
    for s in seeds:
        variations = not (clean_every and s % clean_every == 0)
        sc = generate_scene(s, variations=variations)
        images.append(preprocess(sc.image, size))
        caps.append(sc.caption)
    return torch.stack(images), caps


def render_scenes(
    seeds: list[int],
    size: int = 64,
    *,
    variations: bool = True,
    workers: int = 1,
    clean_fraction: float = 0.0,
) -> tuple[torch.Tensor, list[str]]:
    """Render scenes for ``seeds`` -> uint8 images (N, 3, size, size) and captions. ``clean_fraction`` of them
    (every k-th seed) in the plain look; ``variations=False`` draws all of them plain."""
    clean_every = 1 if not variations else (round(1 / clean_fraction) if clean_fraction > 0 else 0)
    chunks = [seeds[i : i + 500] for i in range(0, len(seeds), 500)]
    jobs = [(c, size, clean_every) for c in chunks]
    if workers > 1 and len(chunks) > 1:
        with get_context("fork").Pool(workers, initializer=torch.set_num_threads, initargs=(1,)) as pool:
            parts = pool.map(_render_chunk, jobs)
    else:
        parts = [_render_chunk(j) for j in jobs]
    return torch.cat([p[0] for p in parts]), [c for p in parts for c in p[1]]


def cached_training_set(n: int, size: int = 64, workers: int = 1) -> tuple[torch.Tensor, list[str]]:
    """The training scenes, rendered once and kept in ``.cache/caption/``."""
    path = CACHE / f"shapes_train_{n}_{size}_{TRAIN_SEED_BASE}_{CLEAN_FRACTION}.pt"
    if path.is_file():
        d = torch.load(path, weights_only=True)
        return d["images"], d["captions"]
    images, caps = render_scenes(
        list(range(TRAIN_SEED_BASE, TRAIN_SEED_BASE + n)),
        size,
        workers=workers,
        clean_fraction=CLEAN_FRACTION,
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    torch.save({"images": images, "captions": caps}, path)
    return images, caps


class CaptionDataset(torch.utils.data.Dataset):
    """uint8 images (N,3,S,S) + captions -> (image, ids) pairs; batches padded by :func:`collate`."""

    def __init__(
        self,
        images: torch.Tensor,
        captions: list[str],
        vocab: Vocab,
        max_len: int = 20,
        index: list[int] | None = None,
    ):
        self.images, self.vocab = images, vocab
        self.ids = [vocab.encode(c, max_len) for c in captions]
        self.index = (
            index  # caption i belongs to images[index[i]] (None: to images[i]); no copies per caption
        )

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        return self.images[self.index[i] if self.index is not None else i], self.ids[i]


def collate(batch):
    images = torch.stack([b[0] for b in batch])  # (B, 3, S, S)
    return images, pad_captions([b[1] for b in batch])  # (B, T)


def checkpoint_dict(model: Captioner, vocab: Vocab, **meta) -> dict:
    """A plain dict that loads with ``weights_only=True``."""
    return {
        "kind": "captioner",
        "config": model.config.to_dict(),
        "vocab": list(vocab.itos),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        **meta,
    }


def from_checkpoint(ckpt: dict) -> tuple[Captioner, Vocab]:
    """Rebuild an eval-mode captioner and its vocabulary; anything unexpected -> WeightsCorruptError."""
    try:
        if ckpt.get("kind") != "captioner":
            raise ValueError("this checkpoint is not a captioner")
        vocab = Vocab(ckpt["vocab"])
        model = Captioner(CaptionerConfig.from_dict(ckpt["config"]))
        model.load_state_dict(ckpt["state_dict"])
    except WeightsCorruptError:
        raise
    except Exception as exc:  # KeyError, ValueError, RuntimeError (shape mismatch), AttributeError
        raise WeightsCorruptError(f"not a captioner checkpoint of this app ({str(exc)[:160]})") from exc
    return model.eval(), vocab


@torch.inference_mode()
def evaluate_captions(
    model: Captioner, vocab: Vocab, images: torch.Tensor, references: list[list[str]], batch_size: int = 250
) -> dict:
    """Greedy captions for ``images``; exact match (against any reference) and corpus BLEU-4 (nltk)."""
    from .decode import greedy_batch

    model.eval()
    hyps = []
    for i in range(0, len(images), batch_size):
        out = greedy_batch(model, images[i : i + batch_size])
        hyps += [vocab.decode(row) for row in out.tolist()]
    refs_tok = [[tokenize(r) for r in refs] for refs in references]
    exact = sum(h in refs for h, refs in zip(hyps, references)) / max(len(hyps), 1)
    bleu = corpus_bleu(refs_tok, [tokenize(h) for h in hyps], smoothing_function=SmoothingFunction().method1)
    return {"exact_match": exact, "bleu4": bleu, "n": len(hyps), "hypotheses": hyps}


def heldout_metrics(
    model: Captioner, vocab: Vocab, n: int = 1000, seed_base: int = HELDOUT_SEED_BASE, workers: int = 1
) -> dict:
    """Exact match and BLEU-4 on ``n`` fresh scenes, with the rendering variations and in the plain look."""
    size = model.config.image_size
    out = {}
    for tag, variations in (("variations", True), ("plain", False)):
        seeds = list(range(seed_base, seed_base + n))
        images, caps = render_scenes(seeds, size, variations=variations, workers=workers)
        m = evaluate_captions(model, vocab, images, [[c] for c in caps])
        out[f"exact_match_{tag}"] = round(m["exact_match"], 4)
        out[f"bleu4_{tag}"] = round(m["bleu4"], 4)
    out["heldout_scenes"] = n
    return out


@dataclass
class ShapesTrainConfig:
    scenes: int = 30000  # training scenes rendered once
    val_scenes: int = 1000  # validation scenes (own seeds) for the trainer's per-epoch val loss/acc
    epochs: int = 10  # passes over the training scenes
    batch_size: int = 64  # scenes per batch
    lr: float = 2e-3  # Adam learning rate (step-decayed)
    seed: int = 0  # model init and data order
    workers: int = 2  # processes that render the scenes


def _shapes_datasets(cfg: ShapesTrainConfig, vocab, mcfg: CaptionerConfig):
    """Render (or read from the cache) the training scenes and the validation scenes: (train_ds, val_ds,
    seconds spent rendering)."""
    t0 = time.time()
    images, caps = cached_training_set(cfg.scenes, mcfg.image_size, workers=cfg.workers)
    v_images, v_caps = render_scenes(
        list(range(HELDOUT_SEED_BASE - cfg.val_scenes, HELDOUT_SEED_BASE)),
        mcfg.image_size,
        workers=cfg.workers,
        clean_fraction=CLEAN_FRACTION,
    )
    render_s = time.time() - t0
    train_ds = CaptionDataset(images, caps, vocab, mcfg.max_len)
    val_ds = CaptionDataset(v_images, v_caps, vocab, mcfg.max_len)
    return train_ds, val_ds, render_s


def _shapes_epoch_end(vocab, checkpoint_path: str | None, on_epoch):
    """The epoch-end callback: print the row, save a checkpoint when asked, then call ``on_epoch``."""

    def _epoch_end(tr, row):
        print(
            f"epoch {row['epoch']}: train loss {row['train_loss']:.4f} token acc {row['train_acc']:.4f} "
            f"val loss {row.get('val_loss', float('nan')):.4f} val acc {row.get('val_acc', float('nan')):.4f} "
            f"({row['elapsed']:.0f} s)",
            flush=True,
        )
        if checkpoint_path:
            torch.save(checkpoint_dict(tr.model, vocab, epoch=row["epoch"]), checkpoint_path)
        if on_epoch:
            on_epoch(tr, row)

    return _epoch_end


def train_shapes(cfg: ShapesTrainConfig, *, on_epoch=None, checkpoint_path: str | None = None):
    """Train the shapes captioner; returns (model, vocab, trainer, seconds)."""
    vocab = shapes_vocab()
    mcfg = CaptionerConfig(vocab_size=len(vocab))
    train_ds, val_ds, render_s = _shapes_datasets(cfg, vocab, mcfg)
    with seeded(cfg.seed):
        model = Captioner(mcfg)
    tcfg = TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer="adam",
        schedule="step",
        step_size=max(1, int(cfg.epochs * 0.6)),
        gamma=0.2,
        grad_clip=5.0,
        seed=cfg.seed,
    )
    trainer = Trainer(
        model,
        make_loader(train_ds, cfg.batch_size, seed=cfg.seed, collate_fn=collate),
        make_loader(val_ds, 250, shuffle=False, collate_fn=collate),
        tcfg,
        step_fn=caption_step,
        name="captioner-shapes",
    )
    trainer.add_callback("on_epoch_end", _shapes_epoch_end(vocab, checkpoint_path, on_epoch))
    t1 = time.time()
    trainer.run()
    train_s = time.time() - t1
    print(f"rendering {render_s:.0f} s, training {train_s:.0f} s", flush=True)
    return (
        model.eval(),
        vocab,
        trainer,
        {"render_seconds": round(render_s, 1), "train_seconds": round(train_s, 1)},
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="train the bundled shapes-world captioner")
    ap.add_argument("--scenes", type=int, default=ShapesTrainConfig.scenes)
    ap.add_argument("--epochs", type=int, default=ShapesTrainConfig.epochs)
    ap.add_argument("--batch-size", type=int, default=ShapesTrainConfig.batch_size)
    ap.add_argument("--lr", type=float, default=ShapesTrainConfig.lr)
    ap.add_argument("--workers", type=int, default=ShapesTrainConfig.workers)
    ap.add_argument("--heldout", type=int, default=1000)
    ap.add_argument("--save", action="store_true", help="write models/weights/captioner_shapes.pt + manifest")
    ap.add_argument("--checkpoint", default=str(CACHE / "captioner_shapes_last.pt"))
    args = ap.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("CAPTION_TRAIN_THREADS", "1")))
    cfg = ShapesTrainConfig(
        scenes=args.scenes, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, workers=args.workers
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    model, vocab, _trainer, times = train_shapes(cfg, checkpoint_path=args.checkpoint)
    metrics = heldout_metrics(model, vocab, args.heldout, workers=args.workers)
    metrics.update(times, epochs=cfg.epochs, training_scenes=cfg.scenes)
    print(metrics, flush=True)
    if args.save:
        from ..store import default_store

        command = (
            f"python -m models.caption.train --scenes {cfg.scenes} --epochs {cfg.epochs} "
            f"--batch-size {cfg.batch_size} --lr {cfg.lr} --save"
        )
        default_store.save(
            BUNDLED_NAME,
            checkpoint_dict(model, vocab, trained_on="shapes world", metrics=metrics),
            command=command,
            metrics=metrics,
            notes="held-out scenes: seeds 50,000,000+ (never trained on); exact match = greedy "
            "caption equals the generator's caption; BLEU-4 = nltk corpus_bleu",
        )
        print(f"saved {BUNDLED_NAME}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
