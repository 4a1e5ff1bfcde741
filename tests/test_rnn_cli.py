"""CLI: nationality, gradients (JSON), one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from util import ROOT

from models.cli import main


def test_nationality_json(capsys):
    assert main(["nationality", "--json", "Virtanen", "Yılmaz"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.strip().splitlines()]
    assert [r["name"] for r in lines] == ["Virtanen", "Yılmaz"]
    for r in lines:
        assert len(r["predictions"]) == 3
        assert set(r["predictions"][0]) == {"label", "prob"}
        probs = [p["prob"] for p in r["predictions"]]
        assert probs == sorted(probs, reverse=True) and 0 < probs[0] <= 1
        assert r["sure"] == (probs[0] >= r["threshold"]) and 0 < r["threshold"] < 1  # the page's "not sure"


def test_gradients_json(capsys):
    assert main(["gradients", "--cell", "lstm", "--length", "12", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cell"] == "lstm" and out["length"] == 12 and len(out["norms"]) == 12
    assert out["norms"][-1] > out["norms"][0] > 0  # the gradient shrinks going back in time


@pytest.mark.parametrize(
    "argv",
    [
        ["nationality", "--json", "   "],
        ["nationality", "12345"],
        ["gradients", "--cell", "rnn", "--length", "1"],
        ["gradients", "--cell", "transformer", "--length", "5"],
    ],
)
def test_bad_input_is_one_line_exit_2(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_exit_code_through_python_dash_m():
    r = subprocess.run(
        [sys.executable, "-m", "models", "nationality", "--json", "42"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "letter" in r.stderr
