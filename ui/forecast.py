"""Streamlit helpers of the forecasting page: texts (en/ko), cached data, the unrolled diagram, plot builders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from models.forecast import series as S
from models.forecast.nets import KINDS, LABELS, build_matched
from models.forecast.train import ForecastConfig
from models.forecast.windows import MODES, Split
from models.training import count_parameters
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
    Choice("series", S.bundled_names(), key="fc_series"),  # real series
    Choice("gen", tuple(S.GENERATORS), key="fc_gen"),  # generator
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

_SERIES_KO = {  # Korean credit / unit / name of each series, by Series.source (English: models.forecast.series)
    "credit_sunspots": "연간 흑점 수 1700–2008, 미국 NOAA 국립지구물리자료센터(퍼블릭 도메인), "
    "statsmodels.datasets.sunspots 제공.",
    "credit_co2": "마우나로아의 대기 중 CO2 1958–2001 (Keeling & Whorf, Scripps / CDIAC, 퍼블릭 도메인), "
    "statsmodels.datasets.co2 제공; 주간 표본을 월별로 평균.",
    "credit_nile": "아스완에서 잰 나일강의 연간 유량 1871–1970 (Cobb 1978; 퍼블릭 도메인), statsmodels.datasets.nile 제공.",
    "credit_seattle_temp_max": "시애틀의 일 최고 기온 2012–2015, 미국 NOAA(퍼블릭 도메인), "
    "vega_datasets.data.seattle_weather 제공.",
    "credit_stocks_goog": "구글(GOOG) 주간 종가 2018–2019, 첫 주 대비 비율, plotly.express.data.stocks() 제공.",
    "credit_sines": "합성: 사인파 합 + 잡음",
    "credit_sawtooth": "합성: 톱니파 + 잡음",
    "credit_ar2": "합성: AR(2)",
    "credit_random_walk": "합성: 드리프트가 있는 랜덤 워크",
    "credit_csv": "내 CSV 파일",
    "unit_sunspots": "연간 흑점 수",
    "unit_co2": "ppmv",
    "unit_nile": "10^8 m^3",
    "unit_seattle_temp_max": "°C",
    "unit_stocks_goog": "× 첫 주 대비",
    "name_sunspots": "흑점 수 (연간)",
    "name_co2": "CO2 (마우나로아, 월간)",
    "name_nile": "나일강 유량 (연간)",
    "name_seattle_temp_max": "시애틀 최고 기온 (일간)",
    "name_stocks_goog": "구글 주가 (주간)",
}
_SERIES_EN = {
    **{f"credit_{k}": v for k, v in S.CREDITS.items()},
    **{f"unit_{k}": v for k, v in S.UNITS.items()},
    "name_sunspots": "sunspots (yearly)",
    "name_co2": "CO2 (Mauna Loa, monthly)",
    "name_nile": "Nile flow (yearly)",
    "name_seattle_temp_max": "Seattle max temperature (daily)",
    "name_stocks_goog": "Google stock (weekly)",
}

TEXT = {
    "en": {
        **_SERIES_EN,
        "uploader_help": "Drag a file onto the box or press its button (Streamlit's own words in the box stay English: "
        "“Drag and drop file here”, “Browse files”, “Limit 25MB per file”).",
        "title": "Time-series forecasting: MLP vs 1-D CNN vs RNN vs LSTM vs GRU",
        "intro": "“Can't an MLP do it? Can't a CNN?” — better than you might think. Five small networks with about "
        "the same number of parameters learn the same windows of the same series; the table says who "
        "beats the naive forecast (repeat the last value).",
        "source": "Data",
        "src_bundled": "Real series",
        "src_generator": "Generator",
        "src_csv": "Your CSV",
        "series": "Series",
        "generator": "Generator",
        "gen_sines": "sum of sines + noise",
        "gen_sawtooth": "sawtooth",
        "gen_ar2": "AR(2)",
        "gen_random_walk": "random walk with drift",
        "length": "Length",
        "noise": "Noise",
        "period": "Period",
        "period2": "Second period",
        "amplitude2": "Second amplitude",
        "phi1": "φ1",
        "phi2": "φ2",
        "drift": "Drift",
        "seed": "Seed",
        "upload": "Upload a CSV (delimiter detected automatically)",
        "upload_hint": "Upload a CSV with one numeric column (and optionally a date column) to forecast it.",
        "value_column": "Value column",
        "date_column": "Date column (optional)",
        "no_date": "(none: row order)",
        "credit": "Source: {credit}",
        "rows": "{n} points",
        "period_info": "seasonal period: {period} steps",
        "no_period": "no known seasonal period",
        "window": "Window W (past steps the model sees)",
        "horizon": "Horizon H (steps ahead)",
        "mode": "Mode",
        "mode_many-to-one": "many-to-one (predict the next value, then recursively)",
        "mode_many-to-many": "many-to-many (emit the whole horizon at once)",
        "models": "Models",
        "epochs": "Epochs",
        "budget": "Parameter budget per model",
        "split_caption": "Chronological split: train {train} · validation {val} · test {test} points. "
        "The scaler is fitted on the training part only.",
        "seg_train": "train",
        "seg_val": "validation",
        "seg_test": "test",
        "value": "value",
        "time": "time",
        "diagram": "The network unrolled over the window",
        "diagram_m2o": "Many-to-one: every step produces an output, but only the last one (orange) feeds the loss: "
        "it predicts the next value. To forecast H steps, the prediction is fed back as the newest "
        "input (dashed) H times.",
        "diagram_m2m": "Many-to-many: after the W observed inputs the network runs H−1 more steps with an empty "
        "input; the last H outputs (orange) are the forecast and all of them feed the loss. "
        "Grey outputs are ignored.",
        "diagram_mlp_cnn": "The MLP sees the flattened window at once (no time order); the causal CNN's output at a "
        "step sees only that step and earlier ones, through dilated convolutions.",
        "params_table": "Sizes matched to the budget",
        "col_model": "model",
        "col_params": "parameters",
        "col_hidden": "hidden units / channels",
        "train_button": "Train the selected models",
        "stop_all": "Stop all",
        "pick_model": "Choose at least one model.",
        "training": "Training (live)",
        "results": "Results on {series}",
        "results_wait": "Results appear when every run has finished or been stopped.",
        "col_time": "training time (s)",
        "col_epochs": "epochs",
        "col_best": "kept epoch",
        "col_val_rmse": "val RMSE",
        "col_val_mae": "val MAE",
        "col_test_rmse": "test RMSE",
        "col_test_mae": "test MAE",
        "col_mase": "test MASE vs naive",
        "col_smase": "test MASE vs seasonal naive",
        "mase_help": "MASE = MAE of the model / MAE of the baseline on the same test forecasts: below 1 beats it. "
        "Naive = repeat the last value; seasonal naive = the value one season earlier.",
        "winner_label": "Best on the test part",
        "winner_sub": "MASE {mase:.3f}: {verdict}",
        "beats": "beats the naive forecast",
        "loses": "does not beat the naive forecast",
        "forecast_plot": "Forecasts on the test part (each segment starts from the true history)",
        "history": "history",
        "truth": "truth",
        "naive": "naive",
        "hidden": "Hidden state of a recurrent model over the last window (units × time)",
        "hidden_model": "Recurrent model",
        "unit": "unit",
        "step_t": "step",
        "no_recurrent": "Train an RNN, LSTM or GRU to see its hidden state.",
        "stopped_note": "{model} was stopped early: its row uses the best epoch reached.",
        "failed_note": "{model} failed: {error}",
        "too_short_generic": "The series is too short for this window and horizon.",
        "note_co2_monthly": "{count} months had no sample and were filled by linear interpolation.",
        "note_interpolated": "{count} missing value(s) were filled by linear interpolation between their neighbours.",
        "note_coerced": "{count} cell(s) that are not numbers were treated as missing and interpolated.",
        "note_duplicates": "{count} row(s) with a repeated date were merged into the mean of their values.",
        "note_sorted": "The rows were not in date order; they were sorted by date.",
        "note_bad_dates": "{count} row(s) whose date could not be read were dropped.",
        "note_truncated": "The series has {total} rows; the most recent {kept} are used.",
        "err_empty": "The file is empty or has no data rows.",
        "err_unreadable": "The file could not be read as a CSV table: {detail}.",
        "err_no_column": "There is no column {column!r}; the file has: {columns}.",
        "err_not_numeric": "Column {column!r} is not numeric: {bad} of {total} cells are not numbers "
        "(at most {limit:.0%} may be).",
        "err_all_missing": "Column {column!r} has no numeric values at all.",
        "err_bad_date_column": "Column {column!r} does not hold dates: {bad} of {total} cells could not be read "
        "as dates.",
        "err_too_short": "The series has {rows} usable rows, but window {window} and horizon {horizon} need at "
        "least {needed}: use a shorter window or horizon, or a longer file.",
    },
    "ko": {
        **_SERIES_KO,
        "uploader_help": "파일을 상자에 끌어다 놓거나 상자의 버튼을 누르세요. 상자 안의 글자는 Streamlit이 쓰는 영어 그대로입니다: "
        "“Drag and drop file here” = 파일을 여기에 끌어다 놓기, “Browse files” = 파일 찾기, "
        "“Limit 25MB per file” = 파일당 최대 25MB.",
        "title": "시계열 예측: MLP vs 1-D CNN vs RNN vs LSTM vs GRU",
        "intro": "“MLP로는 안되나? CNN으로는 안되나?” — 생각보다 괜찮다(!). 파라미터 수가 비슷한 작은 신경망 다섯 개가 "
        "같은 시계열의 같은 윈도우로 학습합니다. 표를 보면 누가 단순(naive) 예측(마지막 값 반복)을 이기는지 "
        "알 수 있습니다.",
        "source": "데이터",
        "src_bundled": "실제 시계열",
        "src_generator": "생성기",
        "src_csv": "내 CSV",
        "series": "시계열",
        "generator": "생성기",
        "gen_sines": "사인파 합 + 잡음",
        "gen_sawtooth": "톱니파",
        "gen_ar2": "AR(2)",
        "gen_random_walk": "드리프트가 있는 랜덤 워크",
        "length": "길이",
        "noise": "잡음",
        "period": "주기",
        "period2": "두 번째 주기",
        "amplitude2": "두 번째 진폭",
        "phi1": "φ1",
        "phi2": "φ2",
        "drift": "드리프트",
        "seed": "시드",
        "upload": "CSV 올리기 (구분자는 자동으로 찾습니다)",
        "upload_hint": "숫자 열 하나(날짜 열은 선택)가 있는 CSV를 올리면 그 열을 예측합니다.",
        "value_column": "값 열",
        "date_column": "날짜 열 (선택)",
        "no_date": "(없음: 행 순서)",
        "credit": "출처: {credit}",
        "rows": "{n}개 시점",
        "period_info": "계절 주기: {period} 스텝",
        "no_period": "알려진 계절 주기 없음",
        "window": "윈도우 W (모델이 보는 과거 스텝 수)",
        "horizon": "예측 구간 H (몇 스텝 앞까지)",
        "mode": "방식",
        "mode_many-to-one": "many-to-one (다음 값 하나를 예측하고 되먹임으로 이어가기)",
        "mode_many-to-many": "many-to-many (예측 구간 전체를 한 번에 출력)",
        "models": "모델",
        "epochs": "에폭",
        "budget": "모델당 파라미터 예산",
        "split_caption": "시간 순서대로 나눔: 학습 {train} · 검증 {val} · 테스트 {test}개 시점. "
        "스케일러는 학습 구간에만 맞춥니다.",
        "seg_train": "학습",
        "seg_val": "검증",
        "seg_test": "테스트",
        "value": "값",
        "time": "시간",
        "diagram": "윈도우를 따라 펼친 신경망",
        "diagram_m2o": "Many-to-one: 모든 스텝이 출력을 내지만 loss에는 마지막 출력(주황색)만 쓰입니다. 그 출력이 다음 "
        "값을 예측합니다. H 스텝을 예측하려면 예측값을 가장 최근 입력으로 다시 넣는 일(점선)을 "
        "H번 반복합니다.",
        "diagram_m2m": "Many-to-many: 관측된 입력 W개 뒤에 빈 입력으로 H−1 스텝을 더 돌립니다. 마지막 출력 H개(주황색)가 "
        "예측이고 모두 loss에 들어갑니다. 회색 출력은 버립니다.",
        "diagram_mlp_cnn": "MLP는 펼친 윈도우 전체를 한 번에 봅니다(시간 순서 개념 없음). 인과(causal) CNN의 어떤 스텝 "
        "출력은 팽창(dilated) 합성곱을 통해 그 스텝과 그 이전만 봅니다.",
        "params_table": "예산에 맞춘 모델 크기",
        "col_model": "모델",
        "col_params": "파라미터 수",
        "col_hidden": "은닉 유닛 / 채널",
        "train_button": "선택한 모델 학습",
        "stop_all": "모두 정지",
        "pick_model": "모델을 하나 이상 고르세요.",
        "training": "학습 (실시간)",
        "results": "{series} 결과",
        "results_wait": "모든 학습이 끝나거나 정지되면 결과가 나타납니다.",
        "col_time": "학습 시간(초)",
        "col_epochs": "에폭",
        "col_best": "채택한 에폭",
        "col_val_rmse": "검증 RMSE",
        "col_val_mae": "검증 MAE",
        "col_test_rmse": "테스트 RMSE",
        "col_test_mae": "테스트 MAE",
        "col_mase": "테스트 MASE (naive 대비)",
        "col_smase": "테스트 MASE (계절 naive 대비)",
        "mase_help": "MASE = 모델의 MAE / 같은 테스트 예측에서 기준 방법의 MAE: 1보다 작으면 기준을 이긴 것. "
        "naive = 마지막 값 반복, 계절 naive = 한 주기 전의 값.",
        "winner_label": "테스트 구간 최고",
        "winner_sub": "MASE {mase:.3f}: {verdict}",
        "beats": "단순 예측을 이김",
        "loses": "단순 예측을 이기지 못함",
        "forecast_plot": "테스트 구간의 예측 (각 조각은 실제 과거에서 출발)",
        "history": "과거",
        "truth": "실제 값",
        "naive": "naive",
        "hidden": "마지막 윈도우에서 순환 모델의 은닉 상태 (유닛 × 시간)",
        "hidden_model": "순환 모델",
        "unit": "유닛",
        "step_t": "스텝",
        "no_recurrent": "RNN, LSTM 또는 GRU를 학습하면 은닉 상태를 볼 수 있습니다.",
        "stopped_note": "{model}은(는) 일찍 정지되었습니다: 도달한 에폭 중 가장 좋은 것을 씁니다.",
        "failed_note": "{model} 실패: {error}",
        "too_short_generic": "이 윈도우와 예측 구간에 비해 시계열이 너무 짧습니다.",
        "note_co2_monthly": "표본이 없는 {count}개 달은 선형 보간으로 채웠습니다.",
        "note_interpolated": "빠진 값 {count}개를 양옆 값의 선형 보간으로 채웠습니다.",
        "note_coerced": "숫자가 아닌 칸 {count}개를 빠진 값으로 보고 보간했습니다.",
        "note_duplicates": "날짜가 겹친 행 {count}개를 값의 평균으로 합쳤습니다.",
        "note_sorted": "행이 날짜 순서가 아니어서 날짜순으로 정렬했습니다.",
        "note_bad_dates": "날짜를 읽을 수 없는 행 {count}개를 뺐습니다.",
        "note_truncated": "시계열이 {total}행이라 가장 최근 {kept}행만 씁니다.",
        "err_empty": "파일이 비어 있거나 데이터 행이 없습니다.",
        "err_unreadable": "파일을 CSV 표로 읽을 수 없습니다: {detail}.",
        "err_no_column": "{column!r} 열이 없습니다. 파일에 있는 열: {columns}.",
        "err_not_numeric": "{column!r} 열은 숫자가 아닙니다: {total}칸 중 {bad}칸이 숫자가 아닙니다 "
        "(최대 {limit:.0%}까지 허용).",
        "err_all_missing": "{column!r} 열에는 숫자 값이 하나도 없습니다.",
        "err_bad_date_column": "{column!r} 열은 날짜가 아닙니다: {total}칸 중 {bad}칸을 날짜로 읽을 수 없습니다.",
        "err_too_short": "쓸 수 있는 행이 {rows}개인데, 윈도우 {window}와 예측 구간 {horizon}에는 최소 {needed}개가 "
        "필요합니다. 윈도우나 예측 구간을 줄이거나 더 긴 파일을 쓰세요.",
    },
}


def series_credit(series: S.Series, tr) -> str:
    """The series' data source in the page's language (a CSV column's own name stays as it is)."""
    return tr(f"credit_{series.source}") if f"credit_{series.source}" in TEXT["en"] else series.credit


def series_unit(series: S.Series, tr) -> str:
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


def note_text(note: S.Note, tr) -> str:
    return tr(f"note_{note.key}", **note.params)


@st.cache_data(show_spinner=False, max_entries=8)
def bundled(name: str) -> S.Series:
    return S.load_bundled(name)


@st.cache_data(show_spinner=False, max_entries=16)
def csv_info(data: bytes) -> dict:
    return S.csv_columns(data)


@st.cache_data(show_spinner=False, max_entries=16)
def csv_series(data: bytes, column: str, date_column: str | None, name: str) -> S.Series:
    return S.read_csv(data, column, date_column, name=name)


@st.cache_data(show_spinner=False, max_entries=64)
def matched_sizes(kinds: tuple, budget: int, window: int, horizon: int, mode: str) -> list[dict]:
    rows = []
    for k in kinds:
        m = build_matched(k, budget, window, horizon, mode)
        rows.append({"kind": k, "params": count_parameters(m), "hidden": m.cfg.hidden})
    return rows


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


def series_figure(series: S.Series, split: Split | None, tr) -> go.Figure:
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


def forecast_figure(series: S.Series, split: Split, forecasts: dict, naive: tuple | None, tr) -> go.Figure:
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


def unrolled_svg(mode: str, window: int, horizon: int) -> str:
    """Unrolled diagram of a recurrent forecaster; orange outputs feed the loss, grey ones are ignored.
    At most 5 observed steps and 3 future steps are drawn (an ellipsis stands for the rest)."""
    _w_shown, h_shown = min(window, 5), min(horizon, 3)
    steps = []  # (input label, output label, feeds the loss, input is a fed-back prediction)
    obs = [f"x{i}" for i in range(1, window + 1)]
    obs = obs if window <= 5 else obs[:2] + ["…"] + obs[-2:]
    if mode == "many-to-one":
        for i, lab in enumerate(obs):
            last = i == len(obs) - 1
            steps.append((lab, "ŷ(W+1)" if last else "", last, False))
        for j in range(1, h_shown):
            steps.append((f"ŷ(W+{j})", f"ŷ(W+{j + 1})", False, True))
    else:
        fut = [f"ŷ(W+{j})" for j in range(1, horizon + 1)]
        fut = fut if horizon <= 3 else [fut[0], "…", fut[-1]]
        for i, lab in enumerate(obs):
            last = i == len(obs) - 1
            steps.append((lab, fut[0] if last else "", last, False))
        for lab in fut[1:]:
            steps.append(("0", lab, True, False))
    n = len(steps)
    step, box = 78, 40
    width = 40 + step * n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 200" width="100%" '
        f'style="max-width:{width * 1.2:.0f}px" role="img" aria-label="{mode}">',
        '<defs><marker id="fa" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>',
    ]
    font = 'font-family="sans-serif" text-anchor="middle"'
    for i, (inp, out, loss, fed) in enumerate(steps):
        x = 20 + i * step
        cx = x + box / 2
        parts.append(
            f'<rect x="{x}" y="80" width="{box}" height="{box}" rx="6" fill="#9ecae1" stroke="#333"/>'
            f'<text x="{cx}" y="105" font-size="13" {font}>h</text>'
        )
        if i > 0:
            parts.append(
                f'<line x1="{x - step + box}" y1="100" x2="{x - 2}" y2="100" stroke="#444" '
                f'stroke-width="2" marker-end="url(#fa)"/>'
            )
        in_fill = "#fdd0a2" if not fed and inp != "0" else ("#eeeeee" if inp == "0" else "#fff5eb")
        dash = ' stroke-dasharray="4 3"' if fed else ""
        parts.append(
            f'<rect x="{x - 6}" y="158" width="{box + 12}" height="28" rx="4" fill="{in_fill}" '
            f'stroke="#333"{dash}/><text x="{cx}" y="177" font-size="11" {font}>{inp}</text>'
            f'<line x1="{cx}" y1="158" x2="{cx}" y2="122" stroke="#444" stroke-width="2" '
            f'marker-end="url(#fa)"/>'
        )
        fill, stroke = ("#fd8d3c", "#333") if loss else ("#f0f0f0", "#aaa")
        parts.append(
            f'<rect x="{x - 6}" y="14" width="{box + 12}" height="28" rx="4" fill="{fill}" '
            f'stroke="{stroke}"/><text x="{cx}" y="33" font-size="11" {font} '
            f'fill="{"#111" if loss else "#999"}">{out or "ŷ"}</text>'
            f'<line x1="{cx}" y1="80" x2="{cx}" y2="44" stroke="{stroke}" stroke-width="2" '
            f'marker-end="url(#fa)"/>'
        )
        if fed:  # the previous prediction comes back as this step's input
            parts.append(
                f'<path d="M{x - step + box / 2 + 20},28 C{x - 12},40 {x - 24},160 {x - 8},170" '
                f'fill="none" stroke="#e6550d" stroke-dasharray="4 3" marker-end="url(#fa)"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
