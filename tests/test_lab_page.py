"""Training lab page (AppTest): knobs, layer table, start/poll/pause/LR/stop, per-session runs, compare, drill-down."""

from __future__ import annotations

import io
import json
import os
import time

import numpy as np
import pytest
from PIL import Image
from util import apptest

from models.lab.datasets import load_data
from models.lab.lab import LabConfig, build_model
from models.training import count_parameters
from ui.text.lab import TEXT

PAGE = "app_pages/train_lab.py"
os.environ.setdefault("CLASSROOM_TORCH_THREADS", "1")  # shared test machine: one torch thread per process


def test_text_keys_equal_in_both_languages():
    assert set(TEXT["en"]) == set(TEXT["ko"])
    assert all(v.strip() for lang in TEXT.values() for v in lang.values())


@pytest.fixture()
def sessions(monkeypatch):
    """AppTest gives every instance the same session id ("test session id"); a real server gives each browser
    tab its own. This patch makes the id settable so two AppTests are two sessions (runs: cache_resource
    scope="session")."""
    from streamlit.runtime.scriptrunner import script_runner

    current = {"id": "session-A"}
    orig = script_runner.ScriptRunner.__init__

    def init(self, *args, session_id=None, **kwargs):
        orig(self, *args, session_id=current["id"], **kwargs)

    monkeypatch.setattr(script_runner.ScriptRunner, "__init__", init)
    return current


def _page():
    at = apptest(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _small(at, epochs=2, train_size=400, batch=32):
    at.selectbox(key="lab-dataset").set_value("digits8x8").run()
    at.slider(key="lab-train-size-digits8x8").set_value(train_size).run()
    at.select_slider(key="lab-batch").set_value(batch)
    at.number_input(key="lab-epochs").set_value(epochs).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _curve_points(at, key_suffix="-curves") -> int:
    """Points of the training-loss trace of the live chart (the first trace of the first live figure)."""
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        data = spec.get("data", [])
        if (chart.proto.id and key_suffix in chart.proto.id) or (
            data and len(spec.get("layout", {}).get("annotations", [])) >= 3
        ):
            return len(data[0].get("x", [])) if data else 0
    return 0


def _progress_text(at) -> str:
    return " ".join(p.proto.text for p in at.get("progress"))


def _poll_until(at, cond, timeout=90.0, every=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(every)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if cond(at):
            return True
    return False


def test_parameter_count_and_layer_table_before_training():
    at = _small(_page())
    expected = count_parameters(build_model(LabConfig(dataset="digits8x8", model="lenet5")))
    assert at.metric[0].value == f"{expected:,}"
    table = at.dataframe[0].value
    assert len(table) > 5 and table.iloc[:, -1].sum() == expected
    at.selectbox(key="lab-model").set_value("resnet").run()
    expected = count_parameters(build_model(LabConfig(dataset="digits8x8", model="resnet")))
    assert at.metric[0].value == f"{expected:,}"
    assert any("No run yet" in i.value for i in at.info)


def test_start_poll_pause_lr_stop_and_second_session_isolated(sessions):
    at = _small(_page(), epochs=30, train_size=1400, batch=16)  # ~2,600 batches: it will not finish first
    at.button(key="lab-start").click().run()
    assert not at.exception
    assert _poll_until(at, lambda a: _curve_points(a) >= 3), "no curve points while training"
    first = _curve_points(at)
    assert _poll_until(at, lambda a: _curve_points(a) > first), "the history did not grow"
    # change the learning rate mid-run: an annotated 'manual' event appears in the figure
    at.select_slider(key="lab-1-newlr").set_value(0.001)
    at.button(key="lab-1-setlr").click().run()
    assert _poll_until(
        at,
        lambda a: (
            "manual"
            in json.dumps(json.loads(a.get("plotly_chart")[0].proto.spec)["layout"].get("annotations", []))
        ),
    )
    # pause: no new points while paused, then resume
    at.button(key="lab-1-pause").click().run()
    assert _poll_until(at, lambda a: "paused" in _progress_text(a))
    n_paused = _curve_points(at)
    time.sleep(1.5)
    at.run()
    assert _curve_points(at) == n_paused
    at.button(key="lab-1-resume").click().run()
    assert _poll_until(at, lambda a: _curve_points(a) > n_paused)
    # another browser session does not see this run
    sessions["id"] = "session-B"
    other = _page()
    assert any("No run yet" in i.value for i in other.info)
    assert not [b for b in other.button if b.key and b.key.startswith("lab-1-")]
    sessions["id"] = "session-A"
    at.run()
    assert [b for b in at.button if b.key == "lab-1-stop"], "the first session lost its run"
    # stop: the run ends within a batch and is kept, with its partial history
    at.button(key="lab-1-stop").click().run()
    assert _poll_until(at, lambda a: "stopped" in _progress_text(a), timeout=20), _progress_text(at)
    n_stopped = _curve_points(at)
    time.sleep(1.0)
    at.run()
    assert _curve_points(at) == n_stopped > 0
    compare = [t.value for t in at.table if "state" in t.value.columns]
    assert compare and list(compare[0]["state"]) == ["stopped"]
    assert not [b for b in at.button if b.key == "lab-1-stop"]


def test_after_run_confusion_drill_down_and_export():
    at = _small(_page(), epochs=2, train_size=400, batch=32)
    at.select_slider(key="lab-lr").set_value(0.1)
    at.button(key="lab-start").click().run()
    assert _poll_until(at, lambda a: "finished" in _progress_text(a), timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = [s for s in specs if s["data"] and s["data"][0].get("type") == "heatmap"]
    assert heat, "no confusion matrix"
    z = heat[0]["data"][0]["z"]
    assert len(z) == 10 and sum(map(sum, z)) == 360  # the held-out split of the 8x8 digits
    cell = at.selectbox(key="lab-1-cell")
    t, p = cell.value
    assert t != p and z[t][p] > 0
    # the images shown are the examples of that cell
    caption = [c.value for c in at.caption if "predicted as" in c.value]
    assert caption and caption[0].startswith(f"{min(z[t][p], 24)} examples of {t} predicted as {p}")
    shown = at.get("image")
    assert shown and len(shown[0].proto.imgs) == min(z[t][p], 24)
    # choose another cell through the selectbox fallback
    if len(cell.options) > 1:
        cell.set_value(cell.options[-1]).run()
        assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Metrics per epoch (CSV)", "Config (JSON)", "Checkpoint (state_dict, .pt)"} <= set(labels)
    # try the model on an uploaded digit: a validation "0" drawn large, black ink on white paper like a scan
    at.radio(key="lab-1-try-mode").set_value("upload").run()
    zero = load_data("digits8x8").val.tensors
    x0 = zero[0][int((zero[1] == 0).nonzero()[0])][0].numpy()
    img = Image.fromarray((255 - x0 * 255).astype(np.uint8), mode="L").resize(
        (160, 160), Image.Resampling.BILINEAR
    )
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    at.file_uploader(key="lab-1-upload").set_value(("zero.png", buf.getvalue(), "image/png")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.markdown if m.value.startswith("### Prediction: ")]
    at.file_uploader(key="lab-1-upload").set_value(("broken.png", b"not an image at all", "image/png")).run()
    assert not at.exception
    assert any(e.value.startswith("This picture cannot be used") for e in at.error)


def test_lecture_experiment_runs_a_pair_and_gives_a_verdict():
    at = _page()
    at.button(key="lab-exp-momentum").click().run()
    assert not at.exception
    keys = {b.key for b in at.button}
    assert {"lab-1-stop", "lab-2-stop"} <= keys  # two runs side by side
    assert _poll_until(
        at, lambda a: not any(b.key and b.key.endswith("-stop") for b in a.button), timeout=150
    )
    at.run()
    compare = next(t.value for t in at.table if "state" in t.value.columns)
    assert list(compare["state"]) == ["finished", "finished"]
    assert list(compare.index) == ["#1 LeNet-5: optimizer=sgdm", "#2 LeNet-5: optimizer=sgd"]
    acc = [float(v.rstrip("%")) for v in compare["val accuracy"]]
    assert acc[0] > acc[1]
    assert [s.value for s in at.success] == ["Prediction holds"]


def test_queue_position_shown_when_every_worker_is_busy(monkeypatch):
    from models.training import RemoteRun, remote
    from models.training.jobs import lab_job
    from models.training.local import LocalExecutor

    pool = LocalExecutor(size=1)
    monkeypatch.setitem(remote._executors, "local", pool)  # the page's runs go to this one-worker pool
    try:
        other = RemoteRun(lab_job(LabConfig(dataset="digits8x8", epochs=30, batch_size=16)), executor=pool)
        other.owner = "another student"
        other.start()  # another student's run holds the only worker
        deadline = time.time() + 90
        while other.state != "running" and time.time() < deadline:
            time.sleep(0.2)
        at = _small(_page(), epochs=1, train_size=200, batch=64)
        at.button(key="lab-start").click().run()
        assert _poll_until(
            at, lambda a: any("position 1 in the queue" in i.value for i in a.info), timeout=10
        )
        assert "queued" in _progress_text(at)
        other.request_stop()  # the other run ends: ours starts and finishes
        assert _poll_until(at, lambda a: "finished" in _progress_text(a), timeout=90)
        assert not any("queue" in i.value for i in at.info)
    finally:
        pool.shutdown()
