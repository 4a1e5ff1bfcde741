"""Training lab: AlexNet's recipe as knobs, live curves, lecture experiments, compare runs, confusion drill-down."""

from __future__ import annotations

import streamlit as st

from ui.i18n import translator
from ui.lab import (
    NS,
    URL,
    WATCH,
    apply_watch,
    experiments_panel,
    knobs,
    live_panels,
    model_summary,
    start_run,
    watch_minutes,
    watch_requested,
)
from ui.lab_compare import compare_panel
from ui.lab_inspect import drill_down, export_row, pick_ended_run, try_digit
from ui.live import runtime_setup, session_runs
from ui.text.lab import TEXT

tr = translator(TEXT)
runtime_setup()
st.title(tr("title"))
URL.apply()
st.markdown(tr("intro"))
runs = session_runs(NS)

# -- 1 · set up a run: knobs, the network's size, Start and the watch preset --------------------------------------
st.subheader(tr("setup"))
cfg = knobs(tr)
watch = watch_requested()
if cfg is not None:
    model_summary(cfg, tr)
    b1, b2 = st.columns([1, 3], vertical_alignment="center")
    if b1.button(tr("start_run"), key="lab-start", type="primary", icon=":material/play_arrow:") or watch:
        start_run(runs, cfg, tr)
    with b2:
        w1, w2 = st.columns([1, 2], vertical_alignment="center")
        w1.button(tr("watch"), key="lab-watch", on_click=apply_watch, icon=":material/visibility:")
        w2.caption(
            tr(
                "watch_help",
                epochs=WATCH["epochs"],
                floor=WATCH["min_step_seconds"],
                minutes=watch_minutes(),
            )
        )

# -- 2 · lecture experiments, 3 · live, 4 · compare ---------------------------------------------------------------
experiments_panel(runs, tr)
live_panels(runs, tr)
compare_panel(runs, tr)

# -- 5 · after a run: confusion drill-down, export, try a digit ---------------------------------------------------
picked = pick_ended_run(runs, tr)
if picked is not None:
    rid, run = picked
    drill_down(rid, run, tr)
    export_row(rid, run, tr)
    try_digit(rid, run, tr)
