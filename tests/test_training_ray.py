"""The Ray executor runs the same job spec end to end on a local Ray (started by the command, loopback only):
per-epoch rows stream back, the weights come back, and the result equals the same training in-process."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from conftest import IN_CI
from util import ROOT, TINY_CNN_ARGS

from models.lab.lab import LabConfig, build_run
from models.store import safe_load

if importlib.util.find_spec("ray") is None:
    if IN_CI:
        raise RuntimeError("ray is missing: `make test` installs requirements-ray.txt")
    pytest.skip("ray is not installed (pip install -r requirements-ray.txt)", allow_module_level=True)

ARGS = [*TINY_CNN_ARGS, "--json"]


def test_train_cnn_on_a_local_ray_equals_the_in_process_run(tmp_path):
    out = tmp_path / "ray.pt"
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}  # a local Ray, not someone's cluster
    env["CLASSROOM_TORCH_THREADS"] = "1"
    r = subprocess.run(
        [sys.executable, "-m", "models", "train", "cnn", *ARGS, "--executor", "ray", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert [x.get("epoch") for x in lines[:2]] == [1, 2]  # streamed from the actor, one line per epoch
    final = lines[-1]
    assert (
        final["final"]
        and final["state"] == "finished"
        and final["executor"] == "ray"
        and final["steps"] == 46
    )
    cfg = LabConfig(
        dataset="digits8x8",
        model="mlp",
        epochs=2,
        optimizer="adam",
        lr=0.003,
        dropout=0.0,
        schedule="constant",
        batch_size=64,
        seed=3,
    )
    here = build_run(cfg)
    here.trainer.run()
    assert final["val_acc"] == here.trainer.history.epochs[-1]["val_acc"]  # same spec, same seed, same result
    ckpt = safe_load(out.read_bytes())  # the weights that came back from the actor
    for k, v in here.model.state_dict().items():
        assert bool((ckpt["state_dict"][k] == v).all()), k


def test_ray_executor_without_ray_installed_says_how_to_get_it(monkeypatch):
    from models.training import remote

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(remote, "_executors", {})
    with pytest.raises(ValueError, match="requirements-ray.txt"):
        remote.get_executor("ray")
