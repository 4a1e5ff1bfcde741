"""``python -m models forecast --csv FILE --column NAME [...]``: train the five forecasters on a CSV column
(first 80% = train + validation, last 20% = test) and print test errors per model plus the naive baseline."""

from __future__ import annotations

import argparse

from ..errors import InputError
from .nets import KINDS


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def add_commands(sub, common) -> None:
    d = _defaults()
    p = sub.add_parser(
        "forecast",
        parents=[common],
        help="train MLP, CNN, RNN, LSTM and GRU forecasters on a CSV",
        description="Trains on the first 80%% of the series (the last 10%% of that for validation), "
        "tests on the rest, and prints per model the parameters and the test RMSE, MAE "
        "and MASE (MASE = MAE / MAE of the naive forecast; < 1 beats it).",
    )
    p.add_argument("--csv", required=True, metavar="FILE", help="CSV file (delimiter detected)")
    p.add_argument("--column", required=True, metavar="NAME", help="numeric column to forecast")
    p.add_argument(
        "--date-column", metavar="NAME", default=None, help="optional date column (sorts, merges duplicates)"
    )
    p.add_argument(
        "--window", type=_positive_int, default=d.window, help=f"input length (default {d.window})"
    )
    p.add_argument(
        "--horizon", type=_positive_int, default=d.horizon, help=f"steps ahead (default {d.horizon})"
    )
    p.add_argument(
        "--models", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)} (default all)"
    )
    p.add_argument(
        "--epochs", type=_positive_int, default=d.epochs, help=f"training epochs (default {d.epochs})"
    )
    p.add_argument(
        "--seed", type=int, default=d.seed, help=f"seed for init and data order (default {d.seed})"
    )
    p.set_defaults(func=_cmd_forecast)


def _defaults():
    from .train import ForecastConfig

    return ForecastConfig()


def _cmd_forecast(args) -> int:
    import torch

    from ..cliutil import emit
    from .series import read_csv
    from .train import ForecastConfig, parse_models, run_models

    try:
        kinds = parse_models(args.models)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    torch.set_num_threads(1)
    series = read_csv(args.csv, args.column, args.date_column, name=str(args.column))
    cfg = ForecastConfig(window=args.window, horizon=args.horizon, epochs=args.epochs, seed=args.seed)
    result = run_models(series, kinds, cfg)
    keep = ("model", "params", "test_rmse", "test_mae", "test_mase")
    out = {
        "series": result["series"],
        "rows": result["rows"],
        "window": cfg.window,
        "horizon": cfg.horizon,
        "split": result["split"],
        "notes": result["notes"],
        "models": [{k: m[k] for k in keep} | {"train_seconds": m["train_seconds"]} for m in result["models"]],
        "naive": {"model": "naive", "params": 0, **result["naive"]},
    }
    lines = [
        *(f"note: {n}" for n in out["notes"]),
        f"{result['rows']} rows, window {cfg.window}, horizon {cfg.horizon}, test = last "
        f"{result['rows'] - result['split']['val_end']} rows",
        f"{'model':<6} {'params':>7} {'test RMSE':>11} {'test MAE':>11} {'MASE':>6}",
    ]
    for m in out["models"] + [out["naive"]]:
        lines.append(
            f"{m['model']:<6} {m['params']:>7} {m['test_rmse']:>11.4g} {m['test_mae']:>11.4g} "
            f"{m['test_mase']:>6.3f}"
        )
    emit(args, out, "\n".join(lines))
    return 0
