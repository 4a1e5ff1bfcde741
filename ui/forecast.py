"""The forecasting page's URL state, cached data, translated series labels and the panels that choose a series
and the settings (the training and results live in ui/forecast_results.py, the texts in ui/text/forecast.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.errors import InputError
from models.forecast import nets
from models.forecast.nets import KINDS, LABELS
from models.forecast.series import (
    GENERATORS,
    Note,
    Series,
    bundled_names,
    csv_columns,
    generator_series,
    load_bundled,
    read_csv,
)
from models.forecast.train import ForecastConfig
from models.forecast.windows import MODES
from ui.text.forecast import TEXT
from ui.urlstate import Choice, Float, Int, Multi, UrlState

BUDGETS = (500, 1000, 2000, 4000, 8000)  # parameter budgets offered per model
_DEFAULTS = ForecastConfig()

# URL parameters (ui/urlstate; README "Links, sharing and presenter mode"). Keys = the page's widget keys.
# win/hor: 0 = the series' own default window/horizon (a link to another series then gets that one's).
URL = UrlState(
    "forecast",
    Choice(
        "src", ("bundled", "generator", "csv"), key="fc_source"
    ),  # data source (a CSV itself is not in links)
    Choice("series", bundled_names(), key="fc_series"),  # real series
    Choice("gen", tuple(GENERATORS), key="fc_gen"),  # generator
    Int("n", 200, 5000, 600, step=100, key="fc_gen_n"),  # generated length
    Int("seed", 0, 10_000, 0, key="fc_gen_seed"),  # generator seed
    Int("sin_p", 4, 200, 25, key="fc_sin_p"),  # sines: period
    Float("sin_noise", 0.0, 1.0, 0.1, key="fc_sin_noise"),  # sines: noise
    Int("saw_p", 4, 200, 30, key="fc_saw_p"),  # sawtooth: period
    Float("saw_noise", 0.0, 1.0, 0.05, key="fc_saw_noise"),  # sawtooth: noise
    Float("phi1", -1.9, 1.9, 1.5, key="fc_ar_phi1"),  # AR(2): phi1
    Float("phi2", -0.95, 0.95, -0.75, key="fc_ar_phi2"),  # AR(2): phi2
    Float("drift", -0.5, 0.5, 0.05, key="fc_rw_drift"),  # random walk: drift
    Float("sigma", 0.1, 3.0, 1.0, key="fc_rw_sigma"),  # random walk: noise
    Int("win", 0, 200, 0, key="fc_win"),  # window W (0 = the series' default)
    Int("hor", 0, 60, 0, key="fc_hor"),  # horizon H (0 = the series' default)
    Choice("mode", MODES, key="fc_mode"),  # many-to-one / many-to-many
    Multi("models", KINDS, key="fc_models"),  # models trained side by side
    Int("ep", 1, 200, _DEFAULTS.epochs, key="fc_epochs"),  # epochs
    Choice("budget", BUDGETS, default=_DEFAULTS.budget, key="fc_budget"),  # parameter budget per model
)


def series_param(name: str, widget_key: str, series_default: int) -> None:
    """Before drawing the window/horizon number input (keyed per series, so another series starts from its own
    default): a value that came from the URL (a link, the lesson, Reset) is pushed into the widget; otherwise the
    widget keeps what the student typed."""
    seen_key = f"_fc_{name}_seen"
    value = URL.get(name)
    if value != st.session_state.get(seen_key):  # changed from outside: the URL's value (0: the series' own)
        st.session_state[widget_key] = value or series_default
    elif widget_key not in st.session_state:  # the student picked another series: that one's default
        st.session_state[widget_key] = series_default
    st.session_state[seen_key] = value


def store_series_param(name: str, value: int, series_default: int) -> None:
    """After the widget: its value back to the URL (0 when it is the series' default)."""
    URL.set(name, 0 if value == series_default else int(value))
    st.session_state[f"_fc_{name}_seen"] = URL.get(name)


def series_credit(series: Series, tr) -> str:
    """The series' data source in the page's language (a CSV column's own name stays as it is)."""
    return tr(f"credit_{series.source}") if f"credit_{series.source}" in TEXT["en"] else series.credit


def series_unit(series: Series, tr) -> str:
    """The y-axis title: the series' unit in the page's language; a CSV column's name; else "value"."""
    if f"unit_{series.source}" in TEXT["en"]:
        return tr(f"unit_{series.source}")
    return series.unit or tr("value")


def series_label(name: str, tr) -> str:
    """A bundled series' name in the page's language (the selectbox shows it)."""
    return tr(f"name_{name}") if f"name_{name}" in TEXT["en"] else name


def error_text(exc: Exception, tr) -> str:
    """A translated sentence for a SeriesInputError (its key and params), else the exception's own text."""
    key = getattr(exc, "key", None)
    if key is not None:
        return tr(f"err_{key}", **exc.params)
    return str(exc)


def note_text(note: Note, tr) -> str:
    return tr(f"note_{note.key}", **note.params)


@st.cache_data(show_spinner=False, max_entries=8)
def bundled(name: str) -> Series:
    return load_bundled(name)


@st.cache_data(show_spinner=False, max_entries=16)
def csv_info(data: bytes) -> dict:
    return csv_columns(data)


@st.cache_data(show_spinner=False, max_entries=16)
def csv_series(data: bytes, column: str, date_column: str | None, name: str) -> Series:
    return read_csv(data, column, date_column, name=name)


@st.cache_data(show_spinner=False, max_entries=64)
def matched_sizes(kinds: tuple, budget: int, window: int, horizon: int, mode: str) -> list[dict]:
    return nets.matched_sizes(kinds, budget, window, horizon, mode)


# -- 1. the series --------------------------------------------------------------------------------------------
def _generated(tr) -> Series:
    """The generator's widgets (length, its two knobs, seed) and the series they make."""
    kind = st.selectbox(
        tr("generator"), URL.options("gen"), format_func=lambda g: tr(f"gen_{g}"), key=URL.key("gen")
    )
    c = st.columns(4)
    n = c[0].number_input(tr("length"), **URL.range("n"), step=100, key=URL.key("n"))
    seed = c[3].number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed"))
    if kind == "sines":
        period = c[1].number_input(tr("period"), **URL.range("sin_p"), key=URL.key("sin_p"))
        noise = c[2].slider(tr("noise"), **URL.range("sin_noise"), key=URL.key("sin_noise"))
        return generator_series(kind, n, seed, period=period, noise=noise)
    if kind == "sawtooth":
        period = c[1].number_input(tr("period"), **URL.range("saw_p"), key=URL.key("saw_p"))
        noise = c[2].slider(tr("noise"), **URL.range("saw_noise"), key=URL.key("saw_noise"))
        return generator_series(kind, n, seed, period=period, noise=noise)
    if kind == "ar2":
        phi1 = c[1].slider(tr("phi1"), **URL.range("phi1"), step=0.05, key=URL.key("phi1"))
        phi2 = c[2].slider(tr("phi2"), **URL.range("phi2"), step=0.05, key=URL.key("phi2"))
        return generator_series(kind, n, seed, phi1=phi1, phi2=phi2)
    drift = c[1].slider(tr("drift"), **URL.range("drift"), step=0.01, key=URL.key("drift"))
    noise = c[2].slider(tr("noise"), **URL.range("sigma"), key=URL.key("sigma"))
    return generator_series(kind, n, seed, drift=drift, sigma=noise)


def _uploaded(tr) -> Series | None:
    """The CSV uploader and its value / date column boxes; None until a file is there."""
    up = st.file_uploader(tr("upload"), type=["csv", "txt", "tsv"], key="fc_csv", help=tr("uploader_help"))
    if up is None:
        st.info(tr("upload_hint"))
        return None
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
    return csv_series(data, value_col, date_col, value_col)


def choose_series(source: str, tr) -> Series | None:
    """The series from the chosen source; None (after a translated error) when it cannot be made."""
    try:
        if source == "bundled":
            name = st.selectbox(
                tr("series"),
                URL.options("series"),
                format_func=lambda n: series_label(n, tr),
                key=URL.key("series"),
            )
            return bundled(name)
        if source == "generator":
            return _generated(tr)
        return _uploaded(tr)
    except (InputError, ValueError) as exc:
        st.error(error_text(exc, tr))
        return None


def series_caption(series: Series, tr) -> None:
    """The notes on how the series was cleaned, then one line: source · length · seasonal period."""
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


# -- 2. settings ----------------------------------------------------------------------------------------------
def window_and_horizon(series: Series, source: str, cols, tr) -> tuple[int, int]:
    """The W and H boxes, keyed per series so that another series starts from its own defaults."""
    sid = f"{source}-{series.name}-{len(series)}"
    series_param(
        "win", f"fc_w_{sid}", series.window
    )  # a window/horizon from the URL wins over the series' own
    series_param("hor", f"fc_h_{sid}", series.horizon)
    window = cols[0].number_input(tr("window"), 1, 200, key=f"fc_w_{sid}")
    horizon = cols[1].number_input(tr("horizon"), 1, 60, key=f"fc_h_{sid}")
    store_series_param("win", window, series.window)
    store_series_param("hor", horizon, series.horizon)
    return int(window), int(horizon)


def sizes_table(kinds: list, budget: int, window: int, horizon: int, mode: str, tr) -> None:
    """Each chosen model's parameter count and hidden size at this budget."""
    sizes = matched_sizes(tuple(kinds), int(budget), window, horizon, mode)
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
