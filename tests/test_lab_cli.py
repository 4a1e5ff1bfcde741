"""``python -m models train cnn``: one JSON line per epoch and a final line; bad arguments exit 2 with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from util import ROOT, TINY_CNN_ARGS

from models.lab.datasets import load_data
from models.lab.lab import LabConfig, build_model, predict
from models.store import safe_load

ENV = dict(os.environ, CLASSROOM_TORCH_THREADS="1")


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "models", "train", "cnn", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_train_cnn_json_lines_and_checkpoint(tmp_path):
    out = tmp_path / "lab.pt"
    r = _cli(
        *TINY_CNN_ARGS,
        "--out",
        str(out),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 3
    for i, row in enumerate(lines[:2], start=1):
        assert (
            set(row) == {"epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr"}
            and row["epoch"] == i
        )
    final = lines[-1]
    assert final["final"] is True and final["state"] == "finished" and final["val_acc"] == lines[1]["val_acc"]
    assert final["val_acc"] > 0.8 and final["config"]["seed"] == 3
    ckpt = safe_load(out.read_bytes())
    model = build_model(LabConfig.from_dict(ckpt["config"]))
    model.load_state_dict(ckpt["state_dict"])
    data = load_data("digits8x8")
    acc = float((predict(model, data.val.tensors[0]).argmax(1) == data.val.tensors[1].numpy()).mean())
    assert abs(acc - final["val_acc"]) < 1e-9  # the checkpoint is the model that was measured


def test_train_cnn_bad_arguments_one_line_exit_2(capsys):
    """In-process (the subprocess path is covered above; each extra interpreter costs ~10 s of imports)."""
    from models.cli import main

    for args, needle in (
        (["--model", "googlenet"], "mlp, lenet5, alexnet, vgg, resnet"),
        (["--optimizer", "rmsprop"], "sgd, sgdm, adam"),
        (["--dataset", "cifar10"], "mnist5k, digits8x8"),
        (["--dropout", "0.95"], "dropout must be between 0 and 0.9"),
        (["--epochs", "two"], "invalid int value"),
    ):
        try:
            code = main(["train", "cnn", *args, "--json"])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        err = capsys.readouterr().err
        assert code == 2, (args, err)
        assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err
