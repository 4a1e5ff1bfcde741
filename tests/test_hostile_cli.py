"""The hostile corpus (tests/hostile.py) through every CLI path that takes user input.

Runs ``models.cli.main`` in-process (the same code as ``python -m models``; an exception escaping it fails
the test, which is what a traceback would be). Every bad input must give exit code 2 and one ``error:`` line
per bad item; good items in the same call are still processed; nothing is ever unpickled.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import hostile
import pytest

from models.cli import main

PWNED = ["/tmp/hostile-pwned", "/tmp/pwned-by-checkpoint"]


@pytest.fixture(autouse=True)
def _no_pwn():
    for p in PWNED:
        if os.path.exists(p):
            os.unlink(p)
    yield
    for p in PWNED:
        assert not os.path.exists(p), "a checkpoint's pickle code was executed"


def _write(tmp_path: Path, items) -> list[Path]:
    paths = []
    for name, data in items:
        p = tmp_path / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        paths.append(p)
    return paths


def _run(capsys, argv):
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return rc, [json.loads(line) for line in out.splitlines() if line.strip()], err.strip().splitlines()


@pytest.mark.parametrize("command", [["classify", "--model", "digits"], ["caption"]])
def test_bad_images_each_get_one_line_and_the_rest_is_processed(tmp_path, capsys, command):
    items = hostile.bad_images()
    paths = _write(tmp_path, items)
    good = tmp_path / "good.png"
    good.write_bytes(dict(items)["palette.png"])
    rc, results, errors = _run(capsys, [*command, "--json", *paths, good])
    assert rc == 2  # at least the 0-byte file is bad
    assert all(e.startswith("error:") for e in errors), errors
    named = {Path(r["file"]).name for r in results}
    assert "good.png" in named
    for name, _ in items:  # every file is either answered or named in exactly one error line
        hits = [e for e in errors if name in e]
        assert (name in named) != bool(hits), (name, hits)
        assert len(hits) <= 1
    for must_fail in ("zero.png", "text.png", "html.jpg", "bomb.png", "truncated.png"):
        assert must_fail not in named, must_fail


def test_hostile_text_through_tag_translate_nationality(capsys):
    texts = [t for _, t in hostile.bad_texts()]
    for t in texts:
        rc, results, errors = _run(capsys, ["tag", "--json", t])
        assert rc in (0, 2)
        if rc == 2:
            assert len(errors) == 1 and errors[0].startswith("error:")
        else:
            assert results and all("tokens" in r or "tag" in json.dumps(r) for r in results)
            assert "<script>" not in json.dumps([r for r in results if "html" in r])  # no rendered markup
    for direction in ("en-ko", "ko-en"):
        rc, results, errors = _run(capsys, ["translate", "--json", "--direction", direction, *texts])
        assert rc in (0, 2)
        assert len(results) + len(errors) >= 1
        assert all(e.startswith("error:") for e in errors)
    rc, results, errors = _run(capsys, ["nationality", "--json", *texts])
    assert rc in (0, 2)
    assert all(e.startswith("error:") for e in errors)
    assert len(results) + len(errors) >= 1


def test_hostile_csv_through_forecast(tmp_path, capsys):
    for path in _write(tmp_path, hostile.bad_csvs()):
        rc, _results, errors = _run(
            capsys,
            ["forecast", "--json", "--csv", path, "--column", "value", "--models", "mlp", "--epochs", "1"],
        )
        if path.name in ("empty.csv", "header-only.csv", "one-row.csv", "strings.csv", "binary.csv"):
            assert rc == 2, path.name
        assert rc in (0, 2), path.name
        if rc == 2:
            assert len(errors) == 1 and errors[0].startswith("error:"), (path.name, errors)


def test_hostile_conllu_through_tag_evaluate(tmp_path, capsys):
    for path in _write(tmp_path, hostile.bad_conllu()):
        rc, _results, errors = _run(capsys, ["tag", "--json", "--evaluate", path])
        assert rc == 2, path.name
        assert len(errors) == 1 and errors[0].startswith("error:"), (path.name, errors)


def test_hostile_checkpoints_through_weights_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    for path in _write(tmp_path, hostile.bad_checkpoints()):
        rc, _results, errors = _run(capsys, ["weights", "import", "--json", "--model", "resnet18", path])
        assert rc == 2, path.name
        assert len(errors) == 1 and errors[0].startswith("error:"), (path.name, errors)
    installed = list((tmp_path / "torch-home").rglob("*.pth"))
    assert installed == [], "a bad checkpoint was installed"
