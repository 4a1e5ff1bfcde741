"""`python -m models teach --data DIR --json`: one JSON object on a generated ImageFolder; bad folders exit 2
with one line; unreadable files are named and the readable ones still used."""

from __future__ import annotations

import json

import pytest

from models.cli import main
from models.teach.data import sample_images
from models.teach.export import load_head


def _write(root, members, n, seed):
    for m in members:
        d = root / m
        d.mkdir(parents=True, exist_ok=True)
        for i, it in enumerate(sample_images("shapes", m, n, seed=seed)):
            it.image.save(d / f"{i}.png")


@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("teach") / "shapes"
    _write(root, ("circle", "square"), 12, seed=11)
    return root


def _run(capsys, *argv):
    code = main(["teach", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_teach_folder_json_and_saved_head(shapes_dir, tmp_path, capsys):
    code, out, err = _run(capsys, "--data", str(shapes_dir), "--json", "--save", str(tmp_path / "h.pt"))
    assert code == 0, err
    obj = json.loads(out)
    assert obj["classes"] == ["circle", "square"]
    assert obj["train_images"] + obj["test_images"] == 24 and obj["test_images"] == 8  # 30 % of 12 per class
    assert "hold-out" in obj["split"] and set(obj["per_class"]) == {"circle", "square"}
    assert obj["test_accuracy"] >= 0.85
    _head, classes, meta = load_head(tmp_path / "h.pt", tmp_path / "h.json")
    assert classes == ["circle", "square"] and meta["trained_images"] == 24


def test_train_test_layout_and_unreadable_files(tmp_path, capsys):
    _write(tmp_path / "d" / "train", ("circle", "triangle"), 6, seed=1)
    _write(tmp_path / "d" / "test", ("circle", "triangle"), 3, seed=2)
    (tmp_path / "d" / "train" / "circle" / "broken.jpg").write_bytes(b"\xff\xd8\xff broken")
    code, out, err = _run(capsys, "--data", str(tmp_path / "d"), "--json")
    obj = json.loads(out)
    assert obj["layout"] == "train/test" and obj["train_images"] == 12 and obj["test_images"] == 6
    assert obj["unreadable"] == [str(tmp_path / "d" / "train" / "circle" / "broken.jpg")]
    assert code == 2 and len(err.strip().splitlines()) == 1 and "broken.jpg" in err


def test_kfold_when_classes_are_small(tmp_path, capsys):
    _write(tmp_path / "s", ("circle", "square"), 4, seed=3)
    code, out, err = _run(capsys, "--data", str(tmp_path / "s"), "--json")
    assert code == 0, err
    obj = json.loads(out)
    assert "4-fold" in obj["split"] and obj["test_images"] == 8


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda r: r.mkdir(), "no class folders"),
        (lambda r: _write(r, ("circle",), 2, 0), "one class folder"),
        (lambda r: (_write(r, ("circle",), 2, 0), (r / "empty").mkdir()), "'empty' has no readable images"),
        (
            lambda r: (
                _write(r, ("circle",), 2, 0),
                (r / "junk").mkdir(),
                (r / "junk" / "a.png").write_bytes(b"x"),
            ),
            "'junk' has no readable images",
        ),
        (lambda r: (_write(r, ("circle",), 3, 0), _write(r, ("square",), 1, 0)), "'square' has 1 image"),
        (lambda r: None, "is not a folder"),
    ],
)
def test_bad_folders_exit_2_with_one_line(tmp_path, capsys, make, words):
    root = tmp_path / "bad"
    make(root)
    code, out, err = _run(capsys, "--data", str(root), "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err


def test_bad_arguments_exit_2(capsys, shapes_dir):
    with pytest.raises(SystemExit) as e:
        main(["teach", "--data", str(shapes_dir), "--model", "resnet9000"])
    assert e.value.code == 2
    code, _, err = _run(capsys, "--data", str(shapes_dir), "--epochs", "0")
    assert code == 2 and "--epochs" in err
