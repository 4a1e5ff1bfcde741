"""Safe image decoding for every page and command that takes a picture from a user.

``load_image`` turns bytes, a path or an uploaded file into an 8-bit RGB ``PIL.Image`` the way a person expects to
see it: EXIF orientation applied, first frame of an animation, transparency composited on white, 16-bit / CMYK /
palette / float images converted properly. Anything that is not a usable image raises
:class:`models.errors.InputError` with one plain sentence, and a pixel cap is checked *before* decoding so a
decompression bomb (a tiny file that claims to be 100,000 x 100,000 pixels) never allocates its bitmap.

What was done to the picture is listed in ``img.info["notes"]`` as short keys (see ``NOTES``) so a page can tell
the user in their language.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import IO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InputError

#: Default pixel cap (width x height): 64 megapixels, above any phone camera's default output.
DEFAULT_MAX_PIXELS = 64_000_000

#: Formats the upload widgets accept (Pillow reads more; these are the ones we test).
EXTENSIONS = ("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff")

#: Keys that may appear in ``img.info["notes"]`` and what they mean.
NOTES = {
    "exif_rotated": "turned upright using the camera's EXIF orientation",
    "first_frame": "animated image: the first frame is used",
    "alpha_on_white": "transparent parts were placed on a white background",
    "high_bit_depth": "16-bit or floating-point image scaled to 8 bits",
    "cmyk": "CMYK image converted to RGB",
}

Source = bytes | bytearray | str | os.PathLike | IO[bytes] | np.ndarray | Image.Image


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError(f"file not found: {path}")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not an image file")
        return path.read_bytes()
    if hasattr(source, "getvalue"):  # io.BytesIO, streamlit's UploadedFile
        return bytes(source.getvalue())
    if hasattr(source, "read"):
        return source.read()
    raise TypeError(f"cannot read an image from {type(source).__name__}")


def _to_8bit(img: Image.Image) -> Image.Image:
    """16-bit integer ("I;16*", "I") or float ("F") grayscale to 8-bit "L", scaled by the format's range."""
    a = np.asarray(img).astype(np.float64)
    if a.size == 0:
        raise InputError("the image has no pixels")
    if img.mode == "F":
        lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
        if lo >= 0.0 and hi <= 1.0:
            a = a * 255.0  # float images in [0, 1]
        elif hi > lo:
            a = (a - lo) / (hi - lo) * 255.0  # anything else: stretch to the full range
        a = np.nan_to_num(a)
    else:
        hi = float(a.max())
        scale = 65535.0 if hi <= 65535 else hi  # 16-bit data; a wider "I" image is stretched by its max
        a = a / max(scale, 1.0) * 255.0
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), mode="L")


def _to_rgb(img: Image.Image, notes: list[str]) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB; transparency is composited on white."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        notes.append("high_bit_depth")
        return _to_8bit(img).convert("RGB")
    if mode == "CMYK":
        notes.append("cmyk")
        return img.convert("RGB")
    if mode == "P" and "transparency" in img.info:
        img, mode = img.convert("RGBA"), "RGBA"
    elif mode == "P":
        return img.convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "A" in img.getbands():
        rgba = img.convert("RGBA")
        alpha = np.asarray(rgba)[..., 3]
        if alpha.min() < 255:
            notes.append("alpha_on_white")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode == "1":
        return img.convert("L").convert("RGB")
    try:
        return img.convert("RGB")  # L, YCbCr, LAB, HSV, RGBX ...
    except (ValueError, OSError) as exc:
        raise InputError(f"unsupported colour mode {mode!r} ({exc})") from exc


def _from_array(a: np.ndarray) -> Image.Image:
    """Numpy image (H, W) or (H, W, 3|4), uint8 or float in [0, 1] (as skimage.data returns)."""
    a = np.asarray(a)
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (1, 3, 4)):
        raise InputError(f"an image array must be (H, W) or (H, W, 3|4), got shape {a.shape}")
    if a.dtype != np.uint8:
        a = a.astype(np.float64)
        a = a * 255.0 if a.max(initial=0) <= 1.0 else a
        a = np.clip(np.rint(a), 0, 255).astype(np.uint8)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[..., 0]
    return Image.fromarray(a)


def load_image(source: Source, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    # Stays whole (issue 17): a validation cascade, each check a guard in order before the next decode step.
    """Decode ``source`` (bytes, path, file-like, numpy array or PIL image) to an upright 8-bit RGB image.

    Raises InputError (one sentence) for an empty, truncated, damaged or non-image input, or one whose
    width x height exceeds ``max_pixels`` (checked from the header, before the bitmap is allocated).
    """
    notes: list[str] = []
    if isinstance(source, np.ndarray):
        img = _from_array(source)
    elif isinstance(source, Image.Image):
        img = source
    else:
        data = _read_bytes(source)
        if not data:
            raise InputError("the file is empty (0 bytes)")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter(
                    "ignore", Image.DecompressionBombWarning
                )  # our own cap is checked below
                img = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            raise InputError(
                f"the image claims more pixels than can be opened safely (the limit is {max_pixels:,} pixels)"
            ) from exc
        except UnidentifiedImageError:
            raise InputError(
                "this is not an image that can be read (use PNG, JPEG, WebP, BMP, GIF or TIFF)"
            ) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputError(f"the image file is damaged ({exc})") from exc
    w, h = img.size
    if w < 1 or h < 1:
        raise InputError("the image has no pixels")
    if w * h > max_pixels:
        raise InputError(
            f"the image is {w:,} x {h:,} pixels, above the limit of {max_pixels:,} pixels; "
            "make it smaller and try again"
        )
    try:
        if getattr(img, "n_frames", 1) > 1:
            notes.append("first_frame")
            img.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
            raise InputError("the image file is truncated (incomplete download or copy?)") from exc
        raise InputError(f"the image file is damaged and cannot be decoded ({exc})") from exc
    try:
        upright = ImageOps.exif_transpose(img)
        if upright is not None and upright is not img:
            orientation = img.getexif().get(0x0112, 1)
            if orientation not in (None, 1):
                notes.append("exif_rotated")
            img = upright
    except Exception:  # malformed EXIF: keep the pixels as stored rather than refusing the picture
        pass
    out = _to_rgb(img, notes)
    if out is img:
        out = img.copy()  # never hand back the decoder's object (its file handle, its frames)
    out.info = {"notes": notes}
    return out
