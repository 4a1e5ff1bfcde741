"""A training in a worker process of the local pool: streams history, pauses, resumes, stops within one batch,
changes LR; a killed worker fails only its run and is replaced; a released session frees its worker."""

from __future__ import annotations

import os
import signal
import time

import pytest
import torch

from models.lab.lab import LabConfig, build_model
from models.training import RemoteRun
from models.training.jobs import lab_job
from models.training.local import LocalExecutor
from models.training.remote import WORKER_LOST

# LeNet-5 on MNIST, small batches: tens of milliseconds a batch, hundreds of batches
SLOW = LabConfig(
    dataset="mnist5k", model="lenet5", batch_size=32, epochs=20, lr=0.01, schedule="constant", seed=0
)
QUICK = LabConfig(dataset="digits8x8", model="mlp", batch_size=64, epochs=2, seed=0)


@pytest.fixture(scope="module")
def pool():
    # one message per batch: "stops within one batch" is then exact as the page sees it (with the default ~50 ms
    # coalescing the page's step lags by the rows of one window; test_batch_rows_are_coalesced_... covers that)
    with pytest.MonkeyPatch.context() as mp:  # (module scope: the monkeypatch fixture is per test)
        mp.setenv("CLASSROOM_BATCH_FLUSH_SECONDS", "0")
        ex = LocalExecutor(size=2)
        yield ex
        ex.shutdown()
    assert all(w.proc.poll() is not None for w in ex._workers)


def wait_until(cond, timeout: float = 90.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _batches(run) -> int:
    return len(run.history.snapshot()["batches"])


def test_worker_streams_pauses_resumes_changes_lr_and_stops_within_a_batch(pool):
    run = RemoteRun(lab_job(SLOW, heartbeat_timeout=60), model=build_model(SLOW), executor=pool)
    before = {k: v.clone() for k, v in run.model.state_dict().items()}
    run.start()
    assert run.state == "queued"
    wait_until(lambda: _batches(run) >= 3, what="first batches")
    assert run.state == "running" and run.queue_position == 0
    assert pool.worker_pid(run) not in (None, os.getpid())  # another process trains it
    n = _batches(run)
    wait_until(lambda: _batches(run) > n + 2, what="more batches")  # streams while it runs
    p = run.progress()
    assert p["total_steps"] == 20 * 125 and 0 < p["fraction"] < 1 and p["samples_per_s"] > 0

    run.pause()
    wait_until(lambda: run.state == "paused", what="paused")
    held = _batches(run)
    time.sleep(1.0)
    assert _batches(run) == held and run.paused

    run.set_lr(0.002)
    run.resume()
    wait_until(lambda: _batches(run) > held + 3, what="batches after resume")
    assert run.state == "running"
    rows = run.history.snapshot()
    assert any(e["reason"] == "manual" and e["new_lr"] == 0.002 for e in rows["events"])
    assert rows["batches"][-1]["lr"] == 0.002 and run.lr == 0.002

    seen = run.step
    run.request_stop()
    assert run.join(30)
    assert run.state == "stopped"
    assert run.step <= seen + 2  # the batch in flight (and one already on the wire), nothing more
    assert _batches(run) == run.step
    # the weights came back (bytes, weights_only=True) into the page's own copy of the network
    after = run.model.state_dict()
    assert any(not torch.equal(before[k], after[k]) for k in before)
    assert run.history.to_csv("batches").count("\n") == run.step + 1


def test_stop_while_paused_trains_no_further_batch(pool):
    run = RemoteRun(lab_job(SLOW), executor=pool).start()
    wait_until(lambda: _batches(run) >= 2, what="first batches")
    run.pause()
    wait_until(lambda: run.state == "paused", what="paused")
    held = _batches(run)
    run.request_stop()
    assert run.join(30) and run.state == "stopped" and _batches(run) == held


def test_killed_worker_fails_only_its_run_and_the_pool_replaces_it(pool):
    a = RemoteRun(lab_job(SLOW), executor=pool).start()
    b = RemoteRun(lab_job(QUICK), executor=pool)
    b.owner = "other-session"
    b.start()
    wait_until(lambda: _batches(a) >= 3, what="run a trains")
    victim = pool.worker_pid(a)
    replaced = pool.stats()["replaced"]
    os.kill(victim, signal.SIGKILL)
    assert a.join(30)
    assert a.state == "failed" and a.error == WORKER_LOST and a.error_key == "worker_lost"
    assert _batches(a) >= 3 and a.history.to_csv("batches").startswith("step,")  # history kept, CSV offered
    assert b.join(120) and b.state == "finished"  # the other run carried on
    wait_until(
        lambda: pool.stats()["replaced"] == replaced + 1 and pool.stats()["workers"] == 2,
        what="a replacement worker",
    )
    assert victim not in pool.stats()["pids"]
    c = RemoteRun(lab_job(QUICK), executor=pool).start()  # the pool still trains
    assert c.join(120) and c.state == "finished", c.error


def test_one_job_per_session_at_a_time_first_come_first_served(pool):
    first = RemoteRun(lab_job(SLOW), executor=pool)
    second = RemoteRun(lab_job(QUICK), executor=pool)
    other = RemoteRun(lab_job(QUICK), executor=pool)
    first.owner = second.owner = "session-1"
    other.owner = "session-2"
    for r in (first, second, other):
        r.start()
    wait_until(lambda: _batches(first) >= 2, what="first trains")
    assert second.state == "queued" and second.queue_position == 1  # a worker is free, but not for session-1
    assert other.join(120) and other.state == "finished"  # another session's job went ahead
    assert second.state == "queued"
    eta = second.queue_eta
    assert eta is not None and eta > 0  # from the running job's own ETA
    first.request_stop()
    assert second.join(120) and second.state == "finished"


def test_a_stop_before_the_start_leaves_the_queue():
    ex = LocalExecutor(size=1)
    try:
        a = RemoteRun(lab_job(SLOW), executor=ex).start()
        b = RemoteRun(lab_job(SLOW), executor=ex).start()
        assert b.queue_position == 1
        b.request_stop()
        assert b.join(5) and b.state == "stopped" and b.step == 0 and b.queue_position is None
        a.request_stop()
        assert a.join(90) and a.state == "stopped"
    finally:
        ex.shutdown()


def test_an_unwatched_run_stops_itself(pool):
    run = RemoteRun(lab_job(SLOW, heartbeat_timeout=3), executor=pool).start()
    wait_until(lambda: _batches(run) >= 1, what="first batch")
    assert run.join(30) and run.state == "stopped"  # nobody called heartbeat(): the worker's trainer stopped


def test_released_session_frees_its_worker_within_seconds(pool):
    from ui.live import SessionRuns

    store = SessionRuns()
    run = RemoteRun(lab_job(SLOW, heartbeat_timeout=60), executor=pool)
    store.add("lab", run, "a run")
    assert run.owner == store.owner
    run.start()
    wait_until(lambda: _batches(run) >= 2, what="first batches")
    t0 = time.monotonic()
    store.stop_all()  # what the session's cache_resource on_release does when the tab is gone
    wait_until(lambda: pool.stats()["busy"] == 0, timeout=10, what="the worker is free")
    assert run.state == "stopped" and time.monotonic() - t0 < 5


def test_a_bad_spec_fails_the_run_not_the_worker(pool):
    from models.training import JobSpec

    run = RemoteRun(JobSpec("lab", {"config": {"dataset": "nope"}}), executor=pool).start()
    assert run.join(60) and run.state == "failed" and "unknown dataset" in run.error
    ok = RemoteRun(lab_job(QUICK), executor=pool).start()
    assert ok.join(120) and ok.state == "finished"


def test_cli_train_cnn_in_a_worker_process_equals_the_in_process_run():
    import json
    import subprocess
    import sys

    from util import ROOT, TINY_CNN_ARGS

    from models.lab.lab import build_run

    args = [*TINY_CNN_ARGS, "--json"]
    r = subprocess.run(
        [sys.executable, "-m", "models", "train", "cnn", *args, "--executor", "local"],
        cwd=ROOT,
        env=dict(os.environ, CLASSROOM_TORCH_THREADS="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    final = json.loads(r.stdout.splitlines()[-1])
    assert final["executor"] == "local" and final["state"] == "finished" and final["steps"] == 46
    here = build_run(
        LabConfig(
            dataset="digits8x8",
            model="mlp",
            epochs=2,
            optimizer="adam",
            lr=0.003,
            dropout=0.0,
            schedule="constant",
            batch_size=64,
            seed=3,
        )
    )
    here.trainer.run()
    assert final["val_acc"] == here.trainer.history.epochs[-1]["val_acc"]


def test_batch_rows_are_coalesced_in_order_and_none_is_lost():
    from models.training.worker import JobRunner

    sent = []
    # a window longer than the job: rows leave only with the first row and before each other message
    JobRunner(lab_job(QUICK), lambda kind, data: sent.append((kind, data)), flush_every=60.0).run()
    kinds = [k for k, _ in sent]
    assert "batch" not in kinds and kinds[0] == "started" and kinds[-1] == "end"
    rows = [r for k, d in sent if k == "batches" for r in d]
    assert [r["step"] for r in rows] == list(range(1, sent[-1][1]["step"] + 1))  # every row, in order
    # the first row at once, then each epoch's rows right before its epoch message: 1 + 2 messages for 2 epochs
    assert kinds.count("batches") == 3
    for i, (kind, data) in enumerate(sent):
        if kind == "epoch":  # every row of that epoch went out before it
            before = [r for k, d in sent[:i] if k == "batches" for r in d]
            assert before[-1]["step"] == data["step"]
    run = RemoteRun(lab_job(QUICK))  # the page's side reads the coalesced messages
    for kind, data in sent[1:-1]:
        run.handle(kind, data)
    assert len(run.history.batches) == len(rows) and run.step == rows[-1]["step"]
    assert run.progress()["samples_per_s"] >= 0 and run._samples == sum(r["samples"] for r in rows)
