"""CLI: ``caption`` on images (good and unreadable) and ``train captioner`` on a tiny Flickr-format folder made here."""

from __future__ import annotations

import json

import pytest

from models.caption.flickr import read_captions
from models.caption.shapes import generate_scene
from models.cli import main
from models.errors import InputError


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_caption_command_json_and_unreadable(tmp_path, capsys):
    scene = generate_scene(123_456_789, variations=False)
    good = tmp_path / "scene.png"
    scene.image.save(good)
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not an image")
    code = main(["caption", "--json", "--beam", "3", str(good), str(bad)])
    out = capsys.readouterr()
    assert code == 2  # one file failed
    rows = _json_lines(out.out)
    assert len(rows) == 1 and rows[0]["file"] == str(good)
    assert rows[0]["caption"] == rows[0]["beams"][0]["caption"]
    assert len(rows[0]["beams"]) == 3
    lps = [b["logprob"] for b in rows[0]["beams"]]
    assert lps == sorted(lps, reverse=True)
    assert "broken.png" in out.err and len(out.err.strip().splitlines()) == 1


def test_caption_command_bad_arguments(tmp_path, capsys):
    img = tmp_path / "a.png"
    generate_scene(1).image.save(img)
    assert main(["caption", "--beam", "11", str(img)]) == 2
    assert main(["caption", "--model", "no_such_model", str(img)]) == 2
    assert "choose one of" in capsys.readouterr().err
    assert main(["caption", "--model", str(tmp_path / "missing.pt"), str(img)]) == 2


def _flickr_dir(root, n_images=12):
    images = root / "Images"
    images.mkdir(parents=True)
    lines = ["image,caption"]
    for i in range(n_images):
        sc = generate_scene(4242 + i, variations=False, side=96)
        name = f"img_{i:03d}.jpg"
        sc.image.save(images / name, quality=90)
        lines.append(f"{name},{sc.caption.capitalize()}.")
        lines.append(f'{name},"There is {sc.caption}, drawn on a plain background."')
    lines.append("missing.jpg,a caption for an image that is not there")
    (root / "captions.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_read_captions_and_errors(tmp_path):
    d = _flickr_dir(tmp_path / "data", 3)
    image_dir, caps = read_captions(d)
    assert image_dir.name == "Images" and len(caps) == 3 and all(len(v) == 2 for v in caps.values())
    with pytest.raises(InputError, match="captions.txt"):
        read_captions(tmp_path)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "captions.txt").write_text("file,text\na.jpg,hello\n")
    with pytest.raises(InputError, match="image,caption"):
        read_captions(tmp_path / "x")


def test_train_captioner_on_a_tiny_flickr_folder(tmp_path, capsys):
    d = _flickr_dir(tmp_path / "flickr")
    out = tmp_path / "mine.pt"
    code = main(["train", "captioner", "--data", str(d), "--epochs", "1", "--out", str(out), "--json"])
    assert code == 0
    summary = _json_lines(capsys.readouterr().out)[-1]
    assert summary["images"] + summary["val_images"] == 12 and summary["captions"] == 2 * summary["images"]
    assert 0.0 <= summary["val_bleu4"] <= 1.0 and summary["out"] == str(out)
    assert out.is_file()
    # the trained checkpoint captions images through the same CLI
    img = d / "Images" / "img_000.jpg"
    assert main(["caption", "--json", "--model", str(out), str(img)]) == 0
    row = _json_lines(capsys.readouterr().out)[0]
    assert isinstance(row["caption"], str)
    # and loads with weights_only the way the page loads it
    from models.caption.inference import load_file

    cap = load_file(out.read_bytes(), name="mine.pt")
    assert "flickr" in cap.meta["trained_on"]


def test_train_captioner_bad_folder(tmp_path, capsys):
    assert main(["train", "captioner", "--data", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
