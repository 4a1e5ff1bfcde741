"""``--executor local|ray`` on the ``train`` subcommands whose training has a job builder (models.training.jobs):
``train translator`` and ``train tagger`` here (``train cnn``: tests/test_training_worker.py and
tests/test_training_ray.py). With ``--executor local`` the job trains in a worker process of the local pool
(``Trainer.run`` is made to fail in this process to prove it) and the command prints the same JSON keys, and the
same numbers, as the default in-process run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from util import ROOT

from models.cli import main
from models.training import loop

TRANSLATOR = ["train", "translator", "--direction", "en-ko", "--epochs", "1", "--hidden", "16"]
TRANSLATOR += ["--train-limit", "64", "--batch-size", "32", "--seed", "1", "--json"]
TAGGER = ["train", "tagger", "--epochs", "2", "--seed", "1", "--json"]

_WORDS = [("the", "DET"), ("cat", "NOUN"), ("sees", "VERB"), ("a", "DET"), ("dog", "NOUN"), (".", "PUNCT")]


@pytest.fixture
def tiny_conllu(tmp_path):
    """20 sentences (every 10th is held out by `train tagger`), made here: the test needs no treebank."""
    lines = []
    for n in range(20):
        words = _WORDS[n % 3 :] + _WORDS[: n % 3]
        lines.append(f"# sent_id = s{n}")
        for i, (w, t) in enumerate(words, 1):
            lines.append(f"{i}\t{w}\t{w}\t{t}\t_\t_\t0\tdep\t_\t_")
        lines.append("")
    path = tmp_path / "tiny.conllu"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json_lines(capsys, argv: list[str]) -> list[dict]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    return [json.loads(x) for x in out.splitlines() if x.startswith("{")]


def _in_a_worker(capsys, monkeypatch, argv: list[str]) -> list[dict]:
    def not_here(self, *a, **k):
        raise AssertionError("--executor local trained in the command's own process")

    with monkeypatch.context() as m:
        m.setattr(loop.Trainer, "run", not_here)  # the worker is another process: its Trainer.run is intact
        return _json_lines(capsys, [*argv, "--executor", "local"])


def test_train_translator_with_executor_local_trains_in_a_worker(capsys, monkeypatch):
    here = _json_lines(capsys, TRANSLATOR)
    there = _in_a_worker(capsys, monkeypatch, TRANSLATOR)
    assert len(here) == len(there) == 1
    assert set(there[0]) == set(here[0])
    assert there[0]["state"] == here[0]["state"] == "finished"
    assert there[0]["steps"] == here[0]["steps"] == 2  # 64 numbers / batches of 32, one epoch
    assert there[0]["val_loss"] == pytest.approx(here[0]["val_loss"], rel=1e-5)  # same spec, same seed


def test_train_tagger_with_executor_local_trains_in_a_worker(capsys, monkeypatch, tiny_conllu, tmp_path):
    from models.store import safe_load
    from models.tagging.conllu_io import heldout_split, read_conllu
    from models.tagging.train import TrainSettings, make_trainer

    argv = [*TAGGER, "--conllu", str(tiny_conllu)]
    here = _json_lines(capsys, argv)
    there = _in_a_worker(capsys, monkeypatch, [*argv, "--out", str(tmp_path / "worker.pt")])
    trained = safe_load(tmp_path / "worker.pt")["state_dict"]
    untrained = make_trainer(*heldout_split(read_conllu(tiny_conllu)), TrainSettings(epochs=2, seed=1))[
        0
    ].model
    changed = [k for k, v in untrained.state_dict().items() if not bool((trained[k] == v).all())]
    assert changed, "the checkpoint holds the untrained weights: the worker's weights did not come back"
    here[-1].pop("out"), there[-1].pop("out")
    assert [r["event"] for r in there] == [r["event"] for r in here] == ["epoch", "epoch", "done"]
    assert [set(r) for r in there] == [set(r) for r in here]
    assert (
        there[-1]["heldout_tokens"] == here[-1]["heldout_tokens"] > 0
    )  # measured here on the returned model
    # (no equality of the losses: the tagger's word dropout draws from torch's global RNG, whose state differs
    # between this process and a fresh worker)


def test_executor_with_save_is_refused_in_one_line(capsys):
    assert main([*TRANSLATOR, "--save", "--executor", "local"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--executor" in err


def test_train_tagger_on_a_local_ray(tiny_conllu):
    pytest.importorskip("ray")
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}  # a local Ray, not someone's cluster
    env["CLASSROOM_TORCH_THREADS"] = "1"
    argv = [*TAGGER, "--conllu", str(tiny_conllu)]
    r = subprocess.run(
        [sys.executable, "-m", "models", *argv, "--executor", "ray"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert [x["event"] for x in rows] == ["epoch", "epoch", "done"]  # epochs streamed back from the actor
    assert rows[-1]["heldout_tokens"] > 0
