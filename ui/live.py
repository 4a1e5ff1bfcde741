"""Live training: the job trains in a worker process (or a Ray actor) and never calls st.*; the page polls the
run's history, which the executor fills batch by batch, from a fragment.

Usage in a page::

    runs = session_runs("lab")                       # this browser session's runs for this page
    if st.button("Start"):
        trainer = RemoteRun(lab_job(cfg, heartbeat_timeout=60), model=local_model)   # models.training, not started
        run_id = runs.add(trainer, label="relu, lr=0.01", config={...})              # the session becomes its owner
        trainer.start()                              # queued first come, first served; then trains in a worker
    for run_id, run in runs.items():
        live_panel(run, key=run_id)                  # curves + progress + pause/stop, refreshed twice a second

A closed tab releases the session's resources, which stops its runs (and frees their workers); with a
``heartbeat_timeout`` in the spec, a run nobody polls stops itself too. One job per session trains at a time;
the session's others wait in the queue. A plain ``Trainer`` (a thread of the server) still works here too.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from models.runtime import configure_threads
from models.training import Trainer
from models.training.state import ACTIVE, LIVE, STARTED
from ui.charts import training_curves
from ui.i18n import translator
from ui.presenter import show_chart

POLL_SECONDS = 0.5


@dataclass
class Run:
    trainer: Trainer  # the job (thread inside)
    label: str  # short text for legends and tables
    config: dict = field(default_factory=dict)  # plain config values, for "what differs" legends and export
    created: float = field(default_factory=time.time)
    extra: dict = field(
        default_factory=dict
    )  # whatever the page wants to keep with the run (datasets, model info)


class SessionRuns:
    """Runs of one browser session, grouped by page namespace. Thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._runs: dict[str, OrderedDict[str, Run]] = {}
        self._ids = itertools.count(1)
        self.owner = uuid.uuid4().hex  # this session, for the executor's one-job-per-session rule

    def add(self, namespace: str, trainer: Trainer, label: str, config: dict | None = None, **extra) -> str:
        if getattr(trainer, "owner", "") is None:  # a RemoteRun not started yet
            trainer.owner = self.owner
        with self._lock:
            run_id = f"{namespace}-{next(self._ids)}"
            self._runs.setdefault(namespace, OrderedDict())[run_id] = Run(
                trainer, label, dict(config or {}), extra=extra
            )
            return run_id

    def items(self, namespace: str) -> list[tuple[str, Run]]:
        with self._lock:
            return list(self._runs.get(namespace, {}).items())

    def get(self, namespace: str, run_id: str) -> Run | None:
        with self._lock:
            return self._runs.get(namespace, {}).get(run_id)

    def delete(self, namespace: str, run_id: str) -> None:
        with self._lock:
            run = self._runs.get(namespace, {}).pop(run_id, None)
        if run is not None:
            run.trainer.request_stop()

    def stop_all(self) -> None:
        with self._lock:
            runs = [r for ns in self._runs.values() for r in ns.values()]
        for r in runs:
            r.trainer.request_stop()


class NamespacedRuns:
    """View of SessionRuns for one page."""

    def __init__(self, store: SessionRuns, namespace: str):
        self.store, self.namespace = store, namespace

    def add(self, trainer: Trainer, label: str, config: dict | None = None, **extra) -> str:
        return self.store.add(self.namespace, trainer, label, config, **extra)

    def items(self) -> list[tuple[str, Run]]:
        return self.store.items(self.namespace)

    def get(self, run_id: str) -> Run | None:
        return self.store.get(self.namespace, run_id)

    def delete(self, run_id: str) -> None:
        self.store.delete(self.namespace, run_id)

    def clear(self) -> None:
        """Delete (and stop) every run of this page."""
        for run_id, _ in self.items():
            self.delete(run_id)

    def __len__(self) -> int:
        return len(self.items())


def _release(store: SessionRuns) -> None:
    store.stop_all()


@st.cache_resource(scope="session", on_release=_release, show_spinner=False)
def _session_store() -> SessionRuns:
    return SessionRuns()


def session_runs(namespace: str) -> NamespacedRuns:
    """This browser session's runs for ``namespace`` (never shared with another session)."""
    return NamespacedRuns(_session_store(), namespace)


@st.cache_resource(show_spinner=False)
def runtime_setup() -> dict:
    """Thread settings, once per server process."""
    return configure_threads()


def state_text(trainer: Trainer, tr) -> str:
    return tr(f"state_{trainer.state}")


def _fmt_seconds(s: float | None) -> str:
    if s is None:
        return "–"
    s = int(round(s))
    return f"{s // 60}:{s % 60:02d}"


def run_status(run: Run, key: str, tr=None, *, controls: bool = True, export: bool = True) -> None:
    """Status line, progress bar, throughput/elapsed/ETA, pause/stop buttons and (once ended) a CSV export."""
    tr = tr or translator()
    trainer = run.trainer
    trainer.heartbeat()
    p = trainer.progress()
    pos = trainer.queue_position
    if trainer.state == "queued" and pos:
        eta = getattr(trainer, "queue_eta", None)
        st.info(
            tr("queued_at", pos=pos)
            + (" " + tr("queued_eta", eta=_fmt_seconds(eta)) if eta is not None else "")
        )
    if trainer.state == "failed":
        lost = getattr(trainer, "error_key", None) == "worker_lost"
        st.error(tr("training_failed", error=tr("worker_lost") if lost else trainer.error))
    frac = p["fraction"] if p["fraction"] is not None else 0.0
    st.progress(
        min(max(frac, 0.0), 1.0),
        text=f"{run.label} · {tr('state')}: {state_text(trainer, tr)} · {tr('step')} {p['step']}"
        f"{'/' + str(p['total_steps']) if p['total_steps'] else ''}",
    )
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("throughput"), f"{p['samples_per_s']:.0f}")
    c2.metric(tr("elapsed"), _fmt_seconds(p["elapsed"]))
    c3.metric(tr("eta"), _fmt_seconds(p["eta"]) if trainer.state in STARTED else "–")
    if controls and trainer.state in LIVE:
        b1, b2 = st.columns(2)
        if trainer.paused:
            if b1.button(tr("resume"), key=f"{key}-resume", width="stretch"):
                trainer.resume()
        elif trainer.state == "running" and b1.button(tr("pause"), key=f"{key}-pause", width="stretch"):
            trainer.pause()
        if b2.button(tr("stop"), key=f"{key}-stop", type="primary", width="stretch"):
            trainer.request_stop()
            trainer.join(timeout=5)
    if export and trainer.state in ("stopped", "finished", "failed") and trainer.history.batches:
        # every ended run (a failed one too) can be taken away before the tab closes
        st.download_button(
            tr("download_csv"),
            trainer.history.to_csv("batches"),
            file_name=f"{key}-metrics.csv",
            mime="text/csv",
            key=f"{key}-csv",
            icon=":material/download:",
        )


def live_panel(
    run: Run,
    key: str,
    tr=None,
    *,
    smoothing_key: str | None = None,
    show_acc: bool = True,
    extra: Any = None,
    export: bool = True,
    chart_name: str | None = None,
) -> None:
    """A fragment that redraws the run's curves every POLL_SECONDS while it trains (the rest of the page stays
    usable), and reruns the whole page once when the run ends so that post-run views appear. ``chart_name``: the
    PNG file name of the curves' export (default ``training-curves-<key>``)."""
    tr = tr or translator()
    done_key = f"_live_done_{key}"

    def _body():
        run_status(run, key, tr, export=export)
        smoothing = float(st.session_state.get(smoothing_key, 0.6)) if smoothing_key else 0.6
        show_chart(
            training_curves(run.trainer.history.snapshot(), smoothing=smoothing, tr=tr, show_acc=show_acc),
            chart_name or f"training-curves-{key}",
            key=f"{key}-curves",
        )
        if extra is not None:
            extra(run)
        active = run.trainer.state in LIVE
        if active:
            st.session_state[done_key] = False
        elif not st.session_state.get(done_key, True):
            st.session_state[done_key] = True
            st.rerun(scope="app")  # the run just ended: let the page draw its post-run views

    if run.trainer.state in ACTIVE:
        st.session_state.setdefault(done_key, False)
        st.fragment(run_every=POLL_SECONDS, key=f"live-{key}")(_body)()  # polls only while the run is alive
    else:
        _body()
