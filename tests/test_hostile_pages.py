"""The hostile corpus (tests/hostile.py) through every page input, with AppTest.

For every bad input: the page finishes its run with no exception element (no traceback reaches the page), and
user text never becomes markup (no raw ``<script>`` in any markdown/HTML element the page emits).
"""

from __future__ import annotations

import hostile
import pytest
from util import apptest

pytestmark = pytest.mark.slow

MIME = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "csv": "text/csv",
    "conllu": "text/plain",
    "pt": "application/octet-stream",
}


def _clean(at, what: str) -> None:
    assert not at.exception, f"{what}: {[e.value for e in at.exception]}"
    for md in list(at.markdown) + list(at.get("html")):
        body = getattr(md, "value", None) or getattr(md.proto, "body", "")
        assert "<script>alert" not in str(body), f"{what}: user text rendered as markup"


def _upload(at, key: str, name: str, data: bytes):
    at.file_uploader(key=key).set_value((name, data, MIME[name.rsplit(".", 1)[-1]]))
    return at.run()


def _fresh(path: str, radios: dict | None = None):
    at = apptest(path).run()
    _clean(at, f"{path} first run")
    for key, value in (radios or {}).items():
        at.radio(key=key).set_value(value)
        at.run()
        _clean(at, f"{path} {key}={value}")
    return at


def test_classify_page_survives_every_bad_image():
    at = _fresh("app_pages/classify.py", {"cls_source": "upload"})
    for name, data in hostile.bad_images():
        _upload(at, "cls_upload", name, data)
        _clean(at, f"classify upload {name}")
        go = [b for b in at.button if b.key == "cls_go"]  # shown only when the image decoded
        if go:
            go[0].click().run()
            _clean(at, f"classify press {name}")
    for must_error in ("zero.png", "text.png", "bomb.png"):
        _upload(at, "cls_upload", must_error, dict(hostile.bad_images())[must_error])
        assert at.error, f"{must_error} gave no st.error message"


def test_caption_page_survives_bad_images_and_checkpoints():
    at = _fresh("app_pages/caption.py", {"cap_source": "upload"})
    for name, data in hostile.bad_images():
        _upload(at, "cap_upload", name, data)
        _clean(at, f"caption upload {name}")
    at = _fresh("app_pages/caption.py", {"cap_model": "own"})
    for name, data in hostile.bad_checkpoints():
        _upload(at, "cap_ckpt", name, data)
        _clean(at, f"caption checkpoint {name}")
        assert at.error, f"checkpoint {name} gave no st.error message"


def test_forecast_page_survives_every_bad_csv():
    at = _fresh("app_pages/forecast.py", {"fc_source": "csv"})
    for name, data in hostile.bad_csvs():
        _upload(at, "fc_csv", name, data)
        _clean(at, f"forecast csv {name}")
    for must_error in ("empty.csv", "binary.csv", "one-row.csv"):
        _upload(at, "fc_csv", must_error, dict(hostile.bad_csvs())[must_error])
        assert at.error or at.warning, f"{must_error} gave no message"


def test_tagger_page_survives_bad_text_and_conllu():
    at = _fresh("app_pages/tagger.py")
    for name, text in hostile.bad_texts():
        at.text_area(key="tagger_text").set_value(text).run()
        _clean(at, f"tagger text {name}")
    at.radio(key="tagger_src").set_value("upload").run()
    for name, data in hostile.bad_conllu():
        _upload(at, "tagger_upload", name, data)
        _clean(at, f"tagger conllu {name}")


def test_text_pages_survive_bad_text():
    for path, key in (
        ("app_pages/translate.py", "tr_text"),
        ("app_pages/names.py", "name"),
        ("app_pages/rnn_inside.py", "step_text"),
    ):
        at = _fresh(path)
        for name, text in hostile.bad_texts():
            at.text_input(key=key).set_value(text).run()
            _clean(at, f"{path} text {name}")
