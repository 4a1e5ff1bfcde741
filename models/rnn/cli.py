"""``python -m models nationality``, ``python -m models gradients`` and ``python -m models train names``."""

from __future__ import annotations

from ..errors import InputError


def add_commands(sub, common) -> None:
    from ..cliutil import train_subparsers

    p = sub.add_parser("nationality", parents=[common], help="which of 12 locales a person's name looks like")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--top", type=int, default=3, help="how many labels to list (default 3)")
    p.set_defaults(func=_cmd_nationality)

    p = sub.add_parser(
        "gradients", parents=[common], help="‖∂L/∂h_t‖ for t = 1…T at initialisation on the long-memory task"
    )
    p.add_argument("--cell", required=True, choices=("rnn", "lstm", "gru"))
    p.add_argument("--length", type=int, required=True, metavar="T", help="sequence length, 2…1000")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_gradients)

    p = train_subparsers(sub).add_parser(
        "names",
        parents=[common],
        help="train RNN/LSTM/GRU packed and naive, bundle the best (averaged over --members seeds)",
    )
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--members", type=int, default=5, help="seeds of the best cell averaged in the bundle (1: one model)"
    )
    p.add_argument("--no-save", action="store_true", help="measure only, do not write the bundle")
    p.set_defaults(func=_cmd_train_names)


def _cmd_nationality(args) -> int:
    from ..cliutil import emit
    from .confidence import bundled_abstention
    from .predict import predict

    if args.top < 1:
        raise InputError("--top must be at least 1")
    rows = []
    threshold = None
    for name in args.names:
        preds = predict(name)
        threshold = threshold if threshold is not None else bundled_abstention()["threshold"]
        sure = preds[0]["prob"] >= threshold  # the page's "not sure" rule (threshold chosen on validation)
        row = {"name": name, "predictions": preds[: args.top], "sure": sure, "threshold": threshold}
        rows.append(row)
        head = "" if sure else f"not sure (no nationality reaches {threshold:.0%}); "
        emit(
            args,
            row,
            f"{name}: {head}" + ", ".join(f"{p['label']} {p['prob']:.1%}" for p in preds[: args.top]),
        )
    return 0


def _cmd_gradients(args) -> int:
    from ..cliutil import emit
    from .gradients import init_norms

    if not 2 <= args.length <= 1000:
        raise InputError("--length must be between 2 and 1000")
    norms = init_norms(args.cell, args.length, seed=args.seed)
    obj = {"cell": args.cell, "length": args.length, "norms": norms}
    emit(args, obj, "\n".join(f"t={t:>4}  {n:.3e}" for t, n in enumerate(norms, 1)))
    return 0


def _cmd_train_names(args) -> int:
    import json
    import sys

    from .train import bundle_names

    log = (lambda s: print(s, file=sys.stderr, flush=True)) if args.json else print
    if not (1 <= args.epochs <= 500 and 8 <= args.hidden <= 2048 and 1 <= args.members <= 20):
        raise InputError("--epochs 1…500, --hidden 8…2048, --members 1…20")
    m = bundle_names(
        epochs=args.epochs,
        hidden=args.hidden,
        seed=args.seed,
        members=args.members,
        log=log,
        save=not args.no_save,
    )
    if args.json:
        print(json.dumps(m))
    return 0
