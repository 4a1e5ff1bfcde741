"""Time-series forecasting: MLP vs causal 1-D CNN vs RNN vs LSTM vs GRU on real, synthetic or uploaded series,
trained side by side with live curves; result table with MASE, forecast overlay, hidden-state heatmap."""

from __future__ import annotations

import streamlit as st

from models.errors import InputError
from models.forecast.nets import LABELS
from models.forecast.train import ForecastConfig
from models.forecast.windows import prepare
from ui.diagrams import forecast_svg
from ui.forecast import (
    BUDGETS,
    URL,
    choose_series,
    error_text,
    series_caption,
    sizes_table,
    window_and_horizon,
)
from ui.forecast_results import (
    hidden_panel,
    result_rows,
    results_panel,
    series_figure,
    start_batch,
    stop_batch,
    training_panel,
)
from ui.i18n import translator
from ui.live import runtime_setup, session_runs
from ui.presenter import show_chart
from ui.text.forecast import TEXT

tr = translator(TEXT)
runtime_setup()
runs = session_runs("forecast")
st.title(tr("title"))
URL.apply()
st.markdown(tr("intro"))

# -- 1. the series ------------------------------------------------------------------------------------------
source = st.radio(
    tr("source"),
    URL.options("src"),
    format_func=lambda s: tr(f"src_{s}"),
    horizontal=True,
    key=URL.key("src"),
)
series = choose_series(source, tr)
if series is None:
    st.stop()
series_caption(series, tr)

# -- 2. settings --------------------------------------------------------------------------------------------
c = st.columns([1, 1, 2])
window, horizon = window_and_horizon(series, source, c, tr)
mode = c[2].radio(tr("mode"), URL.options("mode"), format_func=lambda m: tr(f"mode_{m}"), key=URL.key("mode"))
c = st.columns([3, 1, 1])
kinds = c[0].multiselect(tr("models"), URL.options("models"), format_func=LABELS.get, key=URL.key("models"))
epochs = c[1].number_input(tr("epochs"), **URL.range("ep"), key=URL.key("ep"))
budget = c[2].select_slider(tr("budget"), BUDGETS, key=URL.key("budget"))

try:
    prepared = prepare(series.values, window, horizon, mode)
except InputError as exc:
    show_chart(series_figure(series, None, tr), f"forecast-{series.name}-series", key="fc_series_plot")
    st.error(error_text(exc, tr))
    st.stop()
split = prepared.split
show_chart(series_figure(series, split, tr), f"forecast-{series.name}-series-split", key="fc_series_plot")
st.caption(tr("split_caption", **split.sizes()))

with st.expander(tr("diagram"), expanded=False):
    st.image(forecast_svg(mode, window, horizon), width="stretch")
    st.caption(tr("diagram_m2o" if mode == "many-to-one" else "diagram_m2m"))
    st.caption(tr("diagram_mlp_cnn"))
if kinds:
    sizes_table(kinds, budget, window, horizon, mode, tr)

# -- 3. training --------------------------------------------------------------------------------------------
batch = st.session_state.get("fc_batch")
c = st.columns([2, 1])
if c[0].button(tr("train_button"), type="primary", key="fc_train", width="stretch"):
    if not kinds:
        st.warning(tr("pick_model"))
    else:
        cfg = ForecastConfig(
            window=window, horizon=horizon, mode=mode, epochs=int(epochs), budget=int(budget)
        )
        batch = start_batch(kinds, series, prepared, cfg, runs)
        st.session_state["fc_batch"] = batch
if batch and c[1].button(tr("stop_all"), key="fc_stop_all", width="stretch"):
    stop_batch(batch, runs)
if not batch:
    st.stop()
live, running = training_panel(batch, runs, tr)
if running:
    st.stop()

# -- 4. results ---------------------------------------------------------------------------------------------
rows, forecasts = result_rows(live, batch["prepared"], batch["series"].period, tr)
if not rows:
    st.stop()
results_panel(rows, forecasts, batch, tr)
hidden_panel(live, runs, batch, tr)
