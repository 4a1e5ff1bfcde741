"""``python -m models translate ...`` and ``python -m models train translator ...``."""

from __future__ import annotations

import shlex
import sys

from ..cliutil import add_executor_argument, emit, remote_trainer, run_training, train_subparsers
from ..errors import InputError


def add_commands(sub, common) -> None:
    p = sub.add_parser(
        "translate",
        parents=[common],
        help="translate number words: English <-> Korean (bundled encoder-decoder with attention)",
    )
    p.add_argument("--direction", required=True, choices=("en-ko", "ko-en"), help="en-ko or ko-en")
    p.add_argument("--beam", type=int, default=1, help="beam width K (1 = greedy decoding)")
    p.add_argument("--no-attention", action="store_true", help="use the baseline without attention")
    p.add_argument("text", nargs="+", help="one or more phrases, e.g. 'twenty-three thousand, one'")
    p.set_defaults(func=_cmd_translate)

    t = train_subparsers(sub).add_parser(
        "translator", parents=[common], help="train a number-words translator (encoder-decoder)"
    )
    t.add_argument("--direction", required=True, choices=("en-ko", "ko-en"))
    t.add_argument(
        "--no-attention", action="store_true", help="the baseline: decoder sees only the final vector"
    )
    t.add_argument("--epochs", type=int, default=4)
    t.add_argument("--batch-size", type=int, default=256)
    t.add_argument("--lr", type=float, default=3e-3)
    t.add_argument(
        "--lr-drop-every", type=int, default=0, help="multiply the LR by 0.3 every N epochs (0: never)"
    )
    t.add_argument("--hidden", type=int, default=160)
    t.add_argument("--teacher-forcing", type=float, default=1.0, help="teacher-forcing ratio 0..1")
    t.add_argument("--train-limit", type=int, default=None, help="use only N training numbers")
    t.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument(
        "--save",
        action="store_true",
        help="save as the bundled checkpoint (models/weights/translate_*.pt + manifest) after every epoch",
    )
    add_executor_argument(t)
    t.set_defaults(func=_cmd_train)


def _cmd_translate(args) -> int:
    from .translator import load_translator

    if args.beam < 1 or args.beam > 16:
        raise InputError("--beam must be between 1 and 16")
    tr = load_translator(args.direction, attention=not args.no_attention)
    for text in args.text:
        r = tr.translate(text, beam=args.beam)
        obj = {"source": r["source"], "translation": r["translation"], "tokens": r["tokens"]}
        if r["notes"]:
            obj["notes"] = r["notes"]
        emit(
            args,
            obj,
            text=(r["translation"] or "(empty)")
            + (f"   [note: {'; '.join(r['note_text'])}]" if r["notes"] else ""),
        )
    return 0


def _cmd_train(args) -> int:
    import torch

    from .train import TranslatorTrainConfig, make_trainer, train_and_save, weights_name

    if args.epochs < 1:
        raise InputError("--epochs must be at least 1")
    torch.set_num_threads(max(1, args.threads))
    cfg = TranslatorTrainConfig(
        direction=args.direction,
        attention=not args.no_attention,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        lr_drop_every=args.lr_drop_every,
        hidden=args.hidden,
        teacher_forcing=args.teacher_forcing,
        train_limit=args.train_limit,
        seed=args.seed,
    )
    log = (lambda s: None) if args.json else (lambda s: print(s, flush=True))
    if args.save and args.executor:
        raise InputError("--save measures and saves after every epoch in this process; leave out --executor")
    if args.save:
        command = "python -m models " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else ""
        metrics = train_and_save(cfg, command=command or "python -m models train translator", log=log)
        emit(args, {"name": weights_name(cfg.direction, cfg.attention), **metrics})
        return 0
    if args.executor:  # the job spec the translate page submits, trained in a worker process or on Ray
        from ..training.jobs import translate_job

        trainer = remote_trainer(args, translate_job(cfg))
    else:
        trainer = make_trainer(cfg)
    trainer.add_callback("on_epoch_end", lambda t, r: log(f"epoch {r['epoch']}: {r}"))
    run_training(trainer)
    emit(args, trainer.summary())
    return 0
