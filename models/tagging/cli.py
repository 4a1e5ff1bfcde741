"""Command line of the tagger: ``tag``, ``train tagger``, ``data download ud-english-ewt``."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

from ..cliutil import (
    add_executor_argument,
    data_subparsers,
    emit,
    remote_trainer,
    run_training,
    train_subparsers,
)
from ..errors import InputError

ARCH_CHOICES = ("bilstm", "unilstm", "mft")


def add_commands(sub, common) -> None:
    p = sub.add_parser("tag", parents=[common], help="part-of-speech tags of an English sentence (UPOS)")
    p.add_argument("text", nargs="?", help="the sentence(s) to tag")
    p.add_argument(
        "--model",
        default=None,
        help="tagger_bilstm (default), tagger_unilstm, tagger_mft, or a .pt checkpoint file",
    )
    p.add_argument("--evaluate", metavar="FILE.conllu", help="UPOS accuracy on a gold CoNLL-U file instead")
    p.set_defaults(func=_cmd_tag)

    p = train_subparsers(sub).add_parser(
        "tagger", parents=[common], help="train a POS tagger on a CoNLL-U file"
    )
    p.add_argument(
        "--conllu",
        help="gold CoNLL-U file (default: the UD English-EWT dev file); every 10th "
        "sentence is held out for the reported accuracy",
    )
    p.add_argument("--arch", choices=ARCH_CHOICES, default="bilstm", help="network (mft: most-frequent-tag)")
    p.add_argument("--epochs", type=int, default=None, help="passes over the training sentences (default 16)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--max-sentences", type=int, default=None, help="use only the first N sentences of the file"
    )
    p.add_argument("--out", help="write the checkpoint to this .pt file")
    p.add_argument(
        "--save-as", help="bundle it: models/weights/<NAME>.pt + manifest entry (NAME starts tagger_)"
    )
    # mft is counted in this process whatever --executor says: it has no training loop
    add_executor_argument(p)
    p.set_defaults(func=_cmd_train)

    p = data_subparsers(sub).add_parser("download", parents=[common], help="fetch a data set into the cache")
    p.add_argument("dataset", choices=["ud-english-ewt"], help="which data set")
    p.add_argument("--dir", help="target folder (default: <repo>/.cache/ud-english-ewt)")
    p.add_argument(
        "--base-url",
        help="where the files are (default: the official GitHub repository; "
        "env CLASSROOM_UD_BASE_URL overrides)",
    )
    p.add_argument("--force", action="store_true", help="download again even when cached")
    p.set_defaults(func=_cmd_download)


def _cmd_tag(args) -> int:
    from .conllu_io import read_conllu
    from .inference import DEFAULT_MODEL, evaluate_tagger, load_tagger
    from .tokenize import tokenize_sentences

    tagger = load_tagger(args.model or DEFAULT_MODEL)
    if args.evaluate:
        if args.text:
            raise InputError("give either a sentence or --evaluate FILE, not both")
        result = evaluate_tagger(tagger, read_conllu(args.evaluate))
        emit(
            args,
            result,
            f"{result['sentences']} sentences, {result['tokens']} words: UPOS accuracy "
            f"{result['upos_accuracy']:.2%} (unknown words: {result['oov_accuracy']:.2%} of "
            f"{result['oov_tokens']})",
        )
        return 0
    if args.text is None:
        raise InputError('give a sentence to tag, e.g. python -m models tag "Time flies like an arrow"')
    sentences = tokenize_sentences(args.text)
    rows = [t.to_dict() for s in sentences for t in tagger.tag_tokens(s)]
    text = "\n".join(
        f"{r['token']}\t{r['tag']}\t{r['prob']:.2f}{'' if r['known'] else chr(9) + '(unknown word)'}"
        for r in rows
    )
    emit(args, {"model": args.model or DEFAULT_MODEL, "tokens": rows}, text)
    return 0


def _train_split(args) -> tuple[Path, list, list]:
    """Check the arguments, read the CoNLL-U file and hold out every 10th sentence: (path, train, test)."""
    from ..runtime import configure_threads
    from .conllu_io import heldout_split, read_conllu
    from .treebank import dev_file

    if args.save_as and not args.save_as.startswith("tagger_"):
        raise InputError("--save-as NAME must start with 'tagger_'")
    if args.epochs is not None and args.epochs < 1:
        raise InputError("--epochs must be at least 1")
    configure_threads(1)
    path = Path(args.conllu) if args.conllu else dev_file()
    sentences = read_conllu(path)
    if args.max_sentences:
        sentences = sentences[: args.max_sentences]
    train, test = heldout_split(sentences)
    if not test:
        raise InputError(
            f"{path.name} has {len(sentences)} sentences; need at least 10 to hold out every 10th"
        )
    return path, train, test


def _fit_tagger(args, train: list, test: list):
    """Fit the most-frequent-tag baseline or train a neural tagger (printing each epoch): (tagger, settings)."""
    from .baselines import MostFrequentTagger
    from .inference import NeuralTagger
    from .train import TrainSettings, make_trainer

    if args.arch == "mft":
        return MostFrequentTagger.fit(train), None
    settings = TrainSettings(
        arch=args.arch, seed=args.seed, **({"epochs": args.epochs} if args.epochs else {})
    )
    trainer, vocab = make_trainer(train, test, settings)
    if args.executor:  # the tagger page's job spec, trained elsewhere; weights come back into the model
        from ..training.jobs import tagger_job

        trainer = remote_trainer(args, tagger_job(train, test, settings), model=trainer.model)

    def on_epoch(tr, row):
        emit(
            args,
            {"event": "epoch", **{k: round(v, 5) if isinstance(v, float) else v for k, v in row.items()}},
            f"epoch {row['epoch']}: train loss {row['train_loss']:.4f} acc {row['train_acc']:.4f} | "
            f"held-out acc {row['val_acc']:.4f} | {row['elapsed']:.0f} s",
        )

    trainer.add_callback("on_epoch_end", on_epoch)
    run_training(trainer)
    return NeuralTagger(trainer.model, vocab), settings


def _write_tagger(args, ckpt: dict, metrics: dict) -> None:
    """Write the checkpoint to --out and/or into the weights store under --save-as."""
    from .. import default_store
    from .treebank import CREDIT, SPLIT_NOTE

    if args.out:
        import torch

        torch.save(ckpt, args.out)
    if args.save_as:
        command = "python -m models " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--json")
        default_store.save(
            args.save_as,
            ckpt,
            command=command,
            metrics=metrics,
            notes=f"Trained on {SPLIT_NOTE}. Data: {CREDIT}. This checkpoint is derived from that "
            "data and is licensed CC BY-SA 4.0.",
        )


def _cmd_train(args) -> int:
    from .inference import evaluate_tagger
    from .train import checkpoint
    from .treebank import CREDIT, SPLIT_NOTE

    path, train, test = _train_split(args)
    t0 = time.time()
    tagger, settings = _fit_tagger(args, train, test)
    result = evaluate_tagger(tagger, test)
    metrics = {f"heldout_{k}": (round(v, 6) if isinstance(v, float) else v) for k, v in result.items()}
    metrics.update(train_sentences=len(train), train_seconds=round(time.time() - t0, 1), split=SPLIT_NOTE)
    meta = {
        "data": str(path.name),
        "split": SPLIT_NOTE,
        "credit": CREDIT if not args.conllu else "",
        "metrics": metrics,
    }
    ckpt = (
        tagger.to_checkpoint(**meta)
        if args.arch == "mft"
        else checkpoint(tagger.model, tagger.vocab, settings, **meta)
    )
    _write_tagger(args, ckpt, metrics)
    emit(
        args,
        {"event": "done", "arch": args.arch, "out": args.out, "saved_as": args.save_as, **metrics},
        f"{args.arch}: held-out UPOS accuracy {result['upos_accuracy']:.2%} on {result['tokens']} words "
        f"({result['sentences']} sentences); unknown words {result['oov_accuracy']:.2%} of {result['oov_tokens']}",
    )
    return 0


def _cmd_download(args) -> int:
    from .download import download

    result = download(
        args.dir,
        url=args.base_url,
        force=args.force,
        progress=None if args.json else (lambda m: print(m, flush=True)),
    )
    lines = [
        f"{n}: {r['sentences']} sentences, {r['bytes']} bytes, sha256 {r['sha256'][:12]}…"
        f"{' (cached)' if r['cached'] else ''}"
        for n, r in result["files"].items()
    ]
    emit(args, result, "\n".join(lines + [f"saved in {result['dir']}"]))
    return 0
