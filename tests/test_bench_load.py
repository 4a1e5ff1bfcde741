"""The classroom load benchmark itself works: a few simulated students upload and classify over Streamlit's
websocket protocol while a training tab follows its live curves (the fragment's timer), and nothing errors.
Figures are not asserted (noisy machines); bench/run_all.py reports them."""

from __future__ import annotations

import sys

import pytest
from util import ROOT

sys.path.insert(0, str(ROOT / "bench"))


@pytest.mark.slow
def test_small_load_scenario_runs_without_errors():
    import load

    # 60 s: the training runs in a worker process that the pool starts (python + torch) at the first training
    r = load.main(students=3, trainers=1, seconds=60, idle_rounds=2, think=0.5, train_epochs=2)
    assert r["errors"] == 0, r["error_examples"]
    assert r["idle"]["n"] == 2 and r["load"]["n"] >= 3
    assert r["load"]["p95_s"] > 0 and r["ratio_p95_load_vs_idle"] > 0
    assert r["all_at_once"]["n"] == 3  # the "everyone, now!" round
    assert r["live_curve_polls"]["n"] > 0  # the training tab polled its fragment like a browser does
    (tab,) = r["training"]
    assert (
        "LeNet-5" in tab["first_status"]
        and r["training_runs_ended"] == 1
        and "finished" in tab["last_status"]
    )
    assert r["server_rss_mb"]["max"] > 100


def test_client_refuses_non_loopback_hosts():
    from stclient import StreamlitClient

    with pytest.raises(ValueError, match="loopback"):
        StreamlitClient("http://93.184.216.34:8501")
