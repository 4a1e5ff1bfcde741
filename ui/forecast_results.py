"""The forecasting page's training and results: the live runs side by side, the result table, the forecast
overlay and a recurrent model's hidden state (figures and panels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from models.forecast.nets import LABELS, RECURRENT
from models.forecast.series import Series
from models.forecast.train import (
    ForecastConfig,
    best_row,
    last_window_hidden,
    make_job,
    naive_segments,
    result_row,
    rolling_forecast,
)
from models.forecast.windows import Prepared, Split
from models.training import RemoteRun
from models.training.jobs import forecast_adopt, forecast_job
from models.training.state import ACTIVE, TrainerState
from ui.forecast import series_label, series_unit
from ui.live import live_panel
from ui.presenter import big_result, csv_download, secondary, show_chart
from ui.scroll import scroll_to_once

COLORS = {
    "mlp": "#1f77b4",
    "cnn": "#2ca02c",
    "rnn": "#9467bd",
    "lstm": "#d62728",
    "gru": "#ff7f0e",
    "naive": "#7f7f7f",
}
SEGMENT_COLORS = {
    "train": "rgba(31,119,180,0.08)",
    "val": "rgba(255,127,14,0.12)",
    "test": "rgba(44,160,44,0.12)",
}


def _shade(fig: go.Figure, index: list, split: Split, tr) -> None:
    for seg in ("train", "val", "test"):
        a, b = split.segment(seg)
        fig.add_vrect(
            x0=index[a],
            x1=index[b - 1],
            fillcolor=SEGMENT_COLORS[seg],
            line_width=0,
            layer="below",
            annotation_text=tr(f"seg_{seg}"),
            annotation_position="top left",
        )


def series_figure(series: Series, split: Split | None, tr) -> go.Figure:
    """The series with its train / validation / test parts shaded (no shading when there is no split)."""
    fig = go.Figure()
    fig.add_scatter(
        x=series.index,
        y=series.values,
        mode="lines",
        line=dict(color="#333", width=1.3),
        name=series_label(series.name, tr),
    )
    if split is not None:
        _shade(fig, series.index, split, tr)
    fig.update_layout(
        height=300,
        margin=dict(l=10, r=10, t=30, b=10),
        showlegend=False,
        xaxis_title=tr("time"),
        yaxis_title=series_unit(series, tr),
    )
    return fig


def forecast_figure(series: Series, split: Split, forecasts: dict, naive: tuple | None, tr) -> go.Figure:
    """History, truth on the test part and each model's forecast segments. ``forecasts`` maps kind to
    (starts (K,), predictions (K, H)); ``naive`` is the same for the naive forecast (shown on legend click)."""
    idx, y = series.index, series.values
    fig = go.Figure()
    fig.add_scatter(
        x=idx[: split.val_end],
        y=y[: split.val_end],
        mode="lines",
        line=dict(color="#999", width=1),
        name=tr("history"),
    )
    fig.add_scatter(
        x=idx[split.val_end :],
        y=y[split.val_end :],
        mode="lines",
        line=dict(color="#111", width=2),
        name=tr("truth"),
    )
    items = list(forecasts.items()) + ([("naive", naive)] if naive is not None else [])
    for kind, (starts, pred) in items:
        xs, ys = [], []
        for t, p in zip(starts, pred):
            xs += [idx[t - 1], *idx[t : t + len(p)], None]
            ys += [y[t - 1], *p.tolist(), None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=LABELS.get(kind, tr("naive")),
            line=dict(
                color=COLORS[kind],
                width=2 if kind != "naive" else 1.5,
                dash="dot" if kind == "naive" else None,
            ),
            visible="legendonly" if kind == "naive" else True,
        )
    _shade(fig, idx, split, tr)
    lo = max(0, split.val_end - 3 * max(len(idx) - split.val_end, 1))
    fig.update_layout(
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis_title=tr("time"),
        yaxis_title=series_unit(series, tr),
        xaxis=dict(range=[idx[lo], idx[-1]]),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )
    return fig


def hidden_figure(states: np.ndarray, window: int, tr) -> go.Figure:
    """Heatmap of hidden units (rows) over time steps (columns); steps after the window are the empty inputs."""
    t = list(range(1, states.shape[1] + 1))
    fig = go.Figure(
        go.Heatmap(
            z=states, x=t, y=list(range(states.shape[0])), colorscale="RdBu", zmid=0, colorbar=dict(title="h")
        )
    )
    if states.shape[1] > window:
        fig.add_vline(x=window + 0.5, line=dict(color="#111", dash="dash"))
    fig.update_layout(
        height=360, margin=dict(l=10, r=10, t=10, b=10), xaxis_title=tr("step_t"), yaxis_title=tr("unit")
    )
    return fig


def results_frame(rows: list[dict], tr, has_period: bool) -> pd.DataFrame:
    cols = {
        "label": "col_model",
        "params": "col_params",
        "train_seconds": "col_time",
        "epochs_done": "col_epochs",
        "best_epoch": "col_best",
        "val_rmse": "col_val_rmse",
        "val_mae": "col_val_mae",
        "test_rmse": "col_test_rmse",
        "test_mae": "col_test_mae",
        "test_mase": "col_mase",
    }
    if has_period:
        cols["test_mase_seasonal"] = "col_smase"
    df = pd.DataFrame(rows)[list(cols)]
    return df.rename(columns={k: tr(v) for k, v in cols.items()})


# -- 3. training ----------------------------------------------------------------------------------------------
def start_batch(kinds: list, series: Series, prepared: Prepared, cfg: ForecastConfig, runs) -> dict:
    """One worker run per chosen model, replacing the previous comparison (what still runs is stopped)."""
    runs.clear()
    ids = []
    for kind in kinds:
        job = make_job(kind, prepared, cfg, heartbeat_timeout=60)
        job.trainer = RemoteRun(
            forecast_job(kind, prepared, cfg, heartbeat_timeout=60),
            model=job.model,
            on_result=forecast_adopt(job),
        )  # trains in a worker process
        ids.append(
            runs.add(job.trainer, label=LABELS[kind], config={"kind": kind, "budget": cfg.budget}, job=job)
        )
        job.trainer.start()
    return {"ids": ids, "series": series, "prepared": prepared}


def stop_batch(batch: dict, runs) -> None:
    """Ask every run of the comparison to stop, then wait for each (a few seconds at most)."""
    for rid in batch["ids"]:
        run = runs.get(rid)
        if run is not None:
            run.trainer.request_stop()
    for rid in batch["ids"]:
        if runs.get(rid) is not None:
            runs.get(rid).trainer.join(timeout=5)


def training_panel(batch: dict, runs, tr) -> tuple[list, bool]:
    """The live curves of the comparison's runs, three to a row: ([(run id, run)], whether any still runs)."""
    live = [(rid, runs.get(rid)) for rid in batch["ids"] if runs.get(rid) is not None]
    running = any(run.trainer.state in ACTIVE for _, run in live)
    # The button sits low on a tall page: after the click the live curves, and later the results, are scrolled
    # into view once (a 1280x720 browser test checks it); further reruns leave the reader's position alone.
    with st.container(key="fc_training"):
        st.subheader(tr("training"))
        if running:
            st.info(tr("results_wait"))
            scroll_to_once("fc_training", "-".join(batch["ids"]))
    grid = st.columns(min(len(live), 3)) if live else []
    for i, (rid, run) in enumerate(live):
        with grid[i % len(grid)]:
            live_panel(run, key=rid, tr=tr, show_acc=False)
    return live, running


# -- 4. results -----------------------------------------------------------------------------------------------
def result_rows(live: list, prepared: Prepared, period: int | None, tr) -> tuple[list, dict]:
    """Each ended run's result row and rolling test forecast (computed once per run); a note for runs that
    failed or were stopped."""
    rows, forecasts = [], {}
    for _rid, run in live:
        job = run.extra["job"]
        if run.trainer.state == TrainerState.FAILED:
            st.error(tr("failed_note", model=run.label, error=run.trainer.error))
            continue
        if "row" not in run.extra:
            run.extra["row"] = result_row(job, period)
            run.extra["rolling"] = rolling_forecast(job.model, prepared)
        if run.trainer.state == TrainerState.STOPPED:
            st.caption(tr("stopped_note", model=run.label))
        rows.append(run.extra["row"])
        forecasts[job.kind] = run.extra["rolling"]
    return rows, forecasts


def results_panel(rows: list, forecasts: dict, batch: dict, tr) -> None:
    """The result table (CSV download), the winner, and every forecast over the test part."""
    series, prepared = batch["series"], batch["prepared"]
    results_box = st.container(key="fc_results")
    results_box.subheader(tr("results", series=series_label(series.name, tr)))
    with results_box:
        scroll_to_once("fc_results", "-".join(batch["ids"]))
    # Ten or eleven columns do not fit 1400 px: the model column stays pinned while the others scroll under it.
    st.dataframe(
        results_frame(rows, tr, bool(series.period)),
        hide_index=True,
        width="stretch",
        column_config={
            tr("col_model"): st.column_config.TextColumn(pinned=True),
            tr("col_mase"): st.column_config.NumberColumn(format="%.3f", help=tr("mase_help")),
        },
    )
    csv_download(results_frame(rows, tr, bool(series.period)), f"forecast-{series.name}-results")
    best = best_row(rows)
    big_result(
        tr("winner_label"),
        best["label"],
        tr(
            "winner_sub",
            mase=best["test_mase"],
            verdict=tr("beats") if best["test_mase"] < 1 else tr("loses"),
        ),
    )
    secondary(tr("mase_help"))
    st.markdown(f"**{tr('forecast_plot')}**")
    show_chart(
        forecast_figure(series, prepared.split, forecasts, naive_segments(prepared), tr),
        f"forecast-{series.name}-{'-'.join(forecasts)}",
        key="fc_forecast_plot",
    )


def hidden_panel(live: list, runs, batch: dict, tr) -> None:
    """The hidden state of a chosen recurrent model over the last window."""
    series, prepared = batch["series"], batch["prepared"]
    st.markdown(f"**{tr('hidden')}**")
    recurrent = [(rid, run) for rid, run in live if run.extra["job"].kind in RECURRENT and "row" in run.extra]
    if not recurrent:
        st.caption(tr("no_recurrent"))
        return
    pick = st.selectbox(
        tr("hidden_model"),
        [rid for rid, _ in recurrent],
        format_func=lambda rid: runs.get(rid).label,
        key="fc_hidden_pick",
    )
    job = runs.get(pick).extra["job"]
    show_chart(
        hidden_figure(last_window_hidden(job.model, prepared), prepared.window, tr),
        f"forecast-{series.name}-hidden-{job.kind}",
        key="fc_hidden_plot",
    )
