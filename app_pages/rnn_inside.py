"""Inside the RNN: one vanilla step with all its numbers, vanishing gradients measured by autograd, accuracy vs
sequence length from real training runs, and the lab #27 preset (a vanilla RNN that fails, then the fixes)."""

from __future__ import annotations

import streamlit as st

from models.rnn.memory_task import LAB27_LENGTH, MemoryTaskConfig, load_sweep
from models.rnn.stats import sweep_epochs, sweep_seeds
from models.rnn.vanilla_step import TinyRNNConfig
from ui.i18n import translator
from ui.live import session_runs
from ui.presenter import secondary
from ui.rnn_inside import (
    LIVE_EPOCHS,
    LIVE_TS,
    URL,
    grad_norms_panel,
    grad_run_panels,
    lab27_panels,
    lab27_table,
    live_sweep_plot,
    start_grad_runs,
    start_lab27,
    start_live_sweep,
    step_panel,
    sweep_panel,
)
from ui.rnn_inside_charts import group_monitor
from ui.text.rnn_inside import TEXT

tr = translator(TEXT)
st.title(tr("title"))
URL.apply()
sweep = load_sweep()
chance = 1 / MemoryTaskConfig().classes
seeds = sweep_seeds(sweep)

# -- 1. the vanilla step ------------------------------------------------------------------------------
st.header(tr("step_title"))
st.markdown(tr("step_intro"))
c1, c2, c3 = st.columns(3)
text = c1.text_input(tr("text"), max_chars=12, key=URL.key("text")).strip().lower()
hidden = c2.select_slider(tr("hidden"), options=URL.options("hid"), key=URL.key("hid"))
seed = c3.number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed"))
try:
    step_cfg = TinyRNNConfig(text=text, hidden=int(hidden), seed=int(seed))
except ValueError:
    st.error(tr("bad_text"))
else:
    step_panel(step_cfg, tr)

# -- 2. vanishing gradients ------------------------------------------------------------------------------
st.header(tr("grad_title"))
st.markdown(tr("grad_intro", k=MemoryTaskConfig().classes))
c1, c2 = st.columns([2, 1])
T = c1.slider(tr("length"), **URL.range("t"), step=5, key=URL.key("t"))
cells = c2.multiselect(tr("cells"), URL.options("cells"), key=URL.key("cells"))
c1, c2, c3, c4 = st.columns([3, 3, 4, 2])
epochs = c1.slider(tr("epochs"), **URL.range("ep"), key=URL.key("ep"))  # default: the sweep's epochs
init = c2.selectbox(tr("init"), URL.options("init"), key=URL.key("init"), help=tr("init_help"))
clip = c3.toggle(tr("clip"), key=URL.key("clip"))
run_seed = c4.number_input(
    tr("run_seed"),
    **URL.range("rseed"),
    key=URL.key("rseed"),
    help=tr("run_seed_help", seeds=", ".join(map(str, seeds))),
)
grad_runs = session_runs("rnn-grad")
grad_norms_panel(cells, T, init, grad_runs, tr)
if st.button(tr("start"), key="start_grad", disabled=not cells):
    start_grad_runs(grad_runs, cells, T, init, epochs, clip, int(run_seed))
    st.rerun()
grad_run_panels(grad_runs, sweep, tr)

# -- 3. accuracy vs T ------------------------------------------------------------------------------------
st.header(tr("sweep_title"))
if sweep is None:
    st.info(tr("sweep_missing"))
else:
    sweep_panel(sweep, seeds, chance, tr)
with st.expander(tr("live_sweep"), expanded=False):
    st.caption(tr("live_sweep_help", Ts=", ".join(map(str, LIVE_TS)), e=LIVE_EPOCHS))
    sweep_runs = session_runs("rnn-sweep")
    if st.button(tr("start_sweep"), key="start_sweep", disabled=not cells):
        start_live_sweep(sweep_runs, cells)
        st.rerun()
    if sweep_runs.items():
        group_monitor(sweep_runs.items, "sweep", tr, after=lambda runs: live_sweep_plot(runs, chance, tr))

# -- 4. lab #27 -------------------------------------------------------------------------------------------
st.header(tr("lab_title"))
secondary(tr("lab_intro", T=LAB27_LENGTH, n=len(seeds)))
if sweep is not None and "lab27" in sweep:
    lab27_table(sweep["lab27"], seeds, chance, tr)
lab_runs = session_runs("rnn-lab27")
if st.button(tr("start_lab"), key="start_lab"):
    start_lab27(lab_runs, sweep_epochs(sweep), tr)
    st.rerun()
if lab_runs.items():
    lab27_panels(lab_runs.items(), tr)
