"""Safe image decoding: every kind of bad or unusual input the issue lists, made in the test."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from models.errors import InputError
from models.vision.imageio import load_image


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (40, 60, 3), dtype=np.uint8))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF"])
def test_formats_decode_to_rgb(photo, fmt):
    img = load_image(encode(photo, fmt))
    assert img.mode == "RGB" and img.size == (60, 40)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"this is a text file, not a picture\n" * 5, "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
    ],
)
def test_unusable_bytes_raise_input_error(data, words):
    with pytest.raises(InputError, match=words):
        load_image(data)


def test_truncated_file(photo):
    data = encode(photo, "PNG")
    with pytest.raises(InputError, match="truncated|damaged"):
        load_image(data[: len(data) // 2])
    jpeg = encode(photo, "JPEG")
    with pytest.raises(InputError, match="truncated|damaged"):
        load_image(jpeg[: len(jpeg) // 3])


def test_decompression_bomb_refused_before_decoding():
    bomb = encode(Image.new("1", (12_000, 12_000)), "PNG")  # 144 Mpx in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(InputError, match="limit"):
        load_image(bomb)
    with pytest.raises(InputError, match="limit of 1,000 pixels"):
        load_image(encode(Image.new("RGB", (50, 50)), "PNG"), max_pixels=1000)


def test_cmyk_16bit_palette():
    red = Image.new("RGB", (8, 8), (255, 0, 0))
    out = load_image(encode(red.convert("CMYK"), "JPEG"))
    r, g, b = out.getpixel((4, 4))
    assert out.mode == "RGB" and r > 200 and g < 60 and b < 60
    ramp = np.linspace(0, 65535, 64 * 8).reshape(8, 64).astype(np.uint16)
    out = np.asarray(load_image(encode(Image.fromarray(ramp), "PNG")))
    assert (
        out.dtype == np.uint8 and out[..., 0].min() == 0 and out[..., 0].max() == 255
    )  # scaled, not clipped
    assert "high_bit_depth" in load_image(encode(Image.fromarray(ramp), "PNG")).info["notes"]
    pal = red.convert("P")
    assert load_image(encode(pal, "PNG")).getpixel((0, 0)) == (255, 0, 0)


def test_transparency_on_white():
    rgba = np.zeros((6, 6, 4), dtype=np.uint8)
    rgba[..., 0] = 255  # red, fully transparent on the left half
    rgba[:, 3:, 3] = 255
    out = load_image(encode(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert out.getpixel((0, 0)) == (255, 255, 255)
    assert out.getpixel((5, 0)) == (255, 0, 0)
    assert "alpha_on_white" in out.info["notes"]
    la = Image.new("LA", (4, 4), (0, 0))
    assert load_image(encode(la, "PNG")).getpixel((1, 1)) == (255, 255, 255)
    gif = Image.new("P", (4, 4), 0)
    gif.info["transparency"] = 0
    assert load_image(encode(gif, "GIF", transparency=0)).getpixel((1, 1)) == (255, 255, 255)


def test_exif_orientation_respected():
    img = Image.new("RGB", (60, 40), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 10, 40))  # a red stripe on the left of the stored pixels
    exif = img.getexif()
    exif[0x0112] = 6  # "rotate 90 CW to view"
    out = load_image(encode(img, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.size == (40, 60)
    r, _g, b = out.getpixel((20, 3))  # the stored left edge is now the top
    assert r > 200 and b < 60
    assert "exif_rotated" in out.info["notes"]


def test_animated_first_frame():
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    out = load_image(buf.getvalue())
    assert out.getpixel((5, 5)) == (255, 0, 0) and "first_frame" in out.info["notes"]


def test_extreme_sizes_and_other_sources(tmp_path):
    assert load_image(encode(Image.new("RGB", (1, 1), (9, 9, 9)), "PNG")).size == (1, 1)
    assert load_image(encode(Image.new("RGB", (10_000, 10)), "PNG")).size == (10_000, 10)
    path = tmp_path / "x.bmp"
    Image.new("L", (5, 7), 128).save(path)
    assert load_image(path).getpixel((0, 0)) == (128, 128, 128)
    assert load_image(str(path)).size == (5, 7)
    assert load_image(np.ones((4, 4, 3))).getpixel((0, 0)) == (255, 255, 255)  # float [0, 1] like skimage
    with pytest.raises(InputError, match="not found"):
        load_image(tmp_path / "missing.png")
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_image(tmp_path / "empty.png")
