"""models/teach: the split, k-fold, head training, export/import round trip, bad inputs, feature cache."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from hostile import bad_checkpoints
from PIL import Image

from models.errors import InputError, WeightsCorruptError
from models.teach.data import MAX_IMAGES_PER_CLASS, STORE_SIDE, TeachSet, prepare, read_folder, sample_images
from models.teach.evaluate import HOLDOUT_MIN, TEST_FRACTION, evaluate, plan_split
from models.teach.export import classes_json, head_bytes, load_head, save_head
from models.teach.learners import (
    HeadConfig,
    ScratchConfig,
    head_trainer,
    probabilities,
    scratch_pixels,
    scratch_trainer,
)


def _png(colour, size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


# -- split -----------------------------------------------------------------------------------------
def test_holdout_split_is_stratified_and_disjoint():
    y = np.repeat([0, 1, 2], [10, 14, 20])
    s = plan_split(y, seed=3)
    assert s.kind == "holdout" and s.k == 1
    tr, te = s.folds[0]
    assert set(tr).isdisjoint(te) and sorted(np.concatenate([tr, te])) == list(range(len(y)))
    for c, n in zip(range(3), (10, 14, 20)):
        held = int((y[te] == c).sum())
        assert abs(held - TEST_FRACTION * n) <= 1  # each class held out in proportion
    assert plan_split(y, seed=3).folds[0][1].tolist() == te.tolist()  # seeded
    assert plan_split(y, seed=4).folds[0][1].tolist() != te.tolist()


def test_kfold_when_a_class_is_small_tests_every_image_once():
    y = np.repeat([0, 1], [HOLDOUT_MIN - 1, 30])
    s = plan_split(y)
    assert s.kind == "kfold" and s.k == 5
    tested = np.concatenate([te for _, te in s.folds])
    assert sorted(tested) == list(range(len(y)))
    for tr, te in s.folds:
        assert set(tr).isdisjoint(te) and set(y[te]) == {0, 1}
    assert plan_split(np.repeat([0, 1], [3, 12])).k == 3  # k never exceeds the smallest class
    assert "3-fold" in plan_split(np.repeat([0, 1], [3, 12])).describe()


@pytest.mark.parametrize("labels, words", [([0, 0, 1], "class 'b' has 1 image"), ([0, 0, 0], "2 classes")])
def test_split_refuses_what_cannot_be_measured(labels, words):
    with pytest.raises(InputError, match=words):
        plan_split(np.array(labels), names=["a", "b"])


# -- the user's classes ----------------------------------------------------------------------------
def test_teach_set_problems_name_what_is_wrong():
    ts = TeachSet(["cats", "", "Cats", "empty"])
    ts.add(0, [("a.png", _png("red"))])
    ts.add(2, [("b.png", _png("blue"))])
    codes = [c for c, _ in ts.problems()]
    assert codes.count("empty_class") == 2 and "unnamed_class" in codes and "duplicate_name" in codes
    one = TeachSet(["only"])
    one.add(0, [("a.png", _png("red"))])
    assert [c for c, _ in one.problems()] == ["too_few_classes"]
    ok = TeachSet(["a", "b"])
    ok.add(0, [("a.png", _png("red"))])
    ok.add(1, [("b.png", _png("blue"))])
    assert ok.problems() == []
    assert [c for c, _ in ok.measure_problems()] == ["too_few_to_measure", "too_few_to_measure"]


def test_corrupt_files_are_listed_and_readable_ones_kept():
    ts = TeachSet(["a", "b"])
    rep = ts.add(
        0,
        [
            ("good.png", _png("red")),
            ("broken.png", b"\x89PNG\r\n\x1a\n garbage"),
            ("same-again.png", _png("red")),
            ("other.png", _png("green")),
        ],
    )
    assert rep.added == 2 and rep.duplicates == 1
    assert [n for n, _ in rep.unreadable] == ["broken.png"] and rep.unreadable[0][1]
    assert len(ts.classes[0].images) == 2


def test_a_200_image_upload_keeps_the_class_limit_and_says_how_many_were_left_out():
    ts = TeachSet(["many", "other"])
    rep = ts.add(0, ((f"{i}.png", _png((i % 256, i // 256, 7), (8, 8))) for i in range(200)))
    assert rep.added == MAX_IMAGES_PER_CLASS and rep.over_limit == 200 - MAX_IMAGES_PER_CLASS
    assert len(ts.classes[0].images) == MAX_IMAGES_PER_CLASS


def test_prepare_shrinks_and_keys_by_content():
    big = Image.new("RGB", (1000, 600), "white")
    a = prepare(big)
    assert min(a.image.size) == STORE_SIDE and a.image.size[0] > a.image.size[1]
    assert prepare(big.copy()).key == a.key != prepare(Image.new("RGB", (1000, 600), "black")).key


@pytest.mark.parametrize("set_name, member", [("shapes", "triangle"), ("digits", "7"), ("photos", "coffee")])
def test_sample_sets_are_seeded(set_name, member):
    a = sample_images(set_name, member, 3, seed=1)
    assert [x.key for x in a] == [x.key for x in sample_images(set_name, member, 3, seed=1)]
    assert len({x.key for x in a}) == 3
    assert {x.key for x in a}.isdisjoint(x.key for x in sample_images(set_name, member, 3, seed=2))
    if set_name == "shapes":
        assert all("triangle" in x.source for x in a)
    with pytest.raises(InputError, match="choose one of"):
        sample_images(set_name, "nonsense", 1)


# -- folders ---------------------------------------------------------------------------------------
def test_read_folder_layouts_and_bad_folders(tmp_path):
    for split in ("train", "test"):
        for c, colour in (("red", "red"), ("blue", "blue")):
            d = tmp_path / "tt" / split / c
            d.mkdir(parents=True)
            for i in range(2):
                (d / f"{i}.png").write_bytes(_png(colour, (10 + i, 10)))
    (tmp_path / "tt" / "train" / "red" / "bad.jpg").write_bytes(b"nope")
    fd = read_folder(tmp_path / "tt")
    assert fd.layout == "train/test" and fd.train.names == ["blue", "red"]
    assert [len(c.images) for c in fd.test.classes] == [2, 2] and fd.unreadable[0][0].endswith("bad.jpg")
    (tmp_path / "none").mkdir()
    with pytest.raises(InputError, match="no class folders"):
        read_folder(tmp_path / "none")
    with pytest.raises(InputError, match="one class folder"):
        _one_class(tmp_path)
    (tmp_path / "emptyclass" / "a").mkdir(parents=True)
    (tmp_path / "emptyclass" / "b").mkdir(parents=True)
    (tmp_path / "emptyclass" / "a" / "x.png").write_bytes(_png("red"))
    (tmp_path / "emptyclass" / "b" / "x.png").write_bytes(b"broken")
    with pytest.raises(InputError, match="'b' has no readable images"):
        read_folder(tmp_path / "emptyclass")
    with pytest.raises(InputError, match="not a folder"):
        read_folder(tmp_path / "missing")


def _one_class(tmp_path):
    d = tmp_path / "one" / "solo"
    d.mkdir(parents=True)
    (d / "x.png").write_bytes(_png("red"))
    return read_folder(tmp_path / "one")


# -- training and evaluation -----------------------------------------------------------------------
def _blobs(n_per=12, k=3, dim=1280, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(k, dim, generator=g) * 0.5
    x = torch.cat([centres[c] + torch.randn(n_per, dim, generator=g) for c in range(k)])
    return x.relu(), np.repeat(np.arange(k), n_per)


def test_head_learns_separable_features_and_is_seeded():
    x, y = _blobs()
    t = head_trainer(x, y, 3, HeadConfig(epochs=20))
    t.run()
    assert t.state == "finished" and len(t.history.epochs) == 20
    assert (probabilities(t.model, x).argmax(1) == y).mean() == 1.0
    t2 = head_trainer(x, y, 3, HeadConfig(epochs=20))
    t2.run()
    assert torch.equal(t.model.weight, t2.model.weight)


def test_evaluate_reports_out_of_fold_predictions():
    x, y = _blobs(n_per=6)
    split = plan_split(y, seed=0)
    ev = evaluate(x, y, ["a", "b", "c"], split, lambda xx, yy: head_trainer(xx, yy, 3, HeadConfig(epochs=15)))
    assert split.kind == "kfold" and sorted(ev.index) == list(range(18))
    assert ev.matrix.sum() == 18 and ev.accuracy == pytest.approx(np.trace(ev.matrix) / 18)
    assert set(ev.per_class) == {"a", "b", "c"} and ev.accuracy > 0.9
    # labels shuffled: nothing to learn, so held-out accuracy must drop to chance-ish levels
    rng = np.random.default_rng(0)
    bad = evaluate(
        x,
        rng.permutation(y),
        ["a", "b", "c"],
        plan_split(rng.permutation(y)),
        lambda xx, yy: head_trainer(xx, yy, 3, HeadConfig(epochs=15)),
    )
    assert bad.accuracy < 0.7


def test_scratch_cnn_overfits_a_tiny_batch():
    items = sample_images("shapes", "circle", 4, seed=5) + sample_images("shapes", "square", 4, seed=5)
    x = scratch_pixels(items)
    assert x.shape == (8, 3, 32, 32) and float(x.min()) >= 0 and float(x.max()) <= 1
    t = scratch_trainer(x, [0] * 4 + [1] * 4, 2, ScratchConfig(epochs=60, batch_size=8))
    t.run()
    assert (probabilities(t.model, x).argmax(1) == np.array([0] * 4 + [1] * 4)).all()


# -- export / import -------------------------------------------------------------------------------
def test_export_import_round_trip(tmp_path):
    x, y = _blobs()
    t = head_trainer(x, y, 3, HeadConfig(epochs=5))
    t.run()
    classes = ["cat", "cup", "고양이"]
    pt, names = save_head(t.model, classes, tmp_path / "head.pt")
    assert json.loads(names.read_text(encoding="utf-8")) == {"classes": classes}
    head, got, meta = load_head(pt, names)
    assert got == classes and meta["backbone"] == "efficientnet_lite0"
    assert np.allclose(probabilities(head, x), probabilities(t.model, x))
    head2, _, _ = load_head(head_bytes(t.model, classes), classes_json(classes))
    assert torch.equal(head2.weight, t.model.weight)
    with pytest.raises(WeightsCorruptError, match="does not match"):
        load_head(pt, classes_json(["dog", "cup", "x"]))


@pytest.mark.parametrize("name, data", bad_checkpoints())
def test_import_refuses_hostile_and_foreign_checkpoints(name, data):
    with pytest.raises(WeightsCorruptError):
        load_head(data)


def test_import_refuses_wrong_shapes():
    buf = io.BytesIO()
    torch.save(
        {
            "format": "teach-head/1",
            "classes": ["a", "b"],
            "state_dict": {"weight": torch.zeros(3, 1280), "bias": torch.zeros(3)},
        },
        buf,
    )
    with pytest.raises(WeightsCorruptError, match="weight must be"):
        load_head(buf.getvalue())


def test_extreme_strips_are_padded_to_a_sane_shape():
    strip = prepare(Image.new("RGB", (10_000, 10), "red"))
    w, h = strip.image.size
    assert w / h <= 4.01 and min(w, h) >= 1 and max(w, h) <= 4 * STORE_SIDE
    tall = prepare(Image.new("RGB", (3, 900), "blue"))
    assert tall.image.size[1] / tall.image.size[0] <= 4.01
