"""The forecasting page's computations that live in models/forecast (issue 17): the generator knobs, the sizes
table, the naive segments of the forecast plot and the winner."""

from __future__ import annotations

import numpy as np

from models.forecast.nets import build_matched, matched_sizes
from models.forecast.series import ar2, generator_series, random_walk, sawtooth, sum_of_sines
from models.forecast.train import best_row, naive_segments, rolling_forecast
from models.forecast.windows import prepare
from models.training import count_parameters


def test_generator_series_sines_adds_a_second_sine_at_2_4_times_the_period():
    got = generator_series("sines", 300, 3, period=20, noise=0.2)
    want = sum_of_sines(300, periods=(20, 48.0), amplitudes=(1.0, 0.5), noise=0.2, seed=3)
    np.testing.assert_array_equal(got.values, want.values)
    assert got.period == 20 and got.window == want.window


def test_generator_series_passes_the_other_knobs_through():
    np.testing.assert_array_equal(
        generator_series("sawtooth", 250, 1, period=12, noise=0.3).values,
        sawtooth(250, period=12, noise=0.3, seed=1).values,
    )
    np.testing.assert_array_equal(
        generator_series("ar2", 250, 2, phi1=1.2, phi2=-0.5).values,
        ar2(250, phi1=1.2, phi2=-0.5, seed=2).values,
    )
    np.testing.assert_array_equal(
        generator_series("random_walk", 250, 4, drift=0.1, sigma=2.0).values,
        random_walk(250, drift=0.1, sigma=2.0, seed=4).values,
    )


def test_generator_series_rejects_an_unknown_generator():
    import pytest

    with pytest.raises(ValueError, match="choose one of"):
        generator_series("squares", 100, 0)


def test_matched_sizes_counts_the_models_the_page_trains():
    rows = matched_sizes(("mlp", "gru"), 1000, 12, 3, "many-to-many")
    assert [r["kind"] for r in rows] == ["mlp", "gru"]
    for r in rows:
        model = build_matched(r["kind"], 1000, 12, 3, "many-to-many")
        assert r["params"] == count_parameters(model) and r["hidden"] == model.cfg.hidden
        assert r["params"] <= 1000


def test_naive_segments_repeat_the_last_value_from_the_rolling_origins():
    series = sum_of_sines(400, noise=0.0)
    prepared = prepare(series.values, 10, 4, "many-to-one")
    starts, preds = naive_segments(prepared)
    starts_model, _ = rolling_forecast(build_matched("mlp", 500, 10, 4, "many-to-one"), prepared)
    np.testing.assert_array_equal(starts, starts_model)
    assert preds.shape == (len(starts), 4)
    np.testing.assert_allclose(preds, np.repeat(prepared.values[starts - 1][:, None], 4, axis=1))


def test_best_row_is_the_lowest_test_mase():
    rows = [
        {"label": "a", "test_mase": 1.2},
        {"label": "b", "test_mase": 0.7},
        {"label": "c", "test_mase": 0.9},
    ]
    assert best_row(rows)["label"] == "b"


def test_split_sizes_add_up_to_the_series():
    split = prepare(sum_of_sines(500).values, 24, 6, "many-to-one").split
    sizes = split.sizes()
    assert sizes == {
        "train": split.train_end,
        "val": split.val_end - split.train_end,
        "test": split.n - split.val_end,
    }
    assert sum(sizes.values()) == 500
