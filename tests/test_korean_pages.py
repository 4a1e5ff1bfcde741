"""Issue 18, Korean mode on the caption, tagger and translate pages (AppTest; the browser walk checks what is
drawn): option labels go through format_func, the uploaders carry a Korean help text."""

from __future__ import annotations

from util import apptest


def _ko(script: str):
    at = apptest(script)
    at.query_params["lang"] = "ko"
    return at.run()


def test_caption_scene_builder_options_in_korean():
    at = _ko("app_pages/caption.py")
    assert not at.exception
    assert at.selectbox(key="cap_shape0").options == ["원", "사각형", "삼각형"]  # what the widget shows
    assert (
        "초록" in at.selectbox(key="cap_colour0").options
        and "green" not in at.selectbox(key="cap_colour0").options
    )
    assert at.radio(key="cap_size0").options == ["작게", "크게"]
    at.radio(key="cap_source").set_value("upload").run()
    assert (
        "Browse files" in at.get("file_uploader")[0].proto.help
        and "파일 찾기" in at.get("file_uploader")[0].proto.help
    )


def test_tagger_model_names_in_korean():
    at = _ko("app_pages/tagger.py")
    assert not at.exception
    assert "최빈 태그" in at.selectbox(key="tagger_model").options
