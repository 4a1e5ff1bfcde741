"""Issue 16 on the forecasting page: a URL reproduces the state (widgets AND what is shown equal a page set by
hand), bad values give one note and the defaults, Reset restores the defaults, cleans the URL and keeps the
session's finished runs, every chart's PNG export has a meaningful name."""

from __future__ import annotations

import json
import time

import pytest
from util import apptest

from ui.forecast import URL

PAGE = "app_pages/forecast.py"
NOTE = "Ignored in the link"


def _qp(at) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def _shown(at) -> tuple:
    """What the page shows before training: the series plot and the matched-sizes table."""
    series = [json.loads(c.proto.spec)["data"] for c in at.get("plotly_chart")]
    return series, at.dataframe[0].value.to_dict(), [c.value for c in at.caption if NOTE not in c.value]


def _notes(at) -> list[str]:
    return [c.value for c in at.caption if NOTE in c.value]


def _png_names(at) -> list[str]:
    """The page's own charts (the live panels' curves are ui/live.py's, checked with that module)."""
    return [
        json.loads(c.proto.config).get("toImageButtonOptions", {}).get("filename", "newplot")
        for c in at.get("plotly_chart")
        if not str(c.proto.id).endswith("-curves")
    ]


GEN = {
    "src": "generator",
    "gen": "ar2",
    "n": "800",
    "seed": "3",
    "phi1": "1.2",
    "phi2": "-0.5",
    "win": "30",
    "hor": "8",
    "mode": "many-to-many",
    "models": "mlp,lstm",
    "ep": "12",
    "budget": "4000",
}


def test_url_reproduces_a_generated_series_and_the_settings():
    at = apptest(PAGE)
    at.query_params.update(GEN)
    at.run()
    assert not at.exception, at.exception
    assert not _notes(at)
    assert (at.radio(key="fc_source").value, at.selectbox(key="fc_gen").value) == ("generator", "ar2")
    assert (at.number_input(key="fc_gen_n").value, at.number_input(key="fc_gen_seed").value) == (800, 3)
    assert (at.slider(key="fc_ar_phi1").value, at.slider(key="fc_ar_phi2").value) == (1.2, -0.5)
    assert at.radio(key="fc_mode").value == "many-to-many" and at.multiselect(key="fc_models").value == [
        "mlp",
        "lstm",
    ]
    assert at.number_input(key="fc_epochs").value == 12 and at.select_slider(key="fc_budget").value == 4000
    win = next(w for w in at.number_input if str(w.key).startswith("fc_w_"))
    hor = next(w for w in at.number_input if str(w.key).startswith("fc_h_"))
    assert (win.value, hor.value) == (30, 8)

    by_hand = apptest(PAGE).run()
    by_hand.radio(key="fc_source").set_value("generator").run()
    by_hand.selectbox(key="fc_gen").set_value("ar2").run()
    by_hand.number_input(key="fc_gen_n").set_value(800).run()
    by_hand.number_input(key="fc_gen_seed").set_value(3)
    by_hand.slider(key="fc_ar_phi1").set_value(1.2)
    by_hand.slider(key="fc_ar_phi2").set_value(-0.5).run()
    next(w for w in by_hand.number_input if str(w.key).startswith("fc_w_")).set_value(30)
    next(w for w in by_hand.number_input if str(w.key).startswith("fc_h_")).set_value(8)
    by_hand.radio(key="fc_mode").set_value("many-to-many")
    by_hand.multiselect(key="fc_models").set_value(["mlp", "lstm"])
    by_hand.number_input(key="fc_epochs").set_value(12)
    by_hand.select_slider(key="fc_budget").set_value(4000).run()
    assert not by_hand.exception, by_hand.exception
    assert _shown(at) == _shown(by_hand)
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]["bdata"]) > 0
    assert _qp(by_hand) == GEN  # the widgets write the same URL


def test_a_window_from_the_url_wins_then_the_student_may_change_it():
    at = apptest(PAGE)
    at.query_params.update(series="nile", win="12", hor="3")
    at.run()
    assert not at.exception, at.exception
    win = next(w for w in at.number_input if str(w.key).startswith("fc_w_"))
    assert win.value == 12
    win.set_value(15).run()
    assert (
        next(w for w in at.number_input if str(w.key).startswith("fc_w_")).value == 15
    )  # not pushed back to 12
    assert _qp(at)["win"] == "15"
    at.selectbox(key="fc_series").set_value("co2").run()  # another series: its own default window
    assert "win" not in _qp(at) and "hor" not in _qp(at)


@pytest.mark.parametrize("lang,word", [("en", NOTE), ("ko", "링크에서 무시한 값")])
def test_bad_values_give_one_note_and_the_defaults(lang, word):
    at = apptest(PAGE)
    at.query_params.update(
        series="mars", models="mlp,transformer", budget="3000", win="999", phi1="nan", what="1", lang=lang
    )
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.caption if word in c.value]
    assert len(notes) == 1
    for item in ("series=mars", "models=mlp,transformer", "budget=3000", "win=999", "phi1=nan", "what"):
        assert item in notes[0], item
    assert at.selectbox(key="fc_series").value == "sunspots"
    assert at.multiselect(key="fc_models").value == ["mlp", "cnn", "rnn", "lstm", "gru"]
    assert at.select_slider(key="fc_budget").value == 2000
    assert not {"series", "models", "budget", "win", "phi1", "what"} & set(_qp(at))


def test_reset_restores_defaults_and_keeps_the_finished_comparison():
    at = apptest(PAGE)
    at.query_params.update(series="nile", models="mlp", ep="1", present="1")
    at.run()
    at.button(key="fc_train").click().run()
    deadline = time.time() + 180
    while time.time() < deadline and "fc_forecast_plot" not in " ".join(
        str(c.proto.id) for c in at.get("plotly_chart")
    ):
        time.sleep(1)
        at.run()
        assert not at.exception, at.exception
    names = _png_names(at)
    assert "forecast-nile-mlp" in names and "forecast-nile-series-split" in names
    assert all(n != "newplot" for n in names)
    # the result table as CSV (csv_download keys the button by the file stem: forecast-nile-results.csv)
    assert any(str(b.proto.id).endswith("_csv_forecast-nile-results") for b in at.get("download_button"))
    at.button(key="_reset_forecast").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="fc_series").value == "sunspots" and at.number_input(key="fc_epochs").value == 30
    assert at.multiselect(key="fc_models").value == list(URL.params["models"].default)
    qp = _qp(at)
    assert not set(URL.params) & set(qp) and qp.get("present") == "1"
    # the finished comparison of this session is still shown, with its own series
    assert any("Nile" in m.value and "cl-big" not in m.value for m in at.subheader)
    assert "forecast-nile-mlp" in _png_names(at)


def test_charts_export_png_with_meaningful_names():
    at = apptest(PAGE).run()
    assert not at.exception
    assert _png_names(at) == ["forecast-sunspots-series-split"]
