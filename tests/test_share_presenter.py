"""Share link building, the localhost advice, the QR code decoding to the link, and the presenter template."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest
import zxingcpp
from PIL import Image

from ui import share
from ui.presenter import SCALE, TEMPLATE, TEMPLATE_PRESENT, chart_config


def test_link_uses_the_browser_address_and_the_page():
    link = share.share_link("http://10.0.0.5:8501/classify", "classify", {"m": "vgg16", "lang": "ko"})
    assert link == "http://10.0.0.5:8501/classify?lang=ko&m=vgg16"
    assert share.share_link("http://10.0.0.5:8501/", "classify", {}) == "http://10.0.0.5:8501/classify"


def test_public_url_replaces_the_browser_address():
    link = share.share_link(
        "http://localhost:8501/names", "names", {"n": "Kim"}, public_url="https://lab.school.kr/cnn/"
    )
    assert link == "https://lab.school.kr/cnn/names?n=Kim"


def test_values_are_url_encoded():
    link = share.share_link("http://h:1/", "names", {"name": "김 & co"})
    assert "name=%EA%B9%80+%26+co" in link


@pytest.mark.parametrize(
    "host,local",
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.4.5.6", True),
        ("::1", True),
        ("0.0.0.0", True),
        ("192.168.1.20", False),
        ("lab.school.kr", False),
    ],
)
def test_local_hosts_are_recognised(host, local):
    assert share.is_local_host(host) is local


def test_lan_addresses_are_not_loopback():
    for a in share.lan_addresses():
        assert not share.is_local_host(a)


def test_qr_code_decodes_to_the_link():
    link = share.share_link(
        "http://192.168.1.20:8501/", "classify", {"m": "resnet50", "lesson": "5", "lang": "ko"}
    )
    img = Image.open(io.BytesIO(share.qr_png(link)))
    found = zxingcpp.read_barcodes(img)
    assert [r.text for r in found] == [link]


def _panel_script():
    import os

    import streamlit as st

    from ui.share import share_panel

    os.environ.pop("CLASSROOM_PUBLIC_URL", None) if st.query_params.get("pub") is None else os.environ.update(
        CLASSROOM_PUBLIC_URL=st.query_params["pub"]
    )
    share_panel("classify")


def test_panel_warns_on_localhost_and_not_with_a_public_url(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("CLASSROOM_PUBLIC_URL", raising=False)
    at = AppTest.from_function(_panel_script, default_timeout=30).run()
    assert not at.exception, at.exception
    assert len(at.warning) == 1 and "localhost" in at.warning[0].value
    assert any("--server.address 0.0.0.0" in c.value for c in at.code)
    assert at.code[0].value.startswith("http://localhost:8501/classify")
    assert len(at.get("image")) == 1  # the QR code

    at = AppTest.from_function(_panel_script, default_timeout=30)
    at.query_params["pub"] = "http://192.168.1.20:8501"
    at.run()
    assert not at.exception, at.exception
    assert not at.warning
    assert at.code[0].value.startswith("http://192.168.1.20:8501/classify?")


def test_templates_scale_fonts_for_the_projector():
    import plotly.io as pio

    normal, present = pio.templates[TEMPLATE], pio.templates[TEMPLATE_PRESENT]
    assert present.layout.font.size == round(normal.layout.font.size * SCALE)
    assert present.layout.legend.font.size >= present.layout.font.size


def test_styled_scales_explicit_sizes_in_presenter_mode_only(monkeypatch):
    from ui import presenter

    fig = go.Figure(layout=dict(annotations=[dict(text="a", font=dict(size=10))], height=300))
    monkeypatch.setattr(presenter, "presenting", lambda: False)
    out = presenter.styled(go.Figure(fig))
    assert (
        out.layout.template.layout.font.size == pio_size(TEMPLATE)
        and out.layout.annotations[0].font.size == 10
    )
    monkeypatch.setattr(presenter, "presenting", lambda: True)
    out = presenter.styled(fig)
    assert out.layout.template.layout.font.size == pio_size(TEMPLATE_PRESENT)
    assert out.layout.annotations[0].font.size == 14
    assert fig.layout.annotations[0].font.size == 10  # the caller's (maybe cached) figure is untouched


def pio_size(name):
    import plotly.io as pio

    return pio.templates[name].layout.font.size


def test_chart_config_names_the_png():
    cfg = chart_config("classify top-5 / alexnet")
    assert cfg["toImageButtonOptions"] == {"format": "png", "filename": "classify-top-5-alexnet", "scale": 2}


def test_every_text_table_has_the_same_keys_in_english_and_korean():
    from ui import lesson, presenter, urlstate

    for module in (share, presenter, urlstate, lesson):
        assert set(module.TEXT["en"]) == set(module.TEXT["ko"]), module.__name__


def test_show_chart_sends_the_png_name_and_the_template():
    import json

    from util import apptest

    at = apptest("tests/demo/chart_page.py").run()
    assert not at.exception, at.exception
    chart = at.get("plotly_chart")[0].proto
    assert json.loads(chart.config)["toImageButtonOptions"]["filename"] == "demo-curve"
    normal = json.loads(chart.spec)["layout"]["template"]["layout"]["font"]["size"]
    at = apptest("tests/demo/chart_page.py")
    at.query_params["present"] = "1"
    at.run()
    present = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["template"]["layout"]["font"]["size"]
    assert present == round(normal * SCALE)
