"""Time series for the forecasting page: real series bundled in installed packages (offline), synthetic
generators with knobs, and the user's own CSV (read with pandas, every repair stated, every refusal a sentence).

A repair or a refusal carries a ``key`` and ``params`` so that a page can translate it; ``str()`` is English.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

MAX_ROWS = 5000  # longer series keep their most recent MAX_ROWS points (stated), so training stays quick
MAX_BAD_FRACTION = 0.2  # more non-numeric (or undatable) cells than this: refuse the column


@dataclass(frozen=True)
class Note:
    key: str  # translation key of the repair, e.g. "interpolated"
    params: dict  # values for the sentence, e.g. {"count": 3}
    text: str  # the sentence in English (CLI, logs)

    def __str__(self) -> str:
        return self.text


class SeriesInputError(InputError):
    """A CSV or column that cannot be used; ``key``/``params`` let a page translate the sentence."""

    def __init__(self, key: str, text: str, **params):
        super().__init__(text)
        self.key, self.params = key, params


#: Where each series comes from, in English (the page has a Korean version of each under the same key).
CREDITS = {
    "sunspots": "Yearly sunspot numbers 1700–2008, NOAA National Geophysical Data Center (public domain), "
    "via statsmodels.datasets.sunspots.",
    "co2": "Atmospheric CO2 at Mauna Loa 1958–2001 (Keeling & Whorf, Scripps / CDIAC, public domain), "
    "via statsmodels.datasets.co2; weekly samples averaged per month.",
    "nile": "Annual flow of the Nile at Aswan 1871–1970 (Cobb 1978; public domain), via statsmodels.datasets.nile.",
    "seattle_temp_max": "Daily maximum temperature in Seattle 2012–2015, NOAA (public domain), "
    "via vega_datasets.data.seattle_weather.",
    "stocks_goog": "Weekly Google (GOOG) closing price 2018–2019, relative to the first week, "
    "via plotly.express.data.stocks().",
    "sines": "synthetic: sum of sines + noise",
    "sawtooth": "synthetic: sawtooth + noise",
    "ar2": "synthetic: AR(2)",
    "random_walk": "synthetic: random walk with drift",
    "csv": "your CSV file",
}
#: What one value measures (y-axis title), by the same keys.
UNITS = {
    "sunspots": "sunspots per year",
    "co2": "ppmv",
    "nile": "10^8 m^3",
    "seattle_temp_max": "°C",
    "stocks_goog": "× first week",
}


@dataclass
class Series:
    name: str  # short label, e.g. "sunspots"
    values: np.ndarray  # (n,) float64, no NaN
    index: list  # x positions for plots: dates, years or 0..n-1
    period: int | None = None  # seasonal period in steps (None: no known period)
    credit: str = ""  # source and licence of the data
    unit: str = ""  # what one value measures
    window: int = 24  # a sensible default window length for this series
    horizon: int = 6  # a sensible default horizon
    notes: list[Note] = field(default_factory=list)  # repairs that were applied (stated to the user)
    source: str = ""  # key of CREDITS / UNITS (the page translates credit and unit by it); "" = none

    def __len__(self) -> int:
        return len(self.values)


# ------------------------------------------------------------------------------------------------
# bundled real series (all ship inside installed wheels; nothing is downloaded)
# ------------------------------------------------------------------------------------------------
def _bundled(name: str, values: np.ndarray, index: list, period: int | None, window: int, horizon: int, **kw):
    """A bundled series: its credit, unit and source come from CREDITS / UNITS under its name."""
    return Series(
        name,
        values,
        index,
        period=period,
        credit=CREDITS[name],
        unit=UNITS[name],
        source=name,
        window=window,
        horizon=horizon,
        **kw,
    )


def _sunspots() -> Series:
    import statsmodels.api as sm

    d = sm.datasets.sunspots.load_pandas().data
    return _bundled("sunspots", d["SUNACTIVITY"].to_numpy(float), d["YEAR"].astype(int).tolist(), 11, 22, 5)


def _co2() -> Series:
    import statsmodels.api as sm

    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean()  # as the statsmodels docs do: weekly samples -> month starts
    missing = int(monthly.isna().sum())
    monthly = monthly.interpolate(limit_direction="both")
    notes = [_note("co2_monthly", count=missing)] if missing else []
    return _bundled("co2", monthly.to_numpy(float), list(monthly.index), 12, 24, 6, notes=notes)


def _nile() -> Series:
    import statsmodels.api as sm

    d = sm.datasets.nile.load_pandas().data
    return _bundled("nile", d["volume"].to_numpy(float), d["year"].astype(int).tolist(), None, 10, 3)


def _seattle() -> Series:
    from vega_datasets import data

    d = data.seattle_weather()
    return _bundled(
        "seattle_temp_max", d["temp_max"].to_numpy(float), list(pd.to_datetime(d["date"])), 365, 30, 7
    )


def _stocks() -> Series:
    import plotly.express as px

    d = px.data.stocks()
    return _bundled("stocks_goog", d["GOOG"].to_numpy(float), list(pd.to_datetime(d["date"])), None, 12, 4)


BUNDLED = {
    "sunspots": _sunspots,
    "co2": _co2,
    "nile": _nile,
    "seattle_temp_max": _seattle,
    "stocks_goog": _stocks,
}


def bundled_names() -> list[str]:
    return list(BUNDLED)


def load_bundled(name: str) -> Series:
    """One of the bundled real series by name; ValueError lists the valid names."""
    if name not in BUNDLED:
        raise ValueError(f"unknown series {name!r}; choose one of {', '.join(BUNDLED)}")
    return BUNDLED[name]()


# ------------------------------------------------------------------------------------------------
# synthetic generators (each seeded, each with knobs)
# ------------------------------------------------------------------------------------------------
def _synthetic(name: str, values: np.ndarray, period: int | None, window: int) -> Series:
    """A generated series indexed 0..n-1, horizon 5; its credit comes from CREDITS under its name (no unit)."""
    return Series(
        name,
        values,
        list(range(len(values))),
        period=period,
        credit=CREDITS[name],
        source=name,
        window=window,
        horizon=5,
    )


def sum_of_sines(
    n: int = 600, periods=(25.0, 60.0), amplitudes=(1.0, 0.5), noise: float = 0.1, seed: int = 0
) -> Series:
    """Sum of sines with Gaussian noise; the period of the first sine is the seasonal period."""
    if len(periods) != len(amplitudes) or not periods:
        raise ValueError("give as many amplitudes as periods (at least one)")
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = sum(a * np.sin(2 * np.pi * t / p) for p, a in zip(periods, amplitudes)) + noise * rng.standard_normal(
        n
    )
    return _synthetic("sines", y.astype(float), int(round(periods[0])), int(min(2 * max(periods), 60)))


def sawtooth(
    n: int = 600, period: int = 30, amplitude: float = 1.0, noise: float = 0.05, seed: int = 0
) -> Series:
    """A rising ramp that drops back every ``period`` steps, plus noise."""
    if period < 2:
        raise ValueError("period must be at least 2")
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = amplitude * (2 * (t % period) / period - 1) + noise * rng.standard_normal(n)
    return _synthetic("sawtooth", y, period, min(2 * period, 60))


def ar2(n: int = 600, phi1: float = 1.5, phi2: float = -0.75, noise: float = 1.0, seed: int = 0) -> Series:
    """x_t = phi1 x_{t-1} + phi2 x_{t-2} + noise; stationary when the AR(2) triangle conditions hold."""
    if not (phi1 + phi2 < 1 and phi2 - phi1 < 1 and abs(phi2) < 1):
        raise ValueError("phi1, phi2 give a non-stationary AR(2): need phi1+phi2<1, phi2-phi1<1, |phi2|<1")
    rng = np.random.default_rng(seed)
    e = noise * rng.standard_normal(n + 100)
    x = np.zeros(n + 100)
    for t in range(2, n + 100):
        x[t] = phi1 * x[t - 1] + phi2 * x[t - 2] + e[t]
    return _synthetic("ar2", x[100:], None, 20)


def random_walk(n: int = 600, drift: float = 0.05, sigma: float = 1.0, seed: int = 0) -> Series:
    """Random walk with drift: the naive forecast is (nearly) optimal here, a lesson in itself."""
    rng = np.random.default_rng(seed)
    y = np.cumsum(drift + sigma * rng.standard_normal(n))
    return _synthetic("random_walk", y, None, 20)


GENERATORS = {"sines": sum_of_sines, "sawtooth": sawtooth, "ar2": ar2, "random_walk": random_walk}


def generate(kind: str, **knobs) -> Series:
    if kind not in GENERATORS:
        raise ValueError(f"unknown generator {kind!r}; choose one of {', '.join(GENERATORS)}")
    return GENERATORS[kind](**knobs)


def generator_series(kind: str, n: int, seed: int, **knobs) -> Series:
    """A generator with the page's knobs: ``sines`` takes one ``period`` and ``noise`` (a second sine of half the
    amplitude runs at 2.4 times that period); the others take their own knobs (see :data:`GENERATORS`)."""
    if kind == "sines":
        period = knobs.pop("period")
        knobs.update(periods=(period, 2.4 * period), amplitudes=(1.0, 0.5))
        return sum_of_sines(n, seed=seed, **knobs)
    return generate(kind, n=n, seed=seed, **knobs)


# ------------------------------------------------------------------------------------------------
# the user's CSV
# ------------------------------------------------------------------------------------------------
_NOTE_TEXT = {
    "co2_monthly": "{count} months had no sample and were filled by linear interpolation.",
    "interpolated": "{count} missing value(s) were filled by linear interpolation between their neighbours.",
    "coerced": "{count} cell(s) that are not numbers were treated as missing and interpolated.",
    "duplicates": "{count} row(s) with a repeated date were merged into the mean of their values.",
    "sorted": "The rows were not in date order; they were sorted by date.",
    "bad_dates": "{count} row(s) whose date could not be read were dropped.",
    "truncated": "The series has {total} rows; the most recent {kept} are used.",
}
_ERROR_TEXT = {
    "empty": "The file is empty or has no data rows.",
    "unreadable": "The file could not be read as a CSV table: {detail}.",
    "no_column": "There is no column {column!r}; the file has: {columns}.",
    "not_numeric": "Column {column!r} is not numeric: {bad} of {total} cells are not numbers "
    "(at most {limit:.0%} may be).",
    "all_missing": "Column {column!r} has no numeric values at all.",
    "bad_date_column": "Column {column!r} does not hold dates: {bad} of {total} cells could not be read as dates.",
    "too_short": "The series has {rows} usable rows, but window {window} and horizon {horizon} need at least "
    "{needed}: use a shorter window or horizon, or a longer file.",
}


def _note(key: str, **params) -> Note:
    return Note(key, params, _NOTE_TEXT[key].format(**params))


def _error(key: str, **params) -> SeriesInputError:
    return SeriesInputError(key, _ERROR_TEXT[key].format(**params), **params)


def _read_table(data: bytes | str | Path) -> pd.DataFrame:
    if isinstance(data, (str, Path)):
        data = Path(data).read_bytes()
    if not data or not data.strip():
        raise _error("empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error("unreadable", detail="it is not UTF-8 text") from None
    try:  # let the csv sniffer find the delimiter among the usual ones (a one-column file has none)
        sep = csv.Sniffer().sniff("\n".join(text.splitlines()[:50]), delimiters=",;\t|").delimiter
    except csv.Error:  # no usual delimiter: one column, else pandas' own detection (sep=None, python engine)
        sep = "," if not any(d in text for d in ",;\t|") else None
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, UnicodeError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _error("unreadable", detail=detail) from None
    if df.empty:
        raise _error("empty")
    df.columns = [str(c).strip() for c in df.columns]
    return df


def csv_columns(data: bytes | str | Path) -> dict:
    """Columns of a CSV and a guess for the value and date columns: {"columns", "value", "date", "rows"}."""
    df = _read_table(data)
    numeric = [
        c for c in df.columns if pd.to_numeric(df[c], errors="coerce").notna().mean() > 1 - MAX_BAD_FRACTION
    ]
    dates = [c for c in df.columns if c not in numeric and _date_fraction(df[c]) > 1 - MAX_BAD_FRACTION]
    return {
        "columns": list(df.columns),
        "value": numeric[-1] if numeric else None,
        "date": dates[0] if dates else None,
        "rows": len(df),
    }


def _date_fraction(col: pd.Series) -> float:
    parsed = pd.to_datetime(col, errors="coerce", format="mixed")
    return float(parsed.notna().mean()) if len(col) else 0.0


def read_csv(
    data: bytes | str | Path, column: str, date_column: str | None = None, *, name: str = "csv"
) -> Series:
    # Stays whole (issue 17): a validation/repair cascade; each step feeds the next and adds its note in order.
    """Read one numeric column of a CSV (bytes or a path) as a Series, repairing what can be repaired.

    Missing values are interpolated, non-numeric cells counted and interpolated (refused when more than
    MAX_BAD_FRACTION), rows sorted by the optional date column, duplicate dates merged by mean. Every repair is
    listed in ``Series.notes``; what cannot be repaired raises SeriesInputError (an InputError) with a sentence.
    """
    df = _read_table(data)
    for c in (column, date_column):
        if c is not None and c not in df.columns:
            raise _error("no_column", column=c, columns=", ".join(map(str, df.columns)))
    notes: list[Note] = []
    raw = df[column]
    values = pd.to_numeric(raw, errors="coerce")
    blank = raw.isna() | raw.astype(str).str.strip().isin(
        ["", "nan", "NaN", "NA", "N/A", "null", "None", "-"]
    )
    coerced = int((values.isna() & ~blank).sum())
    total = len(values)
    if values.notna().sum() == 0:
        raise _error("all_missing", column=column)
    if coerced > MAX_BAD_FRACTION * total:
        raise _error("not_numeric", column=column, bad=coerced, total=total, limit=MAX_BAD_FRACTION)
    frame = pd.DataFrame({"value": values})
    if date_column is not None:
        dates = pd.to_datetime(df[date_column], errors="coerce", format="mixed")
        bad = int(dates.isna().sum())
        if bad > MAX_BAD_FRACTION * total:
            raise _error("bad_date_column", column=date_column, bad=bad, total=total)
        frame["date"] = dates
        if bad:
            frame = frame[frame["date"].notna()]
            notes.append(_note("bad_dates", count=bad))
        if not frame["date"].is_monotonic_increasing:
            frame = frame.sort_values("date", kind="stable")
            notes.append(_note("sorted"))
        dup = int(frame["date"].duplicated().sum())
        if dup:
            frame = frame.groupby("date", as_index=False, sort=True)["value"].mean()
            notes.append(_note("duplicates", count=dup))
    series = frame["value"].reset_index(drop=True)
    missing = int(series.isna().sum())
    if coerced:
        notes.append(_note("coerced", count=coerced))
    if missing - coerced > 0:
        notes.append(_note("interpolated", count=missing - coerced))
    if missing:
        series = series.interpolate(limit_direction="both")
    index = list(frame["date"]) if date_column is not None else list(range(len(series)))
    if len(series) > MAX_ROWS:
        notes.append(_note("truncated", total=len(series), kept=MAX_ROWS))
        series, index = series.iloc[-MAX_ROWS:], index[-MAX_ROWS:]
    return Series(
        name,
        series.to_numpy(float),
        index,
        period=None,
        credit=CREDITS["csv"],
        unit=str(column),
        source="csv",
        window=24,
        horizon=6,
        notes=notes,
    )


def check_length(n: int, window: int, horizon: int, *, val_frac: float = 0.1, test_frac: float = 0.2) -> None:
    """Refuse (SeriesInputError 'too_short') when the split cannot hold a few training windows and at least
    one validation and one test forecast."""
    needed = min_rows(window, horizon, val_frac=val_frac, test_frac=test_frac)
    if n < needed:
        raise _error("too_short", rows=n, window=window, horizon=horizon, needed=needed)


def min_rows(
    window: int, horizon: int, *, val_frac: float = 0.1, test_frac: float = 0.2, min_train_windows: int = 8
) -> int:
    """The fewest rows for which every segment of the split is usable."""
    train_frac = 1 - val_frac - test_frac
    need_train = window + horizon + min_train_windows - 1
    return int(
        max(
            math.ceil(need_train / train_frac),
            math.ceil(horizon / val_frac) + 1,
            math.ceil(horizon / test_frac) + 1,
        )
    )
