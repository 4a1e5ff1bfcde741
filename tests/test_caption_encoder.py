"""`train captioner --encoder efficientnet_lite0`: the attention decoder trained on frozen Lite0 feature grids of a
small generated Flickr-style folder; the result loads in the caption CLI/page path (weights-only, no backbone
inside) and describes fresh pictures far better than chance. The bundled shapes captioner is untouched."""

from __future__ import annotations

import csv
import json

import pytest
import torch

from models.caption.inference import load_bundled, load_captioner
from models.caption.shapes import COLOURS, SHAPES, generate_scene
from models.cli import main


def _flickr_folder(root, n: int, seed0: int):
    (root / "Images").mkdir(parents=True)
    with open(root / "captions.txt", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "caption"])
        for i in range(n):
            sc = generate_scene(seed0 + i, n=1)
            sc.image.save(root / "Images" / f"{i}.jpg")
            w.writerow([f"{i}.jpg", sc.caption])
            w.writerow([f"{i}.jpg", sc.caption.replace("a ", "one ", 1)])  # a second reference, Flickr-style
    (root / "Images" / "broken.jpg").write_bytes(b"not a jpeg")
    with open(root / "captions.txt", "a", newline="") as f:
        csv.writer(f).writerow(["broken.jpg", "a broken picture"])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("flickr")
    _flickr_folder(root / "data", 150, seed0=10_000)
    out = root / "lite.pt"
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(
            [
                "train",
                "captioner",
                "--data",
                str(root / "data"),
                "--encoder",
                "efficientnet_lite0",
                "--epochs",
                "8",
                "--out",
                str(out),
                "--json",
            ]
        )
    assert code == 0
    return out, json.loads(buf.getvalue().strip().splitlines()[-1])


def test_training_report_and_checkpoint(trained):
    out, summary = trained
    assert summary["encoder"] == "efficientnet_lite0" and summary["state"] == "finished"
    assert summary["images"] + summary["val_images"] == 150  # the broken picture was skipped
    ckpt = torch.load(out, map_location="cpu", weights_only=True)
    assert ckpt["config"]["encoder"] == "efficientnet_lite0" and ckpt["config"]["grid"] == 7
    assert not any(
        k.startswith("encoder.") and "conv" in k for k in ckpt["state_dict"]
    )  # backbone not inside
    assert out.stat().st_size < 3_000_000


def test_loaded_captioner_describes_fresh_pictures(trained):
    out, _ = trained
    cap = load_captioner(str(out))
    scenes = [generate_scene(80_000_000 + i, n=1) for i in range(30)]
    shape_ok = colour_ok = 0
    for sc in scenes:
        res = cap.caption(sc.image, beam=2)
        words = res["caption"].split()
        obj = sc.objects[0]
        shape_ok += obj.shape in words
        colour_ok += obj.colour in words
        assert len(res["beams"]) == 2
    # chance is 1/3 for the shape and 1/6 for the colour
    assert shape_ok / 30 >= 0.8 and colour_ok / 30 >= 0.6, (shape_ok, colour_ok)
    steps = cap.greedy(scenes[0].image).steps
    assert len(steps[0].attention) == 7 and len(steps[0].attention[0]) == 7


def test_caption_cli_uses_the_trained_file(trained, tmp_path, capsys):
    out, _ = trained
    img = tmp_path / "q.png"
    generate_scene(90_000_123, n=1).image.save(img)
    assert main(["caption", "--model", str(out), "--json", str(img)]) == 0
    obj = json.loads(capsys.readouterr().out.strip())
    vocab = set(SHAPES) | set(COLOURS) | {"a", "one", "small", "large"}
    assert obj["caption"] and set(obj["caption"].split()) <= vocab


def test_unknown_encoder_is_refused(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["train", "captioner", "--data", str(tmp_path), "--encoder", "vgg"])
    assert e.value.code == 2


def test_bundled_shapes_captioner_keeps_its_own_cnn():
    cap = load_bundled()
    assert cap.model.config.encoder == "cnn" and cap.model.config.grid == 8
    assert cap.tensor(generate_scene(1).image).dtype == torch.uint8


def test_caption_page_loads_the_lite_encoder_checkpoint(trained):
    from util import apptest

    out, _ = trained
    at = apptest("app_pages/caption.py").run()
    at.radio(key="cap_model").set_value("own").run()
    at.file_uploader(key="cap_ckpt").set_value(
        ("lite.pt", out.read_bytes(), "application/octet-stream")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Loaded lite.pt" in s.value for s in at.success)
    assert not at.error and len(at.dataframe) == 1  # a caption with its per-word table, attention over 7x7
