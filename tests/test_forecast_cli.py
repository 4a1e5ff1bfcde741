"""``python -m models forecast``: JSON output per model plus the naive baseline; user errors exit 2 in one line."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from util import ROOT


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "models", "forecast", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture()
def sine_csv(tmp_path):
    t = np.arange(260)
    lines = ["when;level"] + [f"{1000 + i};{np.sin(2 * np.pi * i / 16):.5f}" for i in t]
    p = tmp_path / "sine.csv"
    p.write_text("\n".join(lines))
    return p


def test_cli_json_per_model_and_naive(sine_csv):
    out = _run(
        "--csv",
        str(sine_csv),
        "--column",
        "level",
        "--window",
        "16",
        "--horizon",
        "4",
        "--models",
        "mlp,gru",
        "--epochs",
        "6",
        "--seed",
        "1",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert [m["model"] for m in res["models"]] == ["mlp", "gru"]
    for m in res["models"]:
        assert {"model", "params", "test_rmse", "test_mae", "test_mase"} <= set(m)
        assert m["params"] > 0 and m["test_rmse"] >= m["test_mae"] > 0
    assert res["naive"]["test_mase"] == 1.0 and res["naive"]["test_mae"] > 0
    assert res["split"]["val_end"] == 208 and res["rows"] == 260  # first 80% train + validation, rest test
    assert res["window"] == 16 and res["horizon"] == 4
    assert min(m["test_mase"] for m in res["models"]) < 1  # a clean sine is easy to beat naive on


def test_cli_defaults_need_only_csv_and_column(capsys, tmp_path):
    p = tmp_path / "walk.csv"
    rng = np.random.default_rng(0)
    p.write_text(
        "v\n" + "\n".join(f"{x:.4f}" for x in np.sin(np.arange(150) / 4) + 0.1 * rng.standard_normal(150))
    )
    rc, out, err = _main(capsys, "--csv", str(p), "--column", "v", "--models", "mlp")  # plain-text table
    assert rc == 0, err
    assert "window 24, horizon 6" in out and out.splitlines()[-1].startswith("naive")


def _main(capsys, *args) -> tuple[int, str, str]:
    """The same entry point in-process (quicker than a subprocess for the error paths)."""
    from models.cli import main

    try:
        rc = main(["forecast", *args])
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--column", "nope"], "There is no column 'nope'; the file has: when, level"),
        (["--column", "level", "--models", "mlp,bert"], "choose from mlp, cnn, rnn, lstm, gru"),
        (["--column", "level", "--window", "300"], "need at least"),
        (["--column", "level", "--window", "0"], "must be at least 1"),
    ],
)
def test_cli_user_errors_exit_2_with_one_line(capsys, sine_csv, args, message):
    rc, _, err = _main(capsys, "--csv", str(sine_csv), *args)
    assert rc == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_missing_file(capsys, tmp_path):
    rc, _, err = _main(capsys, "--csv", str(tmp_path / "absent.csv"), "--column", "v")
    assert rc == 2 and "absent.csv" in err
