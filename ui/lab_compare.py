"""Training lab page: the runs compared -- curves of every run on one chart (legend: what differs), a table of
final metrics, CSV downloads, and deleting a run. Redrawn every second while a run trains."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.training.state import ACTIVE
from ui.charts import compare_figure, difference_labels
from ui.presenter import csv_download, show_chart
from ui.widgets import fmt


def final_rows(items, labels, tr) -> pd.DataFrame:
    """Final metrics per run, formatted (a static table: readable in screenshots and on phones)."""
    rows = []
    for (_rid, run), label in zip(items, labels):
        s = run.trainer.summary()
        rows.append(
            {
                tr("col_run"): label,
                tr("col_state"): tr(f"state_{s['state']}"),
                tr("col_epochs"): s["epochs_done"],
                tr("col_steps"): s["steps"],
                tr("col_train_loss"): fmt(s.get("train_loss"), ".4f"),
                tr("col_val_loss"): fmt(s.get("val_loss"), ".4f"),
                tr("col_val_acc"): fmt(s.get("val_acc"), ".1%"),
                tr("col_seconds"): f"{s['elapsed']:.1f}",
            }
        )
    return pd.DataFrame(rows)


def curves_frame(snaps: list[tuple[str, dict]]) -> pd.DataFrame:
    """The compared runs' curves as one long table: one row per batch and per epoch, labelled by run and kind."""
    frames = [
        pd.DataFrame(snap[kind]).assign(run=label, kind=kind[:-1] if kind == "batches" else "epoch")
        for label, snap in snaps
        for kind in ("batches", "epochs")
        if snap[kind]
    ]
    if not frames:
        return pd.DataFrame(columns=["run", "kind"])
    df = pd.concat(frames, ignore_index=True)
    return df[["run", "kind", *[c for c in df.columns if c not in ("run", "kind")]]]


def _delete_row(runs, items, tr) -> None:
    """Pick a run and delete it (stops it if it trains)."""
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    ids = [rid for rid, _ in items]
    victim = c1.selectbox(
        tr("delete_run"),
        ids,
        format_func=lambda i: runs.get(i).label if runs.get(i) else i,
        key="lab-delete-id",
    )
    if c2.button(tr("delete"), key="lab-delete", width="stretch") and victim:
        runs.delete(victim)
        st.rerun(scope="app")


def _compare_body(runs, tr) -> None:
    items = runs.items()
    for _, r in items:
        if r.trainer.state in ACTIVE:
            r.trainer.heartbeat()
    labels = difference_labels(
        [r.config for _, r in items],
        [r.label for _, r in items],
        ignore=("max_batches_per_epoch",),
    )
    smoothing = float(st.session_state.get("lab-smoothing", 0.6))
    st.caption(tr("compare_help"))
    snaps = [(lab, r.trainer.history.snapshot()) for lab, (_, r) in zip(labels, items)]
    show_chart(
        compare_figure(snaps, smoothing=smoothing, tr=tr),
        "train-lab-compare-curves",
        key="lab-compare-fig",
    )
    table = final_rows(items, labels, tr)
    st.table(table.set_index(tr("col_run")))
    d1, d2 = st.columns(2)
    csv_download(table, "train-lab-compare", label=tr("download_compare"), container=d1)
    csv_download(curves_frame(snaps), "train-lab-curves", label=tr("download_curves"), container=d2)
    _delete_row(runs, items, tr)


def compare_panel(runs, tr) -> None:
    """The comparison of this tab's runs (nothing before the first run); a fragment polling while one trains."""
    items = runs.items()
    if not items:
        return
    st.subheader(tr("compare"))
    any_active = any(r.trainer.state in ACTIVE for _, r in items)

    def body():
        _compare_body(runs, tr)

    st.fragment(run_every=1.0 if any_active else None)(body)()
