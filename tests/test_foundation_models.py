"""Foundation backend: import hygiene, trainer, weights store, registry."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time

import pytest
import torch
from torch import nn
from util import ROOT

import models
from models.errors import UnknownModelError, WeightsCorruptError, WeightsMissingError
from models.store import WeightsStore, safe_load
from models.training import EVENTS, Trainer, TrainerConfig, TrainingSlots, make_loader


def test_import_models_does_not_import_streamlit():
    code = "import sys, models, models.cli, models.training, models.store; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _toy_data(n=256, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long()  # linearly separable
    return torch.utils.data.TensorDataset(x, y)


def _trainer(epochs=3, batch=16, slots=None, slow=0.0, **cfg):
    ds = _toy_data()
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
    if slow:

        class Slow(nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, x):
                time.sleep(slow)
                return self.m(x)

        model = Slow(model)
    return Trainer(
        model,
        make_loader(ds, batch, seed=0),
        make_loader(ds, 64, shuffle=False),
        TrainerConfig(epochs=epochs, lr=0.05, optimizer="sgdm", **cfg),
        slots=slots or TrainingSlots(4),
    )


def test_trainer_learns_and_callbacks_fire_in_order():
    tr = _trainer(epochs=3, schedule="step", step_size=1, gamma=0.5)
    seen = []
    for ev in EVENTS:
        tr.add_callback(ev, lambda t, *a, ev=ev: seen.append(ev))
    tr.run()
    assert tr.state == "finished"
    assert seen[0] == "on_train_start" and seen[-1] == "on_finished"
    batches_per_epoch = 256 // 16
    # every epoch: all its batch-end callbacks, then epoch end, then the step schedule's LR change
    expected = ["on_train_start"]
    for _ in range(3):
        expected += ["on_batch_end"] * batches_per_epoch + ["on_epoch_end", "on_lr_change"]
    expected += ["on_finished"]
    assert seen == expected
    snap = tr.history.snapshot()
    assert len(snap["batches"]) == 3 * batches_per_epoch
    assert [e["new_lr"] for e in snap["events"]] == pytest.approx([0.025, 0.0125, 0.00625])
    assert snap["epochs"][-1]["val_acc"] > 0.9  # really learned the separable toy problem
    csv_text = tr.history.to_csv("epochs")
    assert csv_text.splitlines()[0].startswith("epoch,step,train_loss,train_acc")
    assert len(csv_text.strip().splitlines()) == 4


def test_stop_lands_within_one_batch():
    tr = _trainer(epochs=50, slow=0.01)
    stopped_at = {}

    def on_batch(t, row):
        if row["step"] == 5:
            t.request_stop()
            stopped_at["step"] = row["step"]

    tr.add_callback("on_batch_end", on_batch)
    tr.start()
    assert tr.join(timeout=30)
    assert tr.state == "stopped"
    assert tr.step == stopped_at["step"]  # no batch ran after the request
    assert len(tr.history.snapshot()["batches"]) == 5  # the partial run is kept


def test_stop_from_another_thread_during_training():
    tr = _trainer(epochs=1000, slow=0.005)
    tr.start()
    while tr.step < 3:
        time.sleep(0.01)
    tr.request_stop()
    step_at_request = tr.step
    assert tr.join(timeout=10)
    assert tr.state == "stopped"
    assert tr.step <= step_at_request + 1  # at most the batch in flight finishes


def test_cap_of_one_queues_the_second_training():
    slots = TrainingSlots(1)
    a = _trainer(epochs=1000, slow=0.005, slots=slots)
    b = _trainer(epochs=1, slots=slots)
    a.start()
    while a.step < 1:
        time.sleep(0.01)
    b.start()
    time.sleep(0.2)
    assert a.queue_position == 0 and b.queue_position == 1
    assert b.state == "queued" and b.step == 0
    a.request_stop()
    assert a.join(10)
    assert b.join(30)
    assert b.state == "finished" and b.step > 0
    assert slots.counts() == {"running": 0, "waiting": 0, "cap": 1}


def test_background_training_rests_to_its_share_of_wall_time(monkeypatch):
    """A background run (a page's) spends at most CLASSROOM_TRAINING_SHARE of the wall time in its steps and rests
    the rest (Event.wait lasts at least its timeout, so the bound is exact); a stop during a rest lands at once."""
    monkeypatch.setenv("CLASSROOM_TRAINING_SHARE", "0.25")
    tr = _trainer(epochs=1, slow=0.01)
    t0 = time.perf_counter()
    tr.start()
    assert tr.join(30) and tr.state == "finished"
    wall = time.perf_counter() - t0
    busy = sum(r["batch_seconds"] for r in tr.history.batches)
    assert wall >= busy / 0.25 * 0.99
    slow = _trainer(epochs=1000, slow=0.2)
    slow.start()
    while slow.step < 1:
        time.sleep(0.01)
    slow.request_stop()  # now resting ~0.6 s after a 0.2 s step
    assert slow.join(0.5) and slow.state == "stopped"


def test_foreground_training_never_rests(monkeypatch):
    """run() (the CLI's way) ignores CLASSROOM_TRAINING_SHARE: a background run rests with Event.wait after each
    step; a foreground one never waits on any event in its own thread (no timing involved)."""
    monkeypatch.setenv("CLASSROOM_TRAINING_SHARE", "0.1")
    me, waits, real_wait = threading.get_ident(), [], threading.Event.wait

    def recording_wait(self, timeout=None):
        waits.append((threading.get_ident(), timeout))
        return real_wait(self, timeout)

    monkeypatch.setattr(threading.Event, "wait", recording_wait)
    tr = _trainer(epochs=1, slow=0.01)
    tr.run()
    assert tr.state == "finished" and tr.step > 0
    mine = [t for ident, t in waits if ident == me]
    assert mine == [], f"the foreground run waited {len(mine)} times (e.g. {mine[:3]}): it rested"
    background = _trainer(
        epochs=1, slow=0.01
    )  # the same recorder sees a background run rest (the test can fail)
    background.start()
    assert background.join(30) and background.state == "finished"
    rests = [t for ident, t in waits if ident != me and t]
    assert len(rests) >= background.step


def test_stop_while_queued_leaves_the_queue():
    slots = TrainingSlots(1)
    a = _trainer(epochs=1000, slow=0.005, slots=slots)
    b = _trainer(epochs=1, slots=slots)
    a.start()
    b.start()
    time.sleep(0.1)
    b.request_stop()
    assert b.join(5) and b.state == "stopped" and b.step == 0
    a.request_stop()
    assert a.join(10)


def test_pause_resume_and_manual_lr_change():
    tr = _trainer(epochs=1000, slow=0.005)
    tr.start()
    while tr.step < 2:
        time.sleep(0.01)
    tr.pause()
    time.sleep(0.2)
    s1 = tr.step
    time.sleep(0.3)
    assert tr.state == "paused" and tr.step == s1
    tr.set_lr(0.001)
    tr.resume()
    while tr.step < s1 + 3:
        time.sleep(0.01)
    tr.request_stop()
    tr.join(10)
    ev = tr.history.snapshot()["events"]
    assert ev and ev[0]["reason"] == "manual" and ev[0]["new_lr"] == 0.001
    assert tr.lr == 0.001


def test_failure_keeps_partial_history_and_reports():
    class Boom(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(4, 2)
            self.calls = 0

        def forward(self, x):
            self.calls += 1
            if self.calls == 4:
                raise RuntimeError("boom")
            return self.lin(x)

    ds = _toy_data()
    tr = Trainer(Boom(), make_loader(ds, 16), config=TrainerConfig(epochs=1), slots=TrainingSlots(1))
    failures = []
    tr.add_callback("on_failed", lambda t, exc: failures.append(str(exc)))
    tr.start()
    assert tr.join(10)
    assert tr.state == "failed" and "boom" in tr.error and failures == ["boom"]
    assert len(tr.history.snapshot()["batches"]) == 3


def test_bad_config_lists_valid_options():
    with pytest.raises(ValueError, match="sgd, sgdm, adam"):
        TrainerConfig(optimizer="rmsprop")
    with pytest.raises(ValueError, match="constant, step, plateau"):
        TrainerConfig(schedule="cosine")


# -- weights store -------------------------------------------------------------------------------------
def test_store_round_trip(tmp_path):
    store = WeightsStore(tmp_path)
    net = nn.Linear(3, 2)
    entry = store.save(
        "tiny",
        {"state_dict": net.state_dict(), "config": {"in": 3, "out": 2}},
        command="pytest",
        metrics={"acc": 1.0},
    )
    assert (tmp_path / "tiny.pt").is_file() and len(entry["sha256"]) == 64
    assert store.manifest()["tiny"]["metrics"] == {"acc": 1.0}
    ck = store.load("tiny")
    net2 = nn.Linear(3, 2)
    net2.load_state_dict(ck["state_dict"])
    assert torch.equal(net.weight, net2.weight) and ck["config"] == {"in": 3, "out": 2}
    assert store.available("tiny") and not store.available("other")


def test_store_detects_sha_mismatch(tmp_path):
    store = WeightsStore(tmp_path)
    store.save("tiny", {"w": torch.zeros(4)}, command="pytest", metrics={})
    data = bytearray((tmp_path / "tiny.pt").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / "tiny.pt").write_bytes(bytes(data))
    with pytest.raises(WeightsCorruptError, match="sha256"):
        store.load("tiny")


def test_store_missing_weights_clear_error(tmp_path):
    store = WeightsStore(tmp_path)
    with pytest.raises(WeightsMissingError, match="no bundled weights named 'nope'"):
        store.load("nope")
    store.save("tiny", {"w": torch.zeros(1)}, command="pytest", metrics={})
    (tmp_path / "tiny.pt").unlink()
    with pytest.raises(WeightsMissingError, match="missing"):
        store.load("tiny")


class _Evil:
    def __reduce__(self):
        return (exec, ("open('/tmp/pwned-by-checkpoint','w').write('x')",))


def test_weights_only_refuses_code(tmp_path):
    import os

    path = tmp_path / "evil.pt"
    torch.save({"state_dict": {}, "payload": _Evil()}, path)  # torch.save pickles the object
    if os.path.exists("/tmp/pwned-by-checkpoint"):
        os.unlink("/tmp/pwned-by-checkpoint")
    with pytest.raises(WeightsCorruptError):
        safe_load(path)
    assert not os.path.exists("/tmp/pwned-by-checkpoint")
    with pytest.raises(WeightsCorruptError):
        safe_load(pickle.dumps({"a": 1})[:5])  # truncated garbage
    # and the store refuses to bundle such a checkpoint in the first place
    with pytest.raises(WeightsCorruptError):
        WeightsStore(tmp_path / "s").save("evil", {"x": _Evil()}, command="pytest", metrics={})


def test_registry_unknown_model_lists_options():
    with pytest.raises(UnknownModelError, match="unknown model 'nope'; choose one of"):
        models.get_spec("nope")


def test_registry_status_rows_have_fields():
    for row in models.status():
        assert set(row) >= {"name", "task", "weights", "available", "description"}


def test_every_ended_run_offers_its_metrics_as_csv():
    """ui.live: a finished (or failed) run shows a CSV download of its history in any page that uses live_panel."""
    from streamlit.testing.v1 import AppTest

    def page():
        import torch
        from torch import nn

        from models.training import Trainer, TrainerConfig, TrainingSlots, make_loader
        from ui.live import live_panel, session_runs

        runs = session_runs("t")
        if not runs.items():
            x = torch.randn(64, 4)
            ds = torch.utils.data.TensorDataset(x, (x[:, 0] > 0).long())
            tr = Trainer(
                nn.Linear(4, 2), make_loader(ds, 16), config=TrainerConfig(epochs=1), slots=TrainingSlots(1)
            )
            tr.run()
            runs.add(tr, "toy")
        for rid, run in runs.items():
            live_panel(run, key=rid)

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "CSV" in buttons[0].proto.label
