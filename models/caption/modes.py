"""One call for the three ways of writing a caption (the captioning page's *Decoding* choice)."""

from __future__ import annotations

from PIL import Image

from models.caption.decode import BeamResult, Decoded
from models.caption.inference import LoadedCaptioner

MODES = ("greedy", "beam", "sampling")


def decode(
    cap: LoadedCaptioner,
    image: Image.Image,
    mode: str,
    max_len: int,
    width: int = 1,
    temperature: float = 1.0,
    seed: int = 0,
) -> tuple[Decoded, BeamResult | None]:
    """(the caption, every beam or None): greedy, beam search of ``width`` or sampling at ``temperature`` with
    ``seed``. Raises ValueError for an unknown mode (ModelsError / ValueError from the captioner pass through)."""
    if mode == "greedy":
        return cap.greedy(image, int(max_len)), None
    if mode == "beam":
        res = cap.beam(image, int(width), int(max_len))
        return res.beams[0], res
    if mode == "sampling":
        return cap.sample(image, float(temperature), int(seed), int(max_len)), None
    raise ValueError(f"unknown decoding {mode!r}; choose one of {', '.join(MODES)}")
