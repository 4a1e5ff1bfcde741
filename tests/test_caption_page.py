"""AppTest of the captioning page: scene builder, decoders, gallery, uploads, own checkpoint, translations."""

from __future__ import annotations

import io

import torch
from util import apptest

from models.caption.model import Captioner, CaptionerConfig
from models.caption.shapes import generate_scene
from models.caption.train import checkpoint_dict, shapes_vocab
from ui.text.caption import TEXT


def _page():
    at = apptest("app_pages/caption.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_translation_keys_match():
    assert set(TEXT["en"]) == set(TEXT["ko"])


def test_scene_builder_greedy_caption_steps_and_attention():
    at = _page()
    md = _markdown(at)
    assert "The generator's caption: **a large red circle left of a small blue triangle**" in md
    assert "“a large red circle left of a small blue triangle”" in md  # the model's caption (default scene)
    assert any("matches" in s.value for s in at.success)
    steps = at.dataframe[0].value
    assert list(steps["word"])[-1] == "<eos>" and len(steps) == 11
    assert all(len(t.split(" · ")) == 3 for t in steps["top-3 alternatives"])
    assert len(at.get("plotly_chart")) == 1  # the attention heatmap
    # one object, moved: the caption follows
    at.radio(key="cap_n").set_value(1).run()
    at.selectbox(key="cap_shape0").set_value("square").run()
    at.selectbox(key="cap_colour0").set_value("green").run()
    assert not at.exception
    assert "“a large green square”" in _markdown(at)


def test_beam_search_lists_beams_and_draws_the_tree():
    at = _page()
    at.radio(key="cap_mode").set_value("beam").run()
    at.slider(key="cap_width").set_value(4).run()
    assert not at.exception
    beams = at.dataframe[1].value
    assert len(beams) == 4
    lps = list(beams["log-probability"])
    assert lps == sorted(lps, reverse=True)
    assert len(at.get("plotly_chart")) == 2  # attention + beam tree
    at.radio(key="cap_mode").set_value("sampling").run()
    at.slider(key="cap_temp").set_value(1.5).run()
    assert not at.exception and len(at.dataframe) == 1


def test_gallery_photo_gets_the_honest_note():
    at = _page()
    at.radio(key="cap_source").set_value("gallery").run()
    assert not at.exception
    at.selectbox(key="cap_gallery").set_value("photo:astronaut").run()
    assert not at.exception
    assert any("knows **only**" in i.value for i in at.info)
    at.selectbox(key="cap_gallery").set_value("scene:1").run()
    assert not any("knows **only**" in i.value for i in at.info)


def test_upload_good_and_bad_images():
    at = _page()
    at.radio(key="cap_source").set_value("upload").run()
    assert any("Choose or make a picture" in i.value for i in at.info)
    at.file_uploader(key="cap_upload").set_value(("junk.png", b"not an image", "image/png")).run()
    assert not at.exception and at.error
    buf = io.BytesIO()
    scene = generate_scene(77_000_123, variations=False, side=300)
    scene.image.save(buf, format="PNG")
    at.file_uploader(key="cap_upload").set_value(("scene.png", buf.getvalue(), "image/png")).run()
    assert not at.exception and not at.error
    assert len(at.dataframe) == 1


def test_own_checkpoint_selection():
    at = _page()
    at.radio(key="cap_model").set_value("own").run()
    at.file_uploader(key="cap_ckpt").set_value(("junk.pt", b"garbage", "application/octet-stream")).run()
    assert not at.exception and any("cannot be used" in e.value for e in at.error)
    vocab = shapes_vocab()
    model = Captioner(CaptionerConfig(vocab_size=len(vocab), image_size=48, grid=6))
    buf = io.BytesIO()
    torch.save(checkpoint_dict(model, vocab, trained_on="a test folder"), buf)
    at.file_uploader(key="cap_ckpt").set_value(("mine.pt", buf.getvalue(), "application/octet-stream")).run()
    assert not at.exception
    assert any("Loaded mine.pt" in s.value for s in at.success)
    assert len(at.dataframe) == 1  # captioned with the uploaded (untrained) model
