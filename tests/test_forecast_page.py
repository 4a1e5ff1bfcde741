"""Forecasting page (AppTest): data sources, CSV messages, training two models, stop, results, Korean."""

from __future__ import annotations

import base64
import json
import time

import numpy as np
import pandas as pd
import pytest
from util import apptest

from ui.text.forecast import TEXT


def test_text_keys_are_the_same_in_english_and_korean():
    assert set(TEXT["en"]) == set(TEXT["ko"])


def _page():
    at = apptest("app_pages/forecast.py").run()
    assert not at.exception
    return at


def _chart(at, key: str) -> dict:
    for c in at.get("plotly_chart"):
        if str(c.proto.id).endswith(key):
            return json.loads(c.proto.spec)
    raise AssertionError(f"no chart {key}")


def _arr(v) -> list:
    """A plotly array from a figure spec: plain list, or numpy data encoded as {"dtype", "bdata"}."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return (
            a.reshape([int(x) for x in str(v["shape"]).split(",")]).tolist() if "shape" in v else a.tolist()
        )
    return list(v)


def _wait_done(at, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(0.5)
        at.run()
        assert not at.exception
        if any(str(c.proto.id).endswith("fc_forecast_plot") for c in at.get("plotly_chart")):
            return at
    raise AssertionError("training did not finish in time")


def test_default_page_shows_a_real_series_split_and_matched_sizes():
    at = _page()
    spec = _chart(at, "fc_series_plot")
    assert len(_arr(spec["data"][0]["y"])) == 309  # sunspots
    assert len(spec["layout"]["shapes"]) == 3  # train, validation, test shaded
    assert "Source: Yearly sunspot numbers" in at.caption[0].value
    sizes = at.dataframe[0].value
    assert list(sizes.iloc[:, 0]) == ["MLP", "1-D CNN", "RNN", "LSTM", "GRU"]
    assert all(abs(p - 2000) < 300 for p in sizes.iloc[:, 1])


def test_generator_with_knobs_and_mode_switch():
    at = _page()
    at.radio(key="fc_source").set_value("generator").run()
    at.selectbox(key="fc_gen").set_value("sawtooth").run()
    at.number_input(key="fc_saw_p").set_value(12).run()
    assert not at.exception and len(_arr(_chart(at, "fc_series_plot")["data"][0]["y"])) == 600
    at.radio(key="fc_mode").set_value("many-to-many").run()
    assert not at.exception and any("Many-to-many" in c.value for c in at.caption)


def _upload(at, text: str, name="mine.csv"):
    at.radio(key="fc_source").set_value("csv").run()
    at.file_uploader(key="fc_csv").set_value((name, text.encode(), "text/csv")).run()
    assert not at.exception
    return at


def test_csv_upload_plots_before_training_and_states_repairs():
    days = [d.strftime("%Y-%m-%d") for d in pd.date_range("2022-01-01", periods=100)]
    rows = ["day,temp"] + [f"{d},{20 + np.sin(i / 3):.3f}" for i, d in enumerate(days)]
    rows[5] = f"{days[4]},oops"  # an unreadable value (row 5 holds day index 4)
    rows += [f"{days[10]},30", f"{days[10]},40"]  # a date three times
    at = _upload(_page(), "\n".join(rows))
    assert not at.error, [e.value for e in at.error]
    infos = " ".join(i.value for i in at.info)
    assert "merged into the mean" in infos and "not numbers" in infos
    y = _arr(_chart(at, "fc_series_plot")["data"][0]["y"])
    assert len(y) == 100 and y[10] == pytest.approx((20 + np.sin(10 / 3) + 30 + 40) / 3, abs=1e-3)


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b\n" + "\n".join(f"x{i},y{i}" for i in range(40)), "has no numeric values"),
        ("v\n" + "\n".join(str(i) for i in range(20)), "need at least"),
        ("", "empty"),
    ],
)
def test_csv_bad_inputs_show_a_sentence_not_a_traceback(text, message):
    at = _upload(_page(), text)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_train_two_models_see_results_forecasts_and_hidden_state():
    at = _page()
    at.selectbox(key="fc_series").set_value("nile").run()
    at.multiselect(key="fc_models").set_value(["mlp", "gru"]).run()
    at.number_input(key="fc_epochs").set_value(3).run()
    at.button(key="fc_train").click().run()
    _wait_done(at)
    table = at.dataframe[-1].value
    assert list(table.iloc[:, 0]) == ["MLP", "GRU"]
    assert (table.iloc[:, 1] > 0).all() and "test MASE vs naive" in table.columns
    names = [t["name"] for t in _chart(at, "fc_forecast_plot")["data"]]
    assert {"MLP", "GRU", "truth", "history"} <= set(names)
    heat = _chart(at, "fc_hidden_plot")["data"][0]
    assert heat["type"] == "heatmap" and np.array(_arr(heat["z"])).shape[1] == 10  # units x 10-step window
    assert any("Best on the test part" in m.value and "cl-big-value" in m.value for m in at.markdown)  # big


def test_stop_all_ends_the_runs_and_keeps_results():
    at = _page()
    at.selectbox(key="fc_series").set_value("nile").run()
    at.multiselect(key="fc_models").set_value(["lstm"]).run()
    at.number_input(key="fc_epochs").set_value(200).run()
    at.button(key="fc_train").click().run()
    at.button(key="fc_stop_all").click().run()
    _wait_done(at, timeout=60)
    assert any("stopped early" in c.value for c in at.caption)
    assert at.dataframe[-1].value.iloc[0, 3] < 200  # epochs done


def test_korean_page():
    at = apptest("app_pages/forecast.py")
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception and at.title[0].value.startswith("시계열 예측")


def test_unrolled_diagram_highlights_the_outputs_that_feed_the_loss():
    from ui.diagrams import forecast_svg

    loss_fill = 'fill="#fd8d3c"'
    assert forecast_svg("many-to-one", 4, 3).count(loss_fill) == 1  # only the last output
    assert forecast_svg("many-to-many", 4, 3).count(loss_fill) == 3  # the H outputs of the horizon
    assert forecast_svg("many-to-one", 4, 3).count("stroke-dasharray") >= 2  # predictions fed back
