"""Issue 18 on the forecasting page: Korean y-axis title, data-source caption and series names; the results
table's first column pinned (the table is wider than 1400 px and scrolls under it)."""

from __future__ import annotations

import json

from test_forecast_page import _chart, _wait_done
from util import apptest

from models.forecast import series as S
from ui.text.forecast import TEXT


def test_every_series_source_has_a_korean_credit_unit_and_name():
    for key in S.CREDITS:
        assert TEXT["ko"][f"credit_{key}"] and TEXT["ko"][f"credit_{key}"] != S.CREDITS[key]
    for key in S.UNITS:
        assert f"unit_{key}" in TEXT["ko"]
    for name in S.bundled_names():
        assert S.load_bundled(name).source == name and TEXT["ko"][f"name_{name}"] != name


def test_korean_axis_title_and_source_caption():
    at = apptest("app_pages/forecast.py")
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.caption[0].value.startswith("출처: 연간 흑점 수 1700–2008")
    assert "Yearly sunspot" not in at.caption[0].value
    assert _chart(at, "fc_series_plot")["layout"]["yaxis"]["title"]["text"] == "연간 흑점 수"
    assert at.selectbox(key="fc_series").format_func("nile") == "나일강 유량 (연간)"
    at = apptest("app_pages/forecast.py").run()  # English unchanged
    assert _chart(at, "fc_series_plot")["layout"]["yaxis"]["title"]["text"] == "sunspots per year"


def test_results_table_pins_the_model_column():
    at = apptest("app_pages/forecast.py").run()
    at.selectbox(key="fc_series").set_value("nile").run()
    at.multiselect(key="fc_models").set_value(["mlp"]).run()
    at.number_input(key="fc_epochs").set_value(2).run()
    at.button(key="fc_train").click().run()
    _wait_done(at)
    table = at.dataframe[-1]
    assert next(iter(table.value.columns)) == "model"
    configs = json.loads(table.proto.columns)
    assert configs["model"].get("pinned") is True, configs
