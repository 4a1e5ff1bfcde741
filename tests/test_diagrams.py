"""The one unrolled-network drawer (ui/diagrams.py) behind the lecture map and the forecasting page."""

from __future__ import annotations

import re

import pytest

from ui.diagrams import MAP_STYLE, TASK_LAYOUTS, forecast_steps, forecast_svg, task_steps, task_svg


def _width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))


def test_the_lecture_map_diagrams_share_one_canvas():
    assert {_width(task_svg(t)) for t in TASK_LAYOUTS} == {
        2 * MAP_STYLE.margin + MAP_STYLE.step * MAP_STYLE.slots
    }


def test_encoder_decoder_cells_and_fed_back_outputs():
    steps = task_steps("seq2seq")
    assert [s.cell.label for s in steps] == ["E", "E", "E", "D", "D", "D"]
    assert [s.fed_back for s in steps] == [False] * 4 + [True] * 2
    assert task_svg("seq2seq").count("<path") == 1 + 2  # the arrow head's path + two fed-back curves


def test_unknown_task_lists_the_valid_ones():
    with pytest.raises(ValueError, match="many_to_one"):
        task_svg("one_to_all")


@pytest.mark.parametrize("window, horizon", [(3, 1), (5, 3), (24, 6)])
def test_forecast_steps_show_at_most_five_observed_and_three_future(window, horizon):
    m2o = forecast_steps("many-to-one", window, horizon)
    m2m = forecast_steps("many-to-many", window, horizon)
    observed = min(window, 5)
    assert len(m2o) == observed + min(horizon, 3) - 1
    assert len(m2m) == observed + min(horizon, 3) - 1
    assert sum(s.out.fill == "#fd8d3c" for s in m2o) == 1
    assert sum(s.out.fill == "#fd8d3c" for s in m2m) == min(horizon, 3)
    assert all(s.inp.label == "0" for s in m2m[observed:])
    assert forecast_svg("many-to-one", window, horizon).startswith("<svg")
