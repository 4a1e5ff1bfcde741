"""``python -m models train cnn``: train a lab network from the command line with the page's trainer.

    python -m models train cnn --dataset mnist5k --model lenet5 --epochs 3 --json

prints one JSON line per epoch (epoch, train_loss, train_acc, val_loss, val_acc, lr) and a final line.
"""

from __future__ import annotations

from models.errors import InputError

from .datasets import list_datasets
from .nets import ACTIVATIONS, ARCHITECTURES


def add_commands(sub, common) -> None:
    from models.cliutil import add_executor_argument, train_subparsers
    from models.training import OPTIMIZERS, SCHEDULES

    p = train_subparsers(sub).add_parser("cnn", parents=[common], help="train a CNN/MLP of the training lab")
    p.add_argument("--dataset", default="mnist5k", help=f"one of: {', '.join(list_datasets())}")
    p.add_argument("--model", default="lenet5", help=f"one of: {', '.join(ARCHITECTURES)}")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--activation", default="relu", help=f"one of: {', '.join(ACTIVATIONS)}")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--optimizer", default="sgdm", help=f"one of: {', '.join(OPTIMIZERS)}")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.03)
    p.add_argument("--schedule", default="plateau", help=f"one of: {', '.join(SCHEDULES)}")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="write the checkpoint (state_dict + config) to this .pt file")
    add_executor_argument(p)
    p.set_defaults(func=_cmd_train_cnn)


def _lab_config(args):
    """The LabConfig from the command line; its ValueError (an invalid choice) becomes an InputError."""
    from .lab import LabConfig

    try:
        return LabConfig(
            dataset=args.dataset,
            model=args.model,
            epochs=args.epochs,
            activation=args.activation,
            dropout=args.dropout,
            optimizer=args.optimizer,
            batch_size=args.batch_size,
            lr=args.lr,
            schedule=args.schedule,
            seed=args.seed,
        )
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _cmd_train_cnn(args) -> int:
    import torch

    from models.cliutil import emit, remote_trainer, run_training
    from models.runtime import configure_threads

    from .lab import build_run, checkpoint

    cfg = _lab_config(args)
    configure_threads()
    run = build_run(cfg)
    keys = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr")

    def on_epoch(_tr, row):
        emit(
            args,
            {k: row.get(k) for k in keys},
            f"epoch {row['epoch']}: train loss {row['train_loss']:.4f} acc {row['train_acc']:.3f} · "
            f"val loss {row['val_loss']:.4f} acc {row['val_acc']:.3f} · lr {row['lr']:.3g}",
        )

    if args.executor:  # the job spec a page submits, trained elsewhere; the weights come back into run.model
        from models.training.jobs import lab_job

        run.trainer = remote_trainer(args, lab_job(cfg), model=run.model)
    run.trainer.add_callback("on_epoch_end", on_epoch)
    run_training(run.trainer)
    summary = run.trainer.summary()
    final = {
        "final": True,
        "state": summary["state"],
        "val_acc": summary.get("val_acc"),
        "val_loss": summary.get("val_loss"),
        "steps": summary["steps"],
        "seconds": round(summary["elapsed"], 2),
        "config": cfg.to_dict(),
        "out": args.out,
        "executor": args.executor or "this process",
    }
    if args.out:
        torch.save(checkpoint(run), args.out)
    emit(
        args,
        final,
        f"done: val acc {final['val_acc']:.3f} in {final['seconds']} s"
        + (f", checkpoint written to {args.out}" if args.out else ""),
    )
    return 0
