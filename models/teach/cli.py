"""``python -m models teach --data DIR [--model NAME] [--save PATH] [--seed S] --json``: teach the frozen
pretrained CNN the classes of an ImageFolder-style folder and report held-out accuracy."""

from __future__ import annotations


def add_commands(sub, common) -> None:
    from ..vision.efficientnet import EFFICIENTNETS

    p = sub.add_parser(
        "teach",
        parents=[common],
        help="train a linear head on frozen EfficientNet-Lite features of your own classes",
    )
    p.add_argument(
        "--data",
        required=True,
        metavar="DIR",
        help="DIR/<class>/<images> (a stratified split is made) or DIR/train/<class>/* + DIR/test/<class>/*",
    )
    p.add_argument(
        "--model",
        default="efficientnet_lite0",
        choices=list(EFFICIENTNETS),
        help="frozen feature extractor (default: efficientnet_lite0)",
    )
    p.add_argument(
        "--save", metavar="PATH", help="write the head (weights-only .pt) and PATH.json (class names)"
    )
    p.add_argument("--seed", type=int, default=0, help="split, head init and data order (default: 0)")
    p.add_argument("--epochs", type=int, default=30, help="passes over the features (default: 30)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    p.set_defaults(func=_cmd_teach)


def _teach_items(folder, seed: int):
    """All images with their labels (the folder's own test images appended) and the split to evaluate on:
    (items, labels, n_train, split)."""
    import torch

    from .evaluate import given_split, plan_split

    items, labels = folder.train.labelled()
    n_train = len(items)
    if folder.test is not None:
        test_items, test_labels = folder.test.labelled()
        items = items + test_items
        labels = torch.cat([torch.as_tensor(labels), torch.as_tensor(test_labels)]).numpy()
        split = given_split(n_train, len(test_items))
    else:
        split = plan_split(labels, seed=seed, names=folder.train.names)  # InputError when a class has 1 image
    return items, labels, n_train, split


def _save_final_head(args, feats, labels, n_train: int, classes: list, cfg, accuracy: float) -> list[str]:
    """Train the head on every training image and save it under --save: the two written paths."""
    from .export import save_head
    from .learners import head_trainer

    final = head_trainer(feats[:n_train], labels[:n_train], len(classes), cfg)
    final.run()
    pt, names = save_head(
        final.model,
        classes,
        args.save,
        backbone=args.model,
        trained_images=n_train,
        test_accuracy=round(accuracy, 4),
    )
    return [str(pt), str(names)]


def _cmd_teach(args) -> int:
    import torch

    from ..cliutil import emit, fail
    from .data import read_folder
    from .evaluate import evaluate
    from .features import Backbone, FeatureCache, extract
    from .learners import HeadConfig, head_trainer

    if args.epochs < 1:
        return fail("--epochs must be at least 1")
    torch.set_num_threads(max(1, args.threads))
    folder = read_folder(args.data)  # InputError (no classes, one class, empty class) -> exit 2
    classes = folder.train.names
    items, labels, n_train, split = _teach_items(folder, args.seed)
    cfg = HeadConfig(epochs=args.epochs, seed=args.seed)
    backbone = Backbone(args.model)  # WeightsMissingError names the pip package -> exit 2
    feats = extract(backbone, items, FeatureCache(max_items=max(4096, len(items))))  # (N, 1280)
    ev = evaluate(feats, labels, classes, split, lambda x, y: head_trainer(x, y, len(classes), cfg))
    tested = len(ev.index)
    trained_on = (
        n_train
        if split.kind == "given"
        else (len(split.folds[0][0]) if split.kind == "holdout" else len(items))
    )
    out = {
        "classes": classes,
        "train_images": trained_on,
        "test_images": tested,
        **ev.to_dict(),
        "model": args.model,
        "layout": folder.layout,
        "seed": args.seed,
        "unreadable": [p for p, _ in folder.unreadable],
    }
    if args.save:
        out["saved"] = _save_final_head(args, feats, labels, n_train, classes, cfg, ev.accuracy)
    text = (
        f"{len(classes)} classes ({', '.join(classes)}); {out['train_images']} training / {tested} test images; "
        f"{ev.split.describe()}\nheld-out accuracy {ev.accuracy:.1%}\n"
        + "\n".join(f"  {k}: {'-' if v is None else f'{v:.1%}'}" for k, v in ev.per_class.items())
    )
    emit(args, out, text)
    if folder.unreadable:
        first = folder.unreadable[0]
        return fail(
            f"{len(folder.unreadable)} unreadable file(s) skipped (the rest were used): {first[0]}: "
            f"{first[1]}" + (f"; and {len(folder.unreadable) - 1} more" if len(folder.unreadable) > 1 else "")
        )
    return 0
