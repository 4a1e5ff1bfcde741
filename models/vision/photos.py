"""Real photos that ship inside installed wheels (no download): the classify page's examples and the benchmark's
images.

    names = list(PHOTOS)                 # "chelsea", "coffee", ..., "grace_hopper"
    arr = wheel_photo("chelsea")         # (H, W, 3) uint8 RGB
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError

#: name -> (package that ships it, where it comes from)
PHOTOS: dict[str, tuple[str, str]] = {
    "chelsea": ("scikit-image", "skimage.data.chelsea()"),
    "coffee": ("scikit-image", "skimage.data.coffee()"),
    "rocket": ("scikit-image", "skimage.data.rocket()"),
    "astronaut": ("scikit-image", "skimage.data.astronaut()"),
    "motorcycle": ("scikit-image", "skimage/data/motorcycle_left.png"),
    "china": ("scikit-learn", "sklearn.datasets.load_sample_images()"),
    "flower": ("scikit-learn", "sklearn.datasets.load_sample_images()"),
    "grace_hopper": ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
}


def wheel_photo(name: str) -> np.ndarray:
    """The photo ``name`` as an (H, W, 3) uint8 RGB array, read from the installed package."""
    if name not in PHOTOS:
        raise InputError(f"unknown example photo {name!r}; choose one of: {', '.join(PHOTOS)}")
    if name in ("chelsea", "coffee", "rocket", "astronaut"):
        from skimage import data

        return np.asarray(getattr(data, name)())[..., :3]
    if name in ("china", "flower"):
        from sklearn.datasets import load_sample_images

        bunch = load_sample_images()
        return next(img for f, img in zip(bunch.filenames, bunch.images) if Path(f).stem == name)
    from PIL import Image

    if name == "motorcycle":
        import skimage

        path = Path(skimage.__file__).parent / "data" / "motorcycle_left.png"
    else:  # grace_hopper
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB"))
