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
    cpu = r["cpu_per_s"]  # the server answered and the training worker trained during the timed part
    assert cpu["server"] > 0 and cpu["workers_and_nginx"] > 0 and cpu["bench_clients"] > 0


@pytest.mark.slow
def test_digits_path_classifies_with_the_digits_cnn():
    import load

    r = load.main(students=2, trainers=0, seconds=10, idle_rounds=2, think=0.5, path="digits")
    assert r["errors"] == 0, r["error_examples"]
    assert r["path"] == "digits" and r["idle"]["n"] == 2 and r["load"]["n"] >= 2


def test_photo_uploads_are_new_pictures_every_round():
    import io

    import load
    from PIL import Image

    seeds = range(1, 17)  # two rounds over the 8 wheel photos
    blobs = [load.photo_jpeg(s) for s in seeds]
    assert len(set(blobs)) == len(blobs)  # no two uploads alike: no cache can answer
    for b in blobs[:8]:
        img = Image.open(io.BytesIO(b))
        assert img.format == "JPEG" and max(img.size) <= 480 and min(img.size) > 100
    assert load.photo_jpeg(3) == load.photo_jpeg(3)  # seeded


def test_client_refuses_non_loopback_hosts():
    from stclient import StreamlitClient

    with pytest.raises(ValueError, match="loopback"):
        StreamlitClient("http://93.184.216.34:8501")
