"""Captioning commands: ``caption [--model NAME|PATH] [--beam K] IMAGE...`` and ``train captioner --data DIR``."""

from __future__ import annotations

import sys

from ..cliutil import add_images_argument, emit, fail, train_subparsers
from ..errors import ModelsError


def add_commands(sub, common) -> None:
    p = sub.add_parser(
        "caption", parents=[common], help="write a caption for images (CNN -> LSTM with attention)"
    )
    add_images_argument(p)
    p.add_argument(
        "--model",
        default="captioner_shapes",
        help="registry name (default: captioner_shapes) or a .pt file from `train captioner --out`",
    )
    p.add_argument("--beam", type=int, default=1, help="beam width 1-10 (1 = greedy; default: 1)")
    p.set_defaults(func=_cmd_caption)

    t = train_subparsers(sub)
    p = t.add_parser(
        "captioner",
        parents=[common],
        help="train a captioner on a Flickr8k-style folder (images + captions.txt)",
    )
    p.add_argument(
        "--data", required=True, metavar="DIR", help="folder with captions.txt (image,caption) + images"
    )
    p.add_argument("--epochs", type=int, default=10, help="passes over the captions (default: 10)")
    p.add_argument("--out", default="captioner.pt", metavar="PATH", help="where to write the checkpoint")
    p.add_argument("--image-size", type=int, default=64, help="input size in pixels (default: 64)")
    p.add_argument("--batch-size", type=int, default=32, help="captions per batch (default: 32)")
    p.add_argument("--lr", type=float, default=2e-3, help="Adam learning rate (default: 0.002)")
    p.add_argument("--seed", type=int, default=0, help="split, model init and data order (default: 0)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    p.add_argument(
        "--encoder",
        default="cnn",
        choices=["cnn", "efficientnet_lite0"],
        help="cnn: a small CNN trained with the decoder (default); efficientnet_lite0: the frozen "
        "ImageNet Lite0's 7x7 feature grid (only the decoder is trained; --image-size is ignored)",
    )
    p.set_defaults(func=_cmd_train_captioner)


def _cmd_caption(args) -> int:
    from ..vision.imageio import load_image
    from .decode import MAX_BEAM
    from .inference import load_captioner

    if not 1 <= args.beam <= MAX_BEAM:
        return fail(f"--beam must be between 1 and {MAX_BEAM}")
    cap = load_captioner(args.model)  # unknown name / missing or corrupt weights: ModelsError -> exit 2
    code = 0
    for path in args.images:
        try:
            out = cap.caption(load_image(path), beam=args.beam)
        except ModelsError as exc:
            sys.stderr.write(f"error: {path}: {exc}\n")
            code = 2
            continue
        obj = {"file": path, "caption": out["caption"], "beams": out["beams"]}
        text = f"{path}: {out['caption']}"
        if args.beam > 1:
            text += "".join(f"\n  {b['logprob']:8.3f}  {b['caption']}" for b in out["beams"])
        emit(args, obj, text)
    return code


def _cmd_train_captioner(args) -> int:
    import torch

    from .flickr import FlickrTrainConfig, save_checkpoint, train_flickr

    if args.epochs < 1:
        return fail("--epochs must be at least 1")
    if not 16 <= args.image_size <= 512:
        return fail("--image-size must be between 16 and 512")
    torch.set_num_threads(max(1, args.threads))
    cfg = FlickrTrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        image_size=args.image_size,
        seed=args.seed,
        encoder=args.encoder,
    )

    def progress(tr, row):
        if not args.json:
            print(
                f"epoch {row['epoch']}/{cfg.epochs}: loss {row['train_loss']:.3f}"
                + (f", val loss {row['val_loss']:.3f}" if "val_loss" in row else ""),
                flush=True,
            )

    model, vocab, trainer, summary = train_flickr(args.data, cfg, on_epoch=progress)
    if trainer.state == "failed":
        return fail(f"training failed: {trainer.error}")
    path = save_checkpoint(model, vocab, args.out, summary, args.data)
    summary["out"] = str(path)
    text = (
        f"trained on {summary['images']} images ({summary['captions']} captions, {summary['vocab']} words) "
        f"in {summary['seconds']} s; saved {path}"
    )
    if "val_bleu4" in summary:
        text += f"; held-out images: exact match {summary['val_exact_match']:.1%}, BLEU-4 {summary['val_bleu4']:.3f}"
    emit(args, summary, text)
    return 0
