"""Time-series forecasting: MLP vs causal 1-D CNN vs RNN vs LSTM vs GRU on real, synthetic or uploaded series,
trained side by side with live curves; result table with MASE, forecast overlay, hidden-state heatmap."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.errors import InputError
from models.forecast import metrics
from models.forecast import series as S
from models.forecast.nets import LABELS, RECURRENT
from models.forecast.train import ForecastConfig, last_window_hidden, make_job, result_row, rolling_forecast
from models.forecast.windows import origins, prepare
from models.training import RemoteRun
from models.training.jobs import forecast_adopt, forecast_job
from models.training.state import ACTIVE
from ui.forecast import (
    BUDGETS,
    TEXT,
    URL,
    bundled,
    csv_info,
    csv_series,
    error_text,
    forecast_figure,
    hidden_figure,
    matched_sizes,
    note_text,
    results_frame,
    series_credit,
    series_figure,
    series_label,
    series_param,
    store_series_param,
    unrolled_svg,
)
from ui.i18n import translator
from ui.live import live_panel, runtime_setup, session_runs
from ui.presenter import big_result, csv_download, secondary, show_chart
from ui.scroll import scroll_to_once

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
series: S.Series | None = None
try:
    if source == "bundled":
        name = st.selectbox(
            tr("series"),
            URL.options("series"),
            format_func=lambda n: series_label(n, tr),
            key=URL.key("series"),
        )
        series = bundled(name)
    elif source == "generator":
        kind = st.selectbox(
            tr("generator"), URL.options("gen"), format_func=lambda g: tr(f"gen_{g}"), key=URL.key("gen")
        )
        c = st.columns(4)
        n = c[0].number_input(tr("length"), **URL.range("n"), step=100, key=URL.key("n"))
        seed = c[3].number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed"))
        if kind == "sines":
            p1 = c[1].number_input(tr("period"), **URL.range("sin_p"), key=URL.key("sin_p"))
            noise = c[2].slider(tr("noise"), **URL.range("sin_noise"), key=URL.key("sin_noise"))
            series = S.sum_of_sines(n, periods=(p1, 2.4 * p1), amplitudes=(1.0, 0.5), noise=noise, seed=seed)
        elif kind == "sawtooth":
            p1 = c[1].number_input(tr("period"), **URL.range("saw_p"), key=URL.key("saw_p"))
            noise = c[2].slider(tr("noise"), **URL.range("saw_noise"), key=URL.key("saw_noise"))
            series = S.sawtooth(n, period=p1, noise=noise, seed=seed)
        elif kind == "ar2":
            phi1 = c[1].slider(tr("phi1"), **URL.range("phi1"), step=0.05, key=URL.key("phi1"))
            phi2 = c[2].slider(tr("phi2"), **URL.range("phi2"), step=0.05, key=URL.key("phi2"))
            series = S.ar2(n, phi1=phi1, phi2=phi2, seed=seed)
        else:
            drift = c[1].slider(tr("drift"), **URL.range("drift"), step=0.01, key=URL.key("drift"))
            noise = c[2].slider(tr("noise"), **URL.range("sigma"), key=URL.key("sigma"))
            series = S.random_walk(n, drift=drift, sigma=noise, seed=seed)
    else:
        up = st.file_uploader(
            tr("upload"), type=["csv", "txt", "tsv"], key="fc_csv", help=tr("uploader_help")
        )
        if up is None:
            st.info(tr("upload_hint"))
        else:
            data = up.getvalue()
            info = csv_info(data)
            c = st.columns(2)
            cols = info["columns"]
            value_col = c[0].selectbox(
                tr("value_column"),
                cols,
                index=cols.index(info["value"]) if info["value"] else 0,
                key=f"fc_col_{up.file_id}",
            )
            date_opts = [None] + [x for x in cols if x != value_col]
            date_col = c[1].selectbox(
                tr("date_column"),
                date_opts,
                format_func=lambda x: tr("no_date") if x is None else x,
                index=date_opts.index(info["date"]) if info["date"] in date_opts else 0,
                key=f"fc_date_{up.file_id}",
            )
            series = csv_series(data, value_col, date_col, value_col)
except (InputError, ValueError) as exc:
    st.error(error_text(exc, tr))
    series = None

if series is None:
    st.stop()
for note in series.notes:
    st.info(note_text(note, tr))
st.caption(
    " · ".join(
        [
            tr("credit", credit=series_credit(series, tr)),
            tr("rows", n=len(series)),
            tr("period_info", period=series.period) if series.period else tr("no_period"),
        ]
    )
)

# -- 2. settings --------------------------------------------------------------------------------------------
c = st.columns([1, 1, 2])
sid = f"{source}-{series.name}-{len(series)}"
series_param("win", f"fc_w_{sid}", series.window)  # a window/horizon from the URL wins over the series' own
series_param("hor", f"fc_h_{sid}", series.horizon)
window = c[0].number_input(tr("window"), 1, 200, key=f"fc_w_{sid}")
horizon = c[1].number_input(tr("horizon"), 1, 60, key=f"fc_h_{sid}")
store_series_param("win", window, series.window)
store_series_param("hor", horizon, series.horizon)
mode = c[2].radio(tr("mode"), URL.options("mode"), format_func=lambda m: tr(f"mode_{m}"), key=URL.key("mode"))
c = st.columns([3, 1, 1])
kinds = c[0].multiselect(tr("models"), URL.options("models"), format_func=LABELS.get, key=URL.key("models"))
epochs = c[1].number_input(tr("epochs"), **URL.range("ep"), key=URL.key("ep"))
budget = c[2].select_slider(tr("budget"), BUDGETS, key=URL.key("budget"))

try:
    prepared = prepare(series.values, int(window), int(horizon), mode)
except InputError as exc:
    show_chart(series_figure(series, None, tr), f"forecast-{series.name}-series", key="fc_series_plot")
    st.error(error_text(exc, tr))
    st.stop()
split = prepared.split
show_chart(series_figure(series, split, tr), f"forecast-{series.name}-series-split", key="fc_series_plot")
st.caption(
    tr(
        "split_caption",
        train=split.train_end,
        val=split.val_end - split.train_end,
        test=split.n - split.val_end,
    )
)

with st.expander(tr("diagram"), expanded=False):
    st.image(unrolled_svg(mode, int(window), int(horizon)), width="stretch")
    st.caption(tr("diagram_m2o" if mode == "many-to-one" else "diagram_m2m"))
    st.caption(tr("diagram_mlp_cnn"))
if kinds:
    sizes = matched_sizes(tuple(kinds), int(budget), int(window), int(horizon), mode)
    st.markdown(f"**{tr('params_table')}**")
    st.dataframe(
        pd.DataFrame(
            {
                tr("col_model"): [LABELS[r["kind"]] for r in sizes],
                tr("col_params"): [r["params"] for r in sizes],
                tr("col_hidden"): [r["hidden"] for r in sizes],
            }
        ),
        hide_index=True,
    )

# -- 3. training --------------------------------------------------------------------------------------------
batch = st.session_state.get("fc_batch")
c = st.columns([2, 1])
if c[0].button(tr("train_button"), type="primary", key="fc_train", width="stretch"):
    if not kinds:
        st.warning(tr("pick_model"))
    else:
        runs.clear()  # a new comparison replaces the previous one (stops what still runs)
        cfg = ForecastConfig(
            window=int(window), horizon=int(horizon), mode=mode, epochs=int(epochs), budget=int(budget)
        )
        ids = []
        for k in kinds:
            job = make_job(k, prepared, cfg, heartbeat_timeout=60)
            job.trainer = RemoteRun(
                forecast_job(k, prepared, cfg, heartbeat_timeout=60),
                model=job.model,
                on_result=forecast_adopt(job),
            )  # trains in a worker process
            ids.append(
                runs.add(job.trainer, label=LABELS[k], config={"kind": k, "budget": cfg.budget}, job=job)
            )
            job.trainer.start()
        batch = {"ids": ids, "series": series, "prepared": prepared}
        st.session_state["fc_batch"] = batch
if batch and c[1].button(tr("stop_all"), key="fc_stop_all", width="stretch"):
    for rid in batch["ids"]:
        run = runs.get(rid)
        if run is not None:
            run.trainer.request_stop()
    for rid in batch["ids"]:
        if runs.get(rid) is not None:
            runs.get(rid).trainer.join(timeout=5)

if not batch:
    st.stop()
live = [(rid, runs.get(rid)) for rid in batch["ids"] if runs.get(rid) is not None]
token = "-".join(batch["ids"])
running = any(run.trainer.state in ACTIVE for _, run in live)
# The button sits low on a tall page: after the click the live curves, and later the results, are scrolled into
# view once (a 1280x720 browser test checks it); further reruns leave the reader's position alone.
with st.container(key="fc_training"):
    st.subheader(tr("training"))
    if running:
        st.info(tr("results_wait"))
        scroll_to_once("fc_training", token)
grid = st.columns(min(len(live), 3)) if live else []
for i, (rid, run) in enumerate(live):
    with grid[i % len(grid)]:
        live_panel(run, key=rid, tr=tr, show_acc=False)

if running:
    st.stop()

# -- 4. results ---------------------------------------------------------------------------------------------
b_series, b_prep = batch["series"], batch["prepared"]
rows, forecasts = [], {}
for _rid, run in live:
    job = run.extra["job"]
    if run.trainer.state == "failed":
        st.error(tr("failed_note", model=run.label, error=run.trainer.error))
        continue
    if "row" not in run.extra:
        run.extra["row"] = result_row(job, b_series.period)
        run.extra["rolling"] = rolling_forecast(job.model, b_prep)
    if run.trainer.state == "stopped":
        st.caption(tr("stopped_note", model=run.label))
    rows.append(run.extra["row"])
    forecasts[job.kind] = run.extra["rolling"]
if not rows:
    st.stop()
results_box = st.container(key="fc_results")
results_box.subheader(tr("results", series=series_label(b_series.name, tr)))
with results_box:
    scroll_to_once("fc_results", token)
# Ten or eleven columns do not fit 1400 px: the model column stays pinned while the others scroll under it.
st.dataframe(
    results_frame(rows, tr, bool(b_series.period)),
    hide_index=True,
    width="stretch",
    column_config={
        tr("col_model"): st.column_config.TextColumn(pinned=True),
        tr("col_mase"): st.column_config.NumberColumn(format="%.3f", help=tr("mase_help")),
    },
)
csv_download(results_frame(rows, tr, bool(b_series.period)), f"forecast-{b_series.name}-results")
best = min(rows, key=lambda r: r["test_mase"])
big_result(
    tr("winner_label"),
    best["label"],
    tr("winner_sub", mase=best["test_mase"], verdict=tr("beats") if best["test_mase"] < 1 else tr("loses")),
)
secondary(tr("mase_help"))
naive_starts = origins(b_prep.split, "test", b_prep.window, b_prep.horizon)[:: b_prep.horizon]
naive = (naive_starts, metrics.naive_forecast(b_prep.values, naive_starts, b_prep.horizon))
st.markdown(f"**{tr('forecast_plot')}**")
show_chart(
    forecast_figure(b_series, b_prep.split, forecasts, naive, tr),
    f"forecast-{b_series.name}-{'-'.join(forecasts)}",
    key="fc_forecast_plot",
)

st.markdown(f"**{tr('hidden')}**")
recurrent = [(rid, run) for rid, run in live if run.extra["job"].kind in RECURRENT and "row" in run.extra]
if not recurrent:
    st.caption(tr("no_recurrent"))
else:
    pick = st.selectbox(
        tr("hidden_model"),
        [rid for rid, _ in recurrent],
        format_func=lambda rid: runs.get(rid).label,
        key="fc_hidden_pick",
    )
    job = runs.get(pick).extra["job"]
    show_chart(
        hidden_figure(last_window_hidden(job.model, b_prep), b_prep.window, tr),
        f"forecast-{b_series.name}-hidden-{job.kind}",
        key="fc_hidden_plot",
    )
