"""What the captioning page computes, now in models/caption: the scene builder's legality check, the beam tree's
layout and the one call for the three decodings."""

from __future__ import annotations

import pytest

from models.caption.beamtree import tree_edges, tree_positions
from models.caption.builder import placed_legally
from models.caption.modes import MODES, decode
from models.caption.shapes import SceneObject


def test_placed_legally_wants_every_object_inside_and_apart():
    a = SceneObject("circle", "red", "large", 0.28, 0.5)
    b = SceneObject("triangle", "blue", "small", 0.75, 0.45)
    assert placed_legally([a, b]) and placed_legally([a])
    assert not placed_legally([a, SceneObject("square", "red", "small", 0.3, 0.5)])  # on top of a
    assert not placed_legally([SceneObject("circle", "red", "large", 0.02, 0.5)])  # over the left edge
    assert placed_legally([])


def test_tree_positions_rank_each_step_best_first_and_edges_reach_the_parent():
    tree = [
        {"id": 0, "parent": -1, "step": 0, "logprob": -1.0},
        {"id": 1, "parent": -1, "step": 0, "logprob": -0.5},
        {"id": 2, "parent": 1, "step": 1, "logprob": -0.7},
    ]
    pos = tree_positions(tree)
    assert pos == {1: (1, 0), 0: (1, -1), 2: (2, 0)}
    xs, ys = tree_edges(tree, pos)
    assert xs == [0, 1, None, 0, 1, None, 1, 2, None]
    assert ys == [0, -1, None, 0, 0, None, 0, 0, None]
    assert tree_positions([]) == {}


class _Beams:
    beams = ("best", "second")


class _Fake:
    """Records which decoder was called with what (the LoadedCaptioner methods decode uses)."""

    def greedy(self, image, max_len):
        return ("greedy", max_len)

    def beam(self, image, width, max_len):
        self.width = width
        return _Beams()

    def sample(self, image, temperature, seed, max_len):
        return ("sampling", temperature, seed, max_len)


def test_decode_dispatches_each_mode():
    cap = _Fake()
    assert decode(cap, None, "greedy", 7) == (("greedy", 7), None)
    best, beams = decode(cap, None, "beam", 5, width=3)
    assert best == "best" and isinstance(beams, _Beams) and cap.width == 3
    assert decode(cap, None, "sampling", 4, temperature=0.5, seed=2) == (("sampling", 0.5, 2, 4), None)
    assert set(MODES) == {"greedy", "beam", "sampling"}
    with pytest.raises(ValueError, match="greedy"):
        decode(cap, None, "topk", 3)
