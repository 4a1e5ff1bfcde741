"""What the translation page shows besides a translation, computed here so the CLI and the tests can use it:
the check against num2words, the accuracy-by-length rows of the bundled checkpoints, a random held-out
phrase, and the "teacher forcing on vs off" lab (its two configs and its exact-match score)."""

from __future__ import annotations

import random

from ..training import seeded
from . import corpus
from .train import TranslatorTrainConfig, exact_match, weights_name
from .translator import parse_words

LAB_HIDDEN, LAB_EMB, LAB_TEST = 64, 32, 300  # the lab's small translator and its number of test numbers


def random_test_phrase(lang: str, rng: random.Random | None = None) -> tuple[int, str]:
    """A held-out test number and its num2words phrase in ``lang``."""
    n = (rng or random).choice(corpus.splits()["test"])
    return n, corpus.to_words(n, lang)


def resolve_direction(choice: str, text: str) -> str:
    """The direction box's choice, or for "auto" the one whose source script the text is written in."""
    if choice != "auto":
        return choice
    return "ko-en" if corpus.detect_lang(text) == "ko" else "en-ko"


def check_translation(source: str, translation: str, direction: str) -> tuple[int, str, bool] | None:
    """(the number the source phrase spells, num2words' phrase for it in the target language, whether the
    translation equals it); None when the source is not a number phrase."""
    src_lang, tgt_lang = corpus.direction_langs(direction)
    n = parse_words(source, src_lang)
    if n is None:
        return None
    truth = corpus.to_words(n, tgt_lang)
    return n, truth, truth == translation


def bucket_rows(manifest: dict) -> tuple[list[dict], list[str]]:
    """Rows {direction, attention, bucket, exact_match, n} of every bundled translator in ``manifest`` (one per
    source-length bucket, and "all"), and the training commands that measured them."""
    rows, cmds = [], []
    for direction in corpus.DIRECTIONS:
        for attention in (True, False):
            entry = manifest.get(weights_name(direction, attention))
            if not entry:
                continue
            m = entry["metrics"]
            cmds.append(f"`{entry['command']}`")
            for b, v in m.get("test_buckets", {}).items():
                rows.append({"direction": direction, "attention": attention, "bucket": b, **v})
            rows.append(
                {
                    "direction": direction,
                    "attention": attention,
                    "bucket": "all",
                    "exact_match": m["test_exact_match"],
                    "n": m["test_numbers"],
                }
            )
    return rows, cmds


def lab_config(direction: str, numbers: int, epochs: int, teacher_forcing: float) -> TranslatorTrainConfig:
    """One of the lab's two runs: identical but for the teacher-forcing ratio (same seed, data order, init)."""
    return TranslatorTrainConfig(
        direction=direction,
        emb=LAB_EMB,
        hidden=LAB_HIDDEN,
        epochs=epochs,
        batch_size=128,
        lr=5e-3,
        teacher_forcing=teacher_forcing,
        train_limit=numbers,
        seed=0,
    )


def lab_exact_match(model, direction: str, n: int = LAB_TEST) -> dict:
    """Exact match (free-running greedy decoding) on ``n`` held-out test numbers, the same ones every time."""
    test = random.Random(0).sample(corpus.splits()["test"], n)
    with seeded(0):
        return exact_match(model, test, direction)
