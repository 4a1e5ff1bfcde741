"""The shapes world: a scene generator whose captions are exactly specified (issue 5).

- Image: RGB, light plain background; one or two non-overlapping objects.
- Object: shape in SHAPES, colour in COLOURS (RGB values below), size "small" (bounding box 16-22 % of the image
  side) or "large" (35-45 %). The "bounding box" is the box of the unrotated shape: the circle's diameter, the
  square's side, the triangle's base and height.
- Caption, one object: ``a {size} {colour} {shape}``; two objects:
  ``a {size} {colour} {shape} {relation} a {size} {colour} {shape}``, relation in RELATIONS, describing the first
  object relative to the second along the axis where their centres differ most (image y grows downwards; an
  object's centre is the centre of its unrotated bounding box, which is also the centre of rotation).
- Which object is "first" (so that every scene has exactly one caption): the one earlier in the order
  shape (circle, square, triangle), then colour (COLOURS order), then size (small, large); for two identical
  objects, the left one (or the upper one, when the vertical difference is larger).
- Random scenes keep the two centres at least ``RELATION_MARGIN`` of the side further apart along the major axis
  than along the minor one, so the relation is not a coin toss on the diagonal. Scenes a person builds by hand
  are captioned with the same rule, whatever the margin.

Rendering variations (all options of :class:`RenderOptions`; :func:`random_options` draws them): anti-aliasing,
rotation up to +-15 degrees, colour channels +-20, background shade, JPEG compression, image side 64-512 px
(log-uniform), outline or fill.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import asdict, dataclass, field

from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle")
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (220, 40, 40),
    "green": (40, 170, 60),
    "blue": (40, 80, 220),
    "yellow": (235, 200, 30),
    "purple": (140, 60, 180),
    "orange": (245, 140, 20),
}
SIZES: dict[str, tuple[float, float]] = {"small": (0.16, 0.22), "large": (0.35, 0.45)}  # fraction of the side
RELATIONS = ("left of", "right of", "above", "below")
RELATION_MARGIN = 0.05  # random scenes: |major-axis difference| - |minor-axis difference| >= this x side
DEFAULT_BACKGROUND = (245, 245, 245)
SIDE_RANGE = (64, 512)  # image sizes the variations draw from


@dataclass
class SceneObject:
    shape: str  # one of SHAPES
    colour: str  # one of COLOURS
    size: str  # "small" or "large"
    x: float  # centre, fraction of the width (0 = left edge)
    y: float  # centre, fraction of the height (0 = top edge)
    scale: float | None = (
        None  # bounding-box side as a fraction of the image side (None: middle of the size range)
    )
    rotation: float = 0.0  # degrees, counter-clockwise

    def __post_init__(self):
        for value, valid, what in (
            (self.shape, SHAPES, "shape"),
            (self.colour, tuple(COLOURS), "colour"),
            (self.size, tuple(SIZES), "size"),
        ):
            if value not in valid:
                raise ValueError(f"unknown {what} {value!r}; choose one of {', '.join(valid)}")
        if self.scale is None:
            lo, hi = SIZES[self.size]
            self.scale = (lo + hi) / 2

    @property
    def phrase(self) -> str:
        return f"a {self.size} {self.colour} {self.shape}"

    def sort_key(self) -> tuple[int, int, int]:
        return SHAPES.index(self.shape), list(COLOURS).index(self.colour), list(SIZES).index(self.size)

    def half_extent(self) -> float:
        """Half the side of the axis-aligned box around the rotated shape, as a fraction of the image side."""
        if self.shape == "circle":
            return self.scale / 2
        pts = _outline_points(self, 1.0)
        return max(max(abs(px - self.x), abs(py - self.y)) for px, py in pts)


@dataclass
class RenderOptions:
    side: int = 128  # image width = height in pixels
    antialias: bool = True  # smooth edges (drawn at 4x and downsampled) or hard pixel edges
    fill: bool = True  # filled shapes, or outlines only
    colour_jitter: int = 0  # each colour channel is shifted by a random integer in [-jitter, +jitter]
    background: tuple[int, int, int] = DEFAULT_BACKGROUND  # plain background colour
    jpeg_quality: int | None = None  # re-encode as JPEG at this quality (None: lossless)
    outline_width: float = 0.03  # outline thickness as a fraction of the image side (outline mode)
    seed: int = 0  # seeds the colour jitter


def _outline_points(obj: SceneObject, side: float) -> list[tuple[float, float]]:
    """Polygon vertices in pixels (square or triangle), rotated about the centre."""
    s = obj.scale * side
    cx, cy = obj.x * side, obj.y * side
    if obj.shape == "square":
        pts = [(-s / 2, -s / 2), (s / 2, -s / 2), (s / 2, s / 2), (-s / 2, s / 2)]
    elif obj.shape == "triangle":  # base s, height s, apex up
        pts = [(0.0, -s / 2), (s / 2, s / 2), (-s / 2, s / 2)]
    else:
        raise ValueError("circles have no polygon")
    a = math.radians(obj.rotation)
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + px * ca + py * sa, cy - px * sa + py * ca) for px, py in pts]


def relation(first: SceneObject, second: SceneObject) -> str:
    """Where ``first`` is relative to ``second``, along the axis where their centres differ most."""
    dx, dy = first.x - second.x, first.y - second.y
    if abs(dx) >= abs(dy):
        return "left of" if dx < 0 else "right of"
    return "above" if dy < 0 else "below"


def order_objects(objects: list[SceneObject]) -> list[SceneObject]:
    """The canonical caption order (see the module docstring)."""
    if len(objects) != 2:
        return list(objects)
    a, b = objects
    if a.sort_key() != b.sort_key():
        return sorted(objects, key=SceneObject.sort_key)
    dx, dy = a.x - b.x, a.y - b.y
    major = dx if abs(dx) >= abs(dy) else dy
    return [a, b] if major <= 0 else [b, a]


def caption_for(objects: list[SceneObject]) -> str:
    """The one correct caption of a scene with one or two objects."""
    if len(objects) not in (1, 2):
        raise ValueError("a shapes-world scene has one or two objects")
    objs = order_objects(objects)
    if len(objs) == 1:
        return objs[0].phrase
    return f"{objs[0].phrase} {relation(objs[0], objs[1])} {objs[1].phrase}"


def overlaps(a: SceneObject, b: SceneObject, gap: float = 0.02) -> bool:
    """Axis-aligned boxes of the rotated shapes closer than ``gap`` (fraction of the side)?"""
    ra, rb = a.half_extent(), b.half_extent()
    return abs(a.x - b.x) < ra + rb + gap and abs(a.y - b.y) < ra + rb + gap


def inside(obj: SceneObject, margin: float = 0.01) -> bool:
    r = obj.half_extent()
    return margin + r <= obj.x <= 1 - margin - r and margin + r <= obj.y <= 1 - margin - r


def render(objects: list[SceneObject], options: RenderOptions | None = None) -> Image.Image:
    """Draw the scene as an RGB PIL image."""
    o = options or RenderOptions()
    if not 8 <= o.side <= 4096:
        raise ValueError("side must be between 8 and 4096 pixels")
    ss = max(2, min(4, 1024 // o.side)) if o.antialias else 1  # supersampling factor (canvas <= ~1024 px)
    side = o.side * ss
    img = Image.new("RGB", (side, side), tuple(o.background))
    draw = ImageDraw.Draw(img)
    rng = random.Random(o.seed)
    width = max(1, round(o.outline_width * side))
    for obj in objects:
        base = COLOURS[obj.colour]
        colour = tuple(min(255, max(0, c + rng.randint(-o.colour_jitter, o.colour_jitter))) for c in base)
        if obj.shape == "circle":
            r = obj.scale * side / 2
            box = [obj.x * side - r, obj.y * side - r, obj.x * side + r, obj.y * side + r]
            if o.fill:
                draw.ellipse(box, fill=colour)
            else:
                draw.ellipse(box, outline=colour, width=width)
        else:
            pts = _outline_points(obj, side)
            if o.fill:
                draw.polygon(pts, fill=colour)
            else:
                draw.line(pts + [pts[0], pts[1]], fill=colour, width=width, joint="curve")
    if ss > 1:
        img = img.resize((o.side, o.side), Image.Resampling.LANCZOS)
    if o.jpeg_quality is not None:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=int(o.jpeg_quality))
        buf.seek(0)
        img = Image.open(buf).convert("RGB")
    return img


def random_objects(
    rng: random.Random, *, n: int | None = None, max_rotation: float = 15.0, tries: int = 200
) -> list[SceneObject]:
    """One or two random, non-overlapping objects inside the image (relation margin respected)."""
    n = n or rng.choice((1, 2))
    if n not in (1, 2):
        raise ValueError("n must be 1 or 2")
    for _ in range(tries):
        objs = []
        for _ in range(n):
            size = rng.choice(tuple(SIZES))
            obj = SceneObject(
                rng.choice(SHAPES),
                rng.choice(tuple(COLOURS)),
                size,
                0.5,
                0.5,
                scale=rng.uniform(*SIZES[size]),
                rotation=rng.uniform(-max_rotation, max_rotation),
            )
            r = obj.half_extent() + 0.01
            obj.x, obj.y = rng.uniform(r, 1 - r), rng.uniform(r, 1 - r)
            objs.append(obj)
        if n == 2:
            a, b = objs
            if overlaps(a, b):
                continue
            dx, dy = abs(a.x - b.x), abs(a.y - b.y)
            if abs(dx - dy) < RELATION_MARGIN:
                continue
        return objs
    raise RuntimeError("could not place the objects without overlap")  # practically unreachable


def random_options(rng: random.Random, *, variations: bool = True, side: int | None = None) -> RenderOptions:
    """Rendering options: the full variety (``variations=True``) or the plain default look at ``side`` px."""
    if not variations:
        return RenderOptions(side=side or 128)
    shade = rng.randint(200, 255)
    tint = tuple(min(255, max(0, shade + rng.randint(-12, 12))) for _ in range(3))
    return RenderOptions(
        side=side or round(math.exp(rng.uniform(math.log(SIDE_RANGE[0]), math.log(SIDE_RANGE[1])))),
        antialias=rng.random() < 0.5,
        fill=rng.random() < 0.7,
        colour_jitter=20,
        background=tint,
        jpeg_quality=rng.choice((None, rng.randint(40, 95))),
        outline_width=rng.uniform(0.025, 0.045),
        seed=rng.randrange(2**31),
    )


@dataclass
class Scene:
    image: Image.Image  # the rendered RGB image
    caption: str  # the one correct caption
    objects: list[SceneObject] = field(default_factory=list)  # what is in it (positions as fractions)
    options: RenderOptions = field(default_factory=RenderOptions)  # how it was drawn

    def to_dict(self) -> dict:
        return {
            "caption": self.caption,
            "objects": [asdict(o) for o in self.objects],
            "options": asdict(self.options),
        }


def generate_scene(
    seed: int, *, variations: bool = True, side: int | None = None, n: int | None = None
) -> Scene:
    """A random scene, fully determined by ``seed``. ``variations=False``: upright, plain look at ``side`` px."""
    rng = random.Random(seed)
    objs = random_objects(rng, n=n, max_rotation=15.0 if variations else 0.0)
    opts = random_options(rng, variations=variations, side=side)
    return Scene(render(objs, opts), caption_for(objs), objs, opts)


def build_scene(objects: list[SceneObject], options: RenderOptions | None = None) -> Scene:
    """A scene designed by hand (the page's scene builder): validates, renders and captions it."""
    if len(objects) not in (1, 2):
        raise ValueError("a shapes-world scene has one or two objects")
    opts = options or RenderOptions()
    return Scene(render(objects, opts), caption_for(objects), list(objects), opts)
