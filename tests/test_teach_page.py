"""Teach page (AppTest): texts, quick start -> train -> live runs end -> accuracy, confusion matrix; bad inputs get
plain messages; try a new picture; export and load the head back."""

from __future__ import annotations

import io
import os
import time

import torch
from PIL import Image
from util import apptest

from models.teach.data import sample_images
from models.teach.export import classes_json, head_bytes
from models.teach.learners import HeadConfig, head_trainer
from ui.text.teach import TEXT

PAGE = "app_pages/teach.py"
os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")


def test_text_keys_equal_in_both_languages():
    assert set(TEXT["en"]) == set(TEXT["ko"])
    assert all(v.strip() for lang in TEXT.values() for v in lang.values())


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "error", "warning", "info", "success")
        for e in at.get(kind)
    ]
    parts += [m.label + " " + m.value for m in at.get("metric")]
    return "\n".join(str(p) for p in parts)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _poll(at, cond, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(0.5)
        _ok(at.run())
        if cond(at):
            return at
    raise AssertionError("timed out: " + _texts(at)[-800:])


def test_empty_classes_get_a_plain_message():
    at = _ok(apptest(PAGE).run())
    assert at.title[0].value == TEXT["en"]["title"]
    _ok(at.button(key="teach-train").click().run())
    errors = " ".join(e.value for e in at.error)
    assert "has no pictures" in errors and "Teach at least 2 classes" in errors
    assert not at.get("plotly_chart")


def test_one_picture_in_a_class_cannot_be_measured():
    at = _ok(apptest(PAGE).run())
    at.slider(key="teach-count-0").set_value(2)
    at.slider(key="teach-count-1").set_value(2)
    _ok(at.button(key="teach-add-0").click().run())
    _ok(at.button(key="teach-add-1").click().run())
    state = at.session_state["teach-state"]
    del state["set"].classes[1].images[1:]  # one picture left in class 2
    _ok(at.button(key="teach-train").click().run())
    assert "at least 2 per class" in " ".join(e.value for e in at.error)


def test_quick_start_train_results_try_and_export_round_trip():
    at = _ok(apptest(PAGE).run())
    _ok(at.button(key="teach-example").click().run())
    assert at.number_input(key="teach-n").value == 3
    assert [at.text_input(key=f"teach-name-{i}").value for i in range(3)] == ["circle", "square", "triangle"]
    _ok(at.button(key="teach-train").click().run())
    assert "held out" in _texts(at)  # 12 per class: the stated hold-out split
    _poll(at, lambda a: any(m.label == TEXT["en"]["probe_acc"] for m in a.get("metric")))
    metrics = {m.label: m.value for m in at.get("metric")}
    probe = float(metrics[TEXT["en"]["probe_acc"]].rstrip("%"))
    scratch = float(metrics[TEXT["en"]["scratch_acc"]].rstrip("%"))
    assert probe >= 90.0 and scratch < probe  # measured on the 9 held-out scenes (3 per class)
    assert len(at.get("plotly_chart")) == 3  # two live panels + the confusion matrix
    # try a new picture: a fresh triangle
    tri = sample_images("shapes", "triangle", 1, seed=77)[0].image
    at.file_uploader(key="teach-try-upload").set_value(("tri.png", _png(tri), "image/png"))
    _ok(at.run())
    assert "Prediction: **triangle**" in _texts(at)
    # a corrupt picture gets a sentence, not a traceback
    at.file_uploader(key="teach-try-upload").set_value(("bad.png", b"garbage", "image/png"))
    _ok(at.run())
    assert "cannot be used" in " ".join(e.value for e in at.error)
    # export buttons for the trained head; a head file made elsewhere loads back
    assert {b.proto.label for b in at.get("download_button")} >= {
        TEXT["en"]["download_head"],
        TEXT["en"]["download_classes"],
    }
    classes = ["circle", "square", "triangle"]
    t = head_trainer(torch.randn(6, 1280), [0, 1, 2, 0, 1, 2], 3, HeadConfig(epochs=1))
    t.run()
    data = head_bytes(t.model, classes)
    at.file_uploader(key="teach-load-pt").set_value(("h.pt", data, "application/octet-stream"))
    at.file_uploader(key="teach-load-json").set_value(
        ("h.json", classes_json(classes).encode(), "application/json")
    )
    _ok(at.run())
    assert "Loaded a head for 3 classes" in _texts(at)
    at.file_uploader(key="teach-load-pt").set_value(
        ("evil.pt", b"not a checkpoint", "application/octet-stream")
    )
    _ok(at.run())
    assert "cannot be used as a head" in " ".join(e.value for e in at.error)


def test_korean_page_renders():
    at = apptest(PAGE)
    at.session_state["lang"] = "ko"
    _ok(at.run())
    assert at.title[0].value == TEXT["ko"]["title"]
    _ok(at.button(key="teach-train").click().run())
    assert "사진이 없습니다" in " ".join(e.value for e in at.error)


def _clean(at, what: str) -> None:
    assert not at.exception, f"{what}: {[e.value for e in at.exception]}"
    for el in list(at.markdown) + list(at.error) + list(at.success) + list(at.warning) + list(at.caption):
        assert "<script>alert" not in str(el.value), f"{what}: user text rendered as markup"


def test_hostile_inputs_through_every_teach_input():
    import hostile

    at = apptest(PAGE).run()
    at.text_input(key="teach-name-0").set_value("<script>alert(1)</script>")
    at.radio(key="teach-src-0").set_value("upload")
    _clean(at.run(), "upload mode")
    for name, data in hostile.bad_images():
        at.file_uploader(key="teach-up-0").set_value([(name, data, "image/png")])
        _clean(at.run(), name)
    _clean(at.button(key="teach-train").click().run(), "train with hostile name")
    assert any("Class" in e.value for e in at.error)
    for name, data in hostile.bad_checkpoints():
        at.file_uploader(key="teach-load-pt").set_value((name, data, "application/octet-stream"))
        _clean(at.run(), name)
        assert any("cannot be used as a head" in e.value for e in at.error), name
    t = head_trainer(torch.randn(4, 1280), [0, 1, 0, 1], 2, HeadConfig(epochs=1))
    t.run()
    at.file_uploader(key="teach-load-pt").set_value(
        ("h.pt", head_bytes(t.model, ["<script>alert(1)</script>", "b"]), "application/octet-stream")
    )
    _clean(at.run(), "head with a hostile class name")
    for name, data in hostile.bad_images():
        at.file_uploader(key="teach-try-upload").set_value((name, data, "image/png"))
        _clean(at.run(), f"try {name}")


def test_small_classes_are_measured_by_kfold_on_the_page():
    at = _ok(apptest(PAGE).run())
    for i in range(2):
        at.slider(key=f"teach-count-{i}").set_value(4)
        _ok(at.button(key=f"teach-add-{i}").click().run())
    _ok(at.button(key="teach-train").click().run())
    assert "4-fold cross-validation" in _texts(at)
    _poll(at, lambda a: any(m.label == TEXT["en"]["probe_acc"] for m in a.get("metric")))
    assert "8 held-out pictures" in _texts(at)  # every picture tested once, by a model that did not see it
