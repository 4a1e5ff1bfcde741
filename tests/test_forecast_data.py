"""Forecasting data: bundled series, generators, CSV repairs and refusals, split/scaling/windows without leakage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from models.errors import InputError
from models.forecast import series as S
from models.forecast.train import ForecastConfig, make_job
from models.forecast.windows import chronological_split, make_windows, origins, prepare


@pytest.mark.parametrize("name", S.bundled_names())
def test_bundled_series_load_offline_with_credit(name):
    s = S.load_bundled(name)
    assert len(s) >= 100 and np.isfinite(s.values).all()
    assert len(s.index) == len(s.values)
    assert s.credit and ("via" in s.credit)
    prepare(s.values, s.window, s.horizon)  # the page's defaults fit the series


def test_co2_is_monthly_and_states_its_interpolation():
    s = S.load_bundled("co2")
    assert s.period == 12 and 500 < len(s) < 560
    assert [n.key for n in s.notes] == ["co2_monthly"] and s.notes[0].params["count"] > 0


@pytest.mark.parametrize("kind", list(S.GENERATORS))
def test_generators_are_seeded_and_have_knobs(kind):
    a, b, c = (
        S.generate(kind, n=300, seed=1),
        S.generate(kind, n=300, seed=1),
        S.generate(kind, n=300, seed=2),
    )
    assert len(a) == 300 and np.array_equal(a.values, b.values) and not np.array_equal(a.values, c.values)


def test_generator_knobs_change_the_series():
    assert S.sawtooth(200, period=10, noise=0).values[9] > S.sawtooth(200, period=10, noise=0).values[10]
    rw = S.random_walk(2000, drift=0.5, sigma=0.1)
    assert rw.values[-1] > 900  # drift dominates
    with pytest.raises(ValueError, match="non-stationary"):
        S.ar2(phi1=1.2, phi2=0.5)
    with pytest.raises(ValueError, match="choose one of"):
        S.generate("square")


# -- CSV ----------------------------------------------------------------------------------------------------
def _csv(rows, sep=","):
    return "\n".join(sep.join(map(str, r)) for r in rows).encode()


def _good_rows(n=120):
    days = pd.date_range("2020-01-01", periods=n, freq="D").strftime("%Y-%m-%d")
    return [("date", "value")] + [(d, np.sin(i / 5)) for i, d in enumerate(days)]


def test_csv_one_column_file_without_delimiter():
    s = S.read_csv(_csv([("v",)] + [(i / 10,) for i in range(60)]), "v")
    assert len(s) == 60 and s.values[11] == pytest.approx(1.1)


def test_csv_semicolon_delimiter_is_detected(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(_csv(_good_rows(), sep=";"))
    s = S.read_csv(p, "value", "date")
    assert len(s) == 120 and s.notes == [] and S.csv_columns(p)["columns"] == ["date", "value"]


def test_csv_guesses_value_and_date_columns():
    info = S.csv_columns(_csv(_good_rows(), sep="\t"))
    assert info == {"columns": ["date", "value"], "value": "value", "date": "date", "rows": 120}


def test_csv_missing_values_are_interpolated_and_stated():
    rows = [("t", "v")] + [(i, float(i)) for i in range(100)]
    rows[11] = (10, "")
    rows[51] = (50, "")
    s = S.read_csv(_csv(rows), "v")
    assert [n.key for n in s.notes] == ["interpolated"] and s.notes[0].params == {"count": 2}
    assert s.values[10] == pytest.approx(10.0) and s.values[50] == pytest.approx(50.0)


def test_csv_non_numeric_cells_are_counted_coerced_and_stated():
    rows = [("v",)] + [(float(i),) for i in range(100)]
    rows[21], rows[31], rows[41] = ("oops",), ("n/a?",), ("12abc",)
    s = S.read_csv(_csv(rows), "v")
    assert [(n.key, n.params["count"]) for n in s.notes] == [("coerced", 3)]
    assert s.values[20] == pytest.approx(20.0)
    assert "3 cell(s) that are not numbers" in str(s.notes[0])


def test_csv_mostly_text_column_is_refused():
    rows = [("v",)] + [("word" if i % 3 else i,) for i in range(100)]
    with pytest.raises(InputError, match="not numeric") as e:
        S.read_csv(_csv(rows), "v")
    assert e.value.key == "not_numeric" and e.value.params["bad"] == 66


def test_csv_duplicate_dates_are_merged_by_mean_and_unsorted_rows_sorted():
    rows = [("day", "v")] + [(f"2021-03-{d:02d}", d) for d in range(28, 0, -1)]
    rows += [("2021-03-05", 15.0), ("2021-03-05", 25.0)]  # 5, 15, 25 -> 15
    s = S.read_csv(_csv(rows), "v", "day")
    assert {n.key for n in s.notes} == {"sorted", "duplicates"}
    assert [n.params for n in s.notes if n.key == "duplicates"] == [{"count": 2}]
    assert len(s) == 28 and s.values[4] == pytest.approx(15.0) and s.values[0] == pytest.approx(1.0)


def test_csv_too_few_rows_for_window_and_horizon():
    s = S.read_csv(_csv([("v",)] + [(i,) for i in range(30)]), "v")
    with pytest.raises(InputError, match="need at least") as e:
        prepare(s.values, window=24, horizon=6)
    assert e.value.key == "too_short" and e.value.params["rows"] == 30
    prepare(s.values, window=3, horizon=1)  # a shorter window fits


@pytest.mark.parametrize(
    "data, key",
    [(b"", "empty"), (b"   \n", "empty"), (b"\xff\xfe\x00garbage\x00", "unreadable"), (b"a,b\n", "empty")],
)
def test_csv_unreadable_files(data, key):
    with pytest.raises(InputError) as e:
        S.read_csv(data, "a")
    assert e.value.key == key and str(e.value)


def test_csv_unknown_column_lists_the_columns():
    with pytest.raises(InputError, match=r"no column 'x'; the file has: date, value"):
        S.read_csv(_csv(_good_rows()), "x")
    with pytest.raises(InputError, match="does not hold dates"):
        S.read_csv(_csv([("a", "b")] + [(f"w{i}", i) for i in range(50)]), "b", "a")


def test_csv_all_missing_and_long_files():
    with pytest.raises(InputError, match="no numeric values"):
        S.read_csv(_csv([("v", "w")] + [("", i) for i in range(50)]), "v")
    long = S.read_csv(_csv([("v",)] + [(i,) for i in range(S.MAX_ROWS + 10)]), "v")
    assert len(long) == S.MAX_ROWS and long.values[0] == 10 and long.notes[0].key == "truncated"


# -- split, scaling, windows ----------------------------------------------------------------------------------
def test_split_is_chronological_and_origins_stay_in_their_segment():
    sp = chronological_split(100)
    assert (sp.train_end, sp.val_end, sp.n) == (70, 80, 100)
    for seg in ("train", "val", "test"):
        a, b = sp.segment(seg)
        o = origins(sp, seg, window=12, horizon=4)
        assert o.min() >= max(a, 12) and o.max() + 4 <= b  # every target y[t:t+4] lies inside the segment


def test_windows_hold_the_past_and_the_future_in_the_right_places():
    y = np.arange(50, dtype=float)
    x, t = make_windows(y, np.array([10, 20]), window=4, horizon=3)
    assert x.shape == (2, 4, 1) and t.shape == (2, 3)
    assert x[0, :, 0].tolist() == [6, 7, 8, 9] and t[0].tolist() == [10, 11, 12]


@pytest.mark.parametrize("mode", ["many-to-one", "many-to-many"])
def test_no_leakage_from_test_or_validation_into_scaling_and_training(mode):
    """Replace everything after the training part by wild values: the scaler, the training windows and the
    trained weights must not change (they would, if test or validation data reached scaling or training)."""
    rng = np.random.default_rng(0)
    y = np.sin(np.arange(300) / 6) + 0.1 * rng.standard_normal(300)
    p1 = prepare(y, 20, 5, mode)
    z = y.copy()
    z[p1.split.train_end :] = 1000 + 50 * rng.standard_normal(300 - p1.split.train_end)
    p2 = prepare(z, 20, 5, mode)
    assert p1.scaler.mean_ == pytest.approx(y[: p1.split.train_end].mean())
    assert p1.scaler.mean_ == p2.scaler.mean_ and p1.scaler.scale_ == p2.scaler.scale_
    for a, b in zip(p1.train_set.tensors, p2.train_set.tensors):
        assert torch.equal(a, b)
    assert not torch.equal(p1.val_set.tensors[1], p2.val_set.tensors[1])  # the change did reach validation
    cfg = ForecastConfig(window=20, horizon=5, mode=mode, epochs=2, budget=300)
    weights = []
    for p in (p1, p2):
        job = make_job("gru", p, cfg)
        job.trainer.run()
        weights.append(torch.cat([w.detach().flatten() for w in job.model.parameters()]))
    assert torch.equal(weights[0], weights[1])
