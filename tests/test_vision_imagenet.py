"""ImageNet models without network: architectures, weights found in a temporary TORCH_HOME, download, import."""

from __future__ import annotations

import gc
import hashlib
import urllib.error

import pytest
import torch

from models import registry
from models.errors import WeightsCorruptError, WeightsMissingError
from models.vision import imagenet
from models.vision.classify import load_classifier


@pytest.fixture()
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    return tmp_path / "torch-home"


@pytest.fixture(scope="module")
def resnet18_state():
    torch.manual_seed(0)
    return imagenet.build_imagenet("resnet18", for_weights=True).state_dict()


def test_registry_lists_the_classifiers():
    names = registry.list_models("image-classification")
    assert set(imagenet.IMAGENET_MODELS) | {"digits"} <= set(names)
    assert registry.get_spec("resnet18").task == "image-classification"
    assert registry.get_spec("digits").weights == "bundled"


@pytest.mark.parametrize("name", imagenet.IMAGENET_MODELS)
def test_every_model_builds_without_weights_and_returns_1000_logits(name):
    model = registry.build(name).eval()
    with torch.inference_mode():
        out = model(
            torch.rand(1, 3, 64, 64)
        )  # small input (fast): every model pools adaptively to its classifier
    assert out.shape == (1, 1000)
    assert torch.isfinite(out).all()
    del model, out
    gc.collect()


def test_missing_weights_give_the_clear_exception(torch_home):
    assert not imagenet.is_available("resnet18")
    with pytest.raises(WeightsMissingError) as exc:
        load_classifier("resnet18")
    msg = str(exc.value)
    assert (
        "python -m models weights download resnet18" in msg and "weights import FILE --model resnet18" in msg
    )
    assert "resnet18-f37072fd.pth" in msg
    rows = {r["name"]: r for r in registry.status()}
    assert rows["resnet18"]["available"] is False


def test_weights_in_torch_cache_are_found_and_used(torch_home, resnet18_state):
    target = torch_home / "hub" / "checkpoints" / imagenet.file_name(imagenet.default_weights("resnet18"))
    target.parent.mkdir(parents=True)
    torch.save(resnet18_state, target)
    assert imagenet.is_available("resnet18")
    assert {r["name"]: r for r in registry.status()}["resnet18"]["available"] is True
    clf = load_classifier("resnet18")
    assert clf.weights_file == str(target)
    # the weights loaded are the file's, not a fresh random init
    assert torch.equal(clf.model.fc.weight, resnet18_state["fc.weight"])
    from skimage import data

    from models.vision.imageio import load_image

    preds = clf.classify(load_image(data.chelsea()), top=5)
    categories = torchvision_categories()
    assert len(preds) == 5 and all(p["label"] in categories for p in preds)
    assert preds[0]["label"] == categories[preds[0]["index"]]
    probs = [p["prob"] for p in preds]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0001
    from PIL import Image

    for odd in (Image.new("RGB", (10_000, 10), "red"), Image.new("RGB", (1, 1), "blue")):  # extreme shapes
        assert clf.preprocess(odd).shape == (1, 3, 224, 224)
        assert len(clf.classify(odd, top=3)) == 3


def torchvision_categories():
    from torchvision.models import ResNet18_Weights

    return ResNet18_Weights.DEFAULT.meta["categories"]


def test_import_validates_before_installing(torch_home, tmp_path, resnet18_state):
    good = tmp_path / "usb" / "my-resnet.pth"
    good.parent.mkdir()
    torch.save(resnet18_state, good)
    wrong = tmp_path / "usb" / "alexnet.pth"
    torch.save({"features.0.weight": torch.zeros(64, 3, 11, 11)}, wrong)
    with pytest.raises(WeightsCorruptError, match="does not fit the resnet18"):
        imagenet.import_weights(wrong, "resnet18")
    assert not imagenet.is_available("resnet18")
    evil = tmp_path / "usb" / "evil.pth"
    from hostile import bad_checkpoints

    evil.write_bytes(dict(bad_checkpoints())["pickle-with-code.pt"])
    with pytest.raises(WeightsCorruptError):
        imagenet.import_weights(evil, "resnet18")
    info = imagenet.import_weights(good, "resnet18")
    assert info["official"] is False  # random weights: not torchvision's file, but it loads
    assert info["path"].endswith("resnet18-f37072fd.pth") and imagenet.is_available("resnet18")


def test_fetch_checks_hash_and_reports_progress(tmp_path):
    payload = b"pretend weights " * 100_000
    prefix = hashlib.sha256(payload).hexdigest()[:8]
    src = tmp_path / "remote.bin"
    src.write_bytes(payload)
    seen = []
    target = tmp_path / "cache" / f"net-{prefix}.pth"
    size = imagenet._fetch(src.as_uri(), target, prefix, lambda d, t: seen.append((d, t)), timeout=5)
    assert size == len(payload) and target.read_bytes() == payload
    assert seen and seen[-1][0] == len(payload) and seen == sorted(seen)
    bad_target = tmp_path / "cache" / "net-00000000.pth"
    with pytest.raises(WeightsCorruptError, match="sha256"):
        imagenet._fetch(src.as_uri(), bad_target, "00000000", None, timeout=5)
    assert not bad_target.exists() and not list((tmp_path / "cache").glob("*.part"))


def test_download_without_network_says_what_to_do(torch_home, monkeypatch):
    def offline(*_a, **_k):
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(imagenet.urllib.request, "urlopen", offline)
    with pytest.raises(WeightsMissingError, match="weights import FILE --model googlenet"):
        imagenet.download("googlenet")
    assert not imagenet.is_available("googlenet")
    with pytest.raises(Exception, match="choose one of"):
        imagenet.download("lenet")
