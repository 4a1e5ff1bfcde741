"""Seeding and data order: builds under a fixed seed, loaders with their own generator."""

from __future__ import annotations

import contextlib
import threading

import torch

_SEED_LOCK = threading.RLock()  # re-entrant: a build under seeded() may build a part under seeded() too


@contextlib.contextmanager
def seeded(seed: int):
    """Build something (a model) under a fixed seed without disturbing other threads' use of the global RNG
    for longer than the build takes."""
    with _SEED_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def make_loader(
    dataset, batch_size: int, *, shuffle: bool = True, seed: int = 0, collate_fn=None, drop_last=False
):
    """A DataLoader whose shuffling uses its own ``torch.Generator`` (two students' runs never interleave)."""
    g = torch.Generator()
    g.manual_seed(seed)
    return torch.utils.data.DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        generator=g,
        collate_fn=collate_fn,
        drop_last=drop_last,
    )
