"""Issue 18: no text in the figures of the home, caption and translation pages smaller than 12 px (the figure
specs; tests/test_browser_walk.py measures the drawn sizes at 1400 px)."""

from __future__ import annotations

import json
import re

from util import apptest

from ui.diagrams import task_svg
from ui.home import TASKS


def test_home_diagram_text_is_large_enough_for_a_450px_card():
    for task in TASKS:
        svg = task_svg(task)
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]
        assert sizes and min(sizes) * 420 / width >= 12, (task, min(sizes), width)


def _specs(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_beam_tree_words_and_accuracy_labels_are_at_least_12px():
    at = apptest("app_pages/caption.py").run()
    at.radio(key="cap_mode").set_value("beam").run()
    assert not at.exception
    tree = [s for s in _specs(at) if any(t.get("mode") == "markers+text" for t in s["data"])]
    assert tree and all(t["textfont"]["size"] >= 12 for t in tree[0]["data"] if "text" in t.get("mode", ""))
    at = apptest("app_pages/translate.py").run()
    bars = [s for s in _specs(at) if s["data"] and s["data"][0].get("type") == "bar"]
    assert len(bars) == 2
    for spec in bars:
        assert spec["layout"]["uniformtext"] == {"minsize": 12, "mode": "hide"}  # never shrunk below 12 px
        assert all(t["textfont"]["size"] >= 12 and t["textposition"] == "inside" for t in spec["data"])
