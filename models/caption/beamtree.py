"""Where each node of a beam search's tree goes in a drawing: x = its step (the start token at 0), y = minus its
rank among the nodes of that step by log-probability (the best on top)."""

from __future__ import annotations


def tree_positions(tree: list[dict]) -> dict[int, tuple[int, int]]:
    """node id -> (step + 1, -rank within the step); nodes are dicts with "id", "step" and "logprob"."""
    by_step: dict[int, list[dict]] = {}
    for node in tree:
        by_step.setdefault(node["step"], []).append(node)
    pos = {}
    for step, nodes in by_step.items():
        for rank, node in enumerate(sorted(nodes, key=lambda n: -n["logprob"])):
            pos[node["id"]] = (step + 1, -rank)
    return pos


def tree_edges(tree: list[dict], pos: dict[int, tuple[int, int]]) -> tuple[list, list]:
    """x and y of a line from each node to its parent (the start token at (0, 0) for the first step), each
    segment ended by None so that one plotted line draws them all."""
    xs, ys = [], []
    for node in tree:
        x, y = pos[node["id"]]
        px, py = pos[node["parent"]] if node["parent"] >= 0 else (0, 0)
        xs += [px, x, None]
        ys += [py, y, None]
    return xs, ys
