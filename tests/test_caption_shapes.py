"""The shapes-world generator matches the issue's spec: captions, colours, sizes, relations, variations."""

from __future__ import annotations

import re

import numpy as np
import pytest

from models.caption import shapes
from models.caption.shapes import COLOURS, SIZES, RenderOptions, SceneObject, build_scene, generate_scene

PHRASE = r"a (small|large) (red|green|blue|yellow|purple|orange) (circle|square|triangle)"
CAPTION = re.compile(rf"^{PHRASE}( (left of|right of|above|below) {PHRASE})?$")


def _mask(img, rgb, tol=0):
    a = np.asarray(img).astype(int)
    return np.abs(a - np.array(rgb)).max(axis=2) <= tol


def test_caption_grammar_and_determinism():
    for seed in range(100):
        s = generate_scene(seed)
        assert CAPTION.match(s.caption), s.caption
        assert len(s.objects) == (
            2 if " of " in s.caption or "above" in s.caption or "below" in s.caption else 1
        )
    a, b = generate_scene(7), generate_scene(7)
    assert a.caption == b.caption and a.image.tobytes() == b.image.tobytes()
    assert generate_scene(7).image.tobytes() != generate_scene(8).image.tobytes()


def test_colours_are_the_spec_values_when_plain():
    for name, rgb in COLOURS.items():
        obj = SceneObject("square", name, "large", 0.5, 0.5)
        img = build_scene([obj], RenderOptions(side=100, antialias=False)).image
        assert img.mode == "RGB"
        assert tuple(img.getpixel((50, 50))) == rgb
        assert tuple(img.getpixel((2, 2))) == shapes.DEFAULT_BACKGROUND


def test_colour_jitter_stays_within_20():
    for seed in range(30):
        obj = SceneObject("circle", "purple", "large", 0.5, 0.5)
        img = build_scene([obj], RenderOptions(side=80, antialias=False, colour_jitter=20, seed=seed)).image
        px = np.array(img.getpixel((40, 40)))
        assert np.abs(px - np.array(COLOURS["purple"])).max() <= 20


def test_sizes_measured_in_pixels():
    """Plain single-object scenes: the object's pixel bounding box is 16-22 % (small) or 35-45 % (large) of the side."""
    seen = set()
    side = 120
    for seed in range(90):
        s = generate_scene(seed, variations=False, side=side, n=1)
        obj = s.objects[0]
        ys, xs = np.nonzero(_mask(s.image, COLOURS[obj.colour], tol=25))
        extent = max(xs.max() - xs.min() + 1, ys.max() - ys.min() + 1) / side
        lo, hi = SIZES[obj.size]
        assert lo - 0.02 <= extent <= hi + 0.02, (seed, obj, extent)
        assert s.caption == f"a {obj.size} {obj.colour} {obj.shape}"
        seen.add((obj.shape, obj.size))
    assert len(seen) == 6


def test_relations_follow_the_major_axis_of_the_centres():
    """Two plain objects of different colours: the caption's relation matches the pixel bounding-box centres, the first
    object is the one earlier in the canonical order, and the objects never overlap."""
    checked = 0
    relations = set()
    for seed in range(220):
        s = generate_scene(seed, variations=False, side=128, n=2)
        a, b = s.objects
        if a.colour == b.colour:
            continue
        first, second = shapes.order_objects(s.objects)
        assert first.sort_key() <= second.sort_key()
        m1, m2 = _mask(s.image, COLOURS[first.colour], 25), _mask(s.image, COLOURS[second.colour], 25)
        assert not (m1 & m2).any()
        # centre = centre of the object's bounding box (the spec's size measure, too)
        (y1, x1), (y2, x2) = [(np.argwhere(m).min(0) + np.argwhere(m).max(0)) / 2 for m in (m1, m2)]
        dx, dy = x1 - x2, y1 - y2
        rel = (
            ("left of" if dx < 0 else "right of") if abs(dx) >= abs(dy) else ("above" if dy < 0 else "below")
        )
        assert s.caption == f"{first.phrase} {rel} {second.phrase}", (seed, s.caption, dx, dy)
        relations.add(rel)
        checked += 1
    assert checked > 120 and relations == set(shapes.RELATIONS)


def test_hand_built_scene_and_identical_twins():
    left = SceneObject("circle", "red", "small", 0.2, 0.5)
    right = SceneObject("circle", "red", "small", 0.8, 0.55)
    assert build_scene([right, left]).caption == "a small red circle left of a small red circle"
    top = SceneObject("square", "blue", "large", 0.5, 0.75)
    assert build_scene([top, left]).caption == "a small red circle left of a large blue square"
    above = SceneObject("triangle", "green", "small", 0.5, 0.15)
    assert build_scene([above, top]).caption == "a large blue square below a small green triangle"
    with pytest.raises(ValueError, match="choose one of"):
        SceneObject("hexagon", "red", "small", 0.5, 0.5)
    with pytest.raises(ValueError):
        build_scene([])


def test_variations_cover_the_spec():
    sides, aa, fill, jpeg, rot, bg = [], set(), set(), set(), [], []
    for seed in range(150):
        s = generate_scene(seed)
        o = s.options
        assert s.image.size == (o.side, o.side)
        sides.append(o.side)
        aa.add(o.antialias)
        fill.add(o.fill)
        jpeg.add(o.jpeg_quality is None)
        rot += [obj.rotation for obj in s.objects]
        bg.append(min(o.background))
        for obj in s.objects:
            assert shapes.inside(obj, 0.0)
        if len(s.objects) == 2:
            assert not shapes.overlaps(*s.objects, gap=0.0)
    assert 64 <= min(sides) < 90 and 400 < max(sides) <= 512
    assert aa == fill == jpeg == {True, False}
    assert max(abs(r) for r in rot) <= 15 and max(rot) > 10 and min(rot) < -10
    assert min(bg) >= 180 and len(set(bg)) > 20  # light, varying background
