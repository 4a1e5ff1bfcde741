"""Training lab, issue 18: a plateau schedule with a floor, LR labels that never overlap on a powers-of-ten axis,
the epochs range said in the label, a short data label, the watch preset (slow motion), Korean text."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import time

import pytest
from test_lab_page import _page

from models.lab import lab as L
from models.lab.lab import PLATEAU_MIN_FACTOR, LabConfig, StepFloor, build_run
from models.training import TrainingSlots
from ui.axes import log_axis, lr_change_marks
from ui.charts import training_curves

os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")


def test_plateau_schedule_drops_at_most_twice_and_stops_at_its_floor():
    # a learning rate too small to make progress: validation accuracy is flat for 30 epochs, the worst case for
    # a plateau schedule (the old settings divided the rate by 10 every second epoch: 0.03 -> 3e-09 and beyond)
    cfg = LabConfig(
        dataset="digits8x8",
        model="mlp",
        lr=1e-4,
        optimizer="sgd",
        schedule="plateau",
        epochs=30,
        max_batches_per_epoch=1,
        train_size=100,
        dropout=0.0,
    )
    run = build_run(cfg, slots=TrainingSlots(1))
    run.trainer.run()
    events = run.trainer.history.snapshot()["events"]
    assert 1 <= len(events) <= 2, events
    assert run.trainer.lr == pytest.approx(cfg.lr * PLATEAU_MIN_FACTOR)
    epochs_between = [b["epoch"] - a["epoch"] for a, b in itertools.pairwise(events)]
    assert all(d >= 3 for d in epochs_between)


def test_lr_labels_never_overlap_and_the_lr_axis_shows_powers_of_ten():
    # five drops in quick succession (as a teacher changing the rate by hand would make)
    events = [
        {"step": s, "epoch": 1, "old_lr": 0.03 / 10**i, "new_lr": 0.03 / 10 ** (i + 1), "reason": "plateau"}
        for i, s in enumerate((100, 110, 120, 400, 700))
    ]
    batches = [{"step": s, "loss": 1.0, "acc": 0.5, "lr": 0.03, "samples": 8} for s in range(1, 1001)]
    fig = json.loads(training_curves({"batches": batches, "epochs": [], "events": events}).to_json())
    lr_axis = fig["layout"]["yaxis3"]
    assert lr_axis["type"] == "log"
    assert all(math.log10(v) == round(math.log10(v)) for v in lr_axis["tickvals"])  # powers of ten only
    labels = [a for a in fig["layout"]["annotations"] if a.get("yref", "").startswith("y3")]
    assert labels and all(a["font"]["size"] >= 12 for a in labels)
    rows: dict[float, list[float]] = {}
    for a in labels:
        rows.setdefault(a["y"], []).append(a["x"])
    for xs in rows.values():  # within a row, labels are at least 14 % of the x span apart: no overlap
        xs.sort()
        assert all(b - a >= 0.14 * 1000 for a, b in itertools.pairwise(xs)), xs
    assert len(fig["layout"]["shapes"]) == len(events)  # every change keeps its line


def test_lr_change_marks_short_labels():
    ann, shapes = lr_change_marks(
        [{"step": 5, "old_lr": 0.03, "new_lr": 0.003, "reason": "plateau"}], "y3", 100
    )
    assert ann[0]["text"] == "÷10 → 0.003" and ann[0]["yref"] == "y3 domain" and len(shapes) == 1


def test_log_axis_labels_powers_of_ten_or_1_2_5():
    axis = log_axis([3e-9, 0.03])
    assert all(math.log10(v) == round(math.log10(v)) for v in axis["tickvals"])
    axis = log_axis([0.3, 0.9])  # under one decade: 1-2-5 steps
    assert axis["tickvals"] == [0.1, 0.2, 0.5, 1.0]
    axis = log_axis([1e-40, 1.0])  # many decades: thinned to at most 8 labels
    assert len(axis["tickvals"]) <= 8 and axis["ticktext"][0].startswith("10")


def test_step_floor_waits_for_the_rest_of_the_step(monkeypatch):
    clock = {"t": 100.0}
    slept: list[float] = []
    monkeypatch.setattr(L.time, "monotonic", lambda: clock["t"])
    monkeypatch.setattr(
        L.time, "sleep", lambda s: (slept.append(round(s, 6)), clock.update(t=clock["t"] + s))
    )
    floor = StepFloor(0.25)
    floor(None, {})  # first step: nothing to wait for
    clock["t"] += 0.05  # a 50 ms step
    floor(None, {})
    clock["t"] += 0.4  # a step slower than the floor
    floor(None, {})
    assert slept == [0.2]
    with pytest.raises(ValueError, match="min_step_seconds"):
        LabConfig(min_step_seconds=5)


def test_epochs_label_says_the_range_and_data_label_is_short():
    at = _page()
    box = at.number_input(key="lab-epochs")
    assert "1–30" in box.label and "30" in (box.help or "") and box.max == 30
    options = at.selectbox(key="lab-dataset").options
    assert all(len(o) <= 24 for o in options), options  # fits the narrow Data column
    assert any("28×28" in c.value for c in at.caption)  # the description is shown under the box instead


def test_watch_preset_sets_the_knobs_and_starts_a_slow_run():
    at = _page()
    at.button(key="lab-watch").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="lab-epochs").value == 20
    assert at.select_slider(key="lab-step-floor").value == 0.25
    assert at.selectbox(key="lab-dataset").value == "mnist5k"
    # the run trains in a worker process: it is queued until the pool's worker has started (python + torch)
    deadline = time.time() + 180
    while True:
        text = " ".join(p.proto.text for p in at.get("progress"))
        if "/640" in text or time.time() > deadline:
            break
        time.sleep(1.0)
        at.run()
    assert "LeNet-5" in text and "/640" in text  # 32 batches x 20 epochs
    stops = [b for b in at.button if (b.key or "").endswith("-stop")]
    assert stops
    stops[0].click().run()
    assert not at.exception


def test_lab_page_korean_has_no_english_from_its_table():
    from ui.i18n import COMMON
    from ui.text.lab import TEXT

    at = _page()
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception
    seen = _visible_text(at)
    ko = {**COMMON["ko"], **TEXT["ko"]}
    ko_all = " ".join(ko.values())  # words the Korean table itself keeps in English
    english = {
        v
        for k, v in {**COMMON["en"], **TEXT["en"]}.items()
        if v != ko.get(k)
        and len(v) >= 4
        and "{" not in v
        and not re.search(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])", ko_all)
    }
    leaks = sorted(e for e in english if re.search(rf"(?<![A-Za-z]){re.escape(e)}(?![A-Za-z])", seen))
    assert not leaks, leaks
    assert "MNIST · 숫자 5,000개" in seen


def _visible_text(at) -> str:
    """Everything an AppTest run shows as text: markdown, captions, labels, options, help, tables, figures."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "success",
        "warning",
        "error",
        "info",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in (
        "button",
        "selectbox",
        "select_slider",
        "slider",
        "number_input",
        "text_input",
        "toggle",
        "radio",
        "multiselect",
    ):
        for w in getattr(at, kind):
            parts.append(str(getattr(w, "label", "")))
            parts += [str(o) for o in getattr(w, "options", []) or []]
    parts += [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    parts += [str(t.value) for t in at.table] + [str(d.value) for d in at.dataframe]
    parts += [m.label for m in at.metric]
    return "\n".join(parts)
