"""Checks on a scene a person builds by hand (the captioning page's scene builder)."""

from __future__ import annotations

from models.caption.shapes import SceneObject, inside, overlaps


def placed_legally(objects: list[SceneObject]) -> bool:
    """Every object wholly inside the picture and no two touching: a scene the generator could have made (the
    captioner was trained only on such scenes)."""
    if not all(inside(o, 0.0) for o in objects):
        return False
    return not any(overlaps(a, b, 0.0) for i, a in enumerate(objects) for b in objects[i + 1 :])
