"""AppTest of the image-classification page: renders, classifies, explains, survives bad files, no weights needed."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from PIL import Image

from hostile import bad_images
from util import apptest


@pytest.fixture(autouse=True)
def no_imagenet_weights(tmp_path, monkeypatch):
    """Like the class machine: an empty torch cache (no ImageNet weights)."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))


def test_text_tables_have_the_same_keys():
    from ui.vision import TEXT

    assert set(TEXT["en"]) == set(TEXT["ko"])


def errors(at):
    return [e.value for e in at.exception] + [str(e.value) for e in at.error]


def test_page_renders_without_imagenet_weights_and_says_how_to_get_them():
    at = apptest("app_pages/classify.py").run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "python -m models weights download NAME" in infos and "weights import FILE --model NAME" in infos
    at.selectbox(key="cls_model").set_value("resnet50").run()
    warning = " ".join(w.value for w in at.warning)
    assert "python -m models weights download resnet50" in warning and "digits model" in warning
    assert not at.exception


def test_download_button_offline_says_so(monkeypatch):
    import urllib.error

    from models.vision import imagenet

    def offline(*_a, **_k):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(imagenet.urllib.request, "urlopen", offline)
    at = apptest("app_pages/classify.py").run()
    at.selectbox(key="cls_model").set_value("alexnet").run()
    at.button(key="cls_download").click().run()
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert "download did not work" in msg and "weights import FILE --model alexnet" in msg
    assert not imagenet.is_available("alexnet")


def test_classify_a_held_out_digit_and_explain_it():
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_source").set_value("digits").run()
    at.number_input(key="cls_digit").set_value(7).run()
    assert not at.get("plotly_chart")  # nothing before the button
    at.button(key="cls_go").click().run()
    assert not errors(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels, probs = spec["data"][0]["y"], spec["data"][0]["x"]
    assert len(labels) == 5 and set(labels) <= set("0123456789")
    assert max(probs) == probs[-1]  # best on top of a horizontal bar chart
    truth = [m.value for m in at.success] + [m.value for m in at.warning]
    assert any("true label" in t for t in truth)
    # Grad-CAM for another class, then another layer's feature maps: still no errors
    at.selectbox(key="cls_target").set_value(at.selectbox(key="cls_target").options and 3).run()
    assert not errors(at)
    at.selectbox(key="cls_layer").set_value("features.0").run()
    assert not errors(at)
    assert any("32 kernels" in c.value for c in at.caption)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_upload_a_drawn_digit_then_hostile_files():
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_source").set_value("upload").run()
    img = Image.new("L", (200, 200), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(img).line([(60, 40), (140, 40), (90, 170)], fill=0, width=16)  # a "7", dark on white
    at.file_uploader(key="cls_upload").set_value(("seven.png", _png(img), "image/png")).run()
    at.button(key="cls_go").click().run()
    assert not errors(at)
    assert at.get("plotly_chart")
    refused = set()
    for name, data in bad_images():
        at.file_uploader(key="cls_upload").set_value((name, data, "image/png")).run()
        assert not at.exception, name  # bad input never shows a traceback
        if not at.error:  # decoded: classify it (a blank or 1x1 picture has no digit: a clear error then)
            at.button(key="cls_go").click().run()
            assert not at.exception, name
        if at.error:
            assert "cannot be used" in at.error[0].value, name
            refused.add(name)
    assert {"zero.png", "truncated.png", "text.png", "html.jpg", "bomb.png"} <= refused
    assert "polyglot.png" not in refused  # a valid PNG with trailing junk is still a picture


def test_side_by_side_and_claims_work_without_weights():
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_view").set_value("claims").run()
    assert not errors(at)
    claims = at.dataframe[0].value
    assert len(claims) >= 10 and "❌" in set(claims.iloc[:, -1])  # "only 5 million parameters" does not hold
    at.radio(key="cls_view").set_value("compare").run()
    assert not errors(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["alexnet", "vgg19", "googlenet", "resnet50"]
    assert "No weights for alexnet, vgg19, googlenet, resnet50" in " ".join(i.value for i in at.info)


def test_side_by_side_with_weights_in_the_cache(tmp_path):
    torch.manual_seed(0)
    from models.vision import imagenet

    target = imagenet.checkpoint_dir() / imagenet.file_name(imagenet.default_weights("googlenet"))
    target.parent.mkdir(parents=True, exist_ok=True)
    torch.save(imagenet.build_imagenet("googlenet", for_weights=True).state_dict(), target)
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_view").set_value("compare").run()
    at.radio(key="cmp_source").set_value("photos").run()
    at.button(key="cmp_go").click().run()
    assert not errors(at)
    assert len(at.get("plotly_chart")) == 1  # only googlenet has weights
    table = at.dataframe[0].value
    row = table[table.iloc[:, 0] == "googlenet"].iloc[0]
    assert row.iloc[-1].endswith("ms") and np.isfinite(float(row.iloc[-1].split()[0]))


def test_korean_page_renders():
    at = apptest("app_pages/classify.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == "이미지 분류: AlexNet에서 ResNet까지"
    at.radio(key="cls_view").set_value("claims").run()
    assert not errors(at) and "강의 주장" in at.dataframe[0].value.columns
