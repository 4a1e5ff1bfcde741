"""Parallel corpus English number words <-> Korean number words, generated offline by ``num2words``.

Tokenisation (chosen so that ``detokenize(tokenize(x)) == x`` for every num2words output):

* English: words; a hyphen and a comma are tokens of their own. ``"twenty-three thousand, one"`` ->
  ``["twenty", "-", "three", "thousand", ",", "one"]``. Detokenising joins words with one space, glues ``-`` to
  both neighbours and ``,`` to the word before it (num2words never writes anything else).
* Korean: syllables; a space is the token ``"▁"`` (visible in heatmaps). ``"만 일"`` -> ``["만", "▁", "일"]``.

Splits are by *number* (never by phrase): the 1,000,000 integers 0-999,999 are grouped by digit count and a seeded
permutation of every group gives test, validation and training numbers that never overlap. Training uses every
remaining number below 10,000 and a sample of the five- and six-digit ones (the whole corpus is not needed);
short and round numbers are repeated in every epoch (:func:`repeats`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from num2words import num2words

from ..errors import InputError

MAX_NUMBER = 999_999  # the domain: integers 0 .. MAX_NUMBER
LANGS = ("en", "ko")
DIRECTIONS = ("en-ko", "ko-en")
PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = (PAD, SOS, EOS, UNK)  # ids 0, 1, 2, 3 in every vocabulary
KO_SPACE = "▁"
MAX_INPUT_CHARS = 400  # longer user input is cut (the longest real phrase has ~75 characters)
MAX_INPUT_TOKENS = 40  # longer token lists are cut before encoding

_EN_TOKEN = re.compile(r"[a-z]+|[-,]")


def to_words(n: int, lang: str) -> str:
    """The phrase num2words writes for ``n`` in ``lang`` ("en" or "ko")."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    if not (0 <= int(n) <= MAX_NUMBER):
        raise InputError(f"{n} is outside the domain 0..{MAX_NUMBER:,}")
    return num2words(int(n)) if lang == "en" else num2words(int(n), lang="ko")


def normalize(text: str, lang: str) -> str:
    """Lower-case, cap the length and collapse white space (what a user types is rarely tidy)."""
    text = str(text)[:MAX_INPUT_CHARS].strip()
    text = re.sub(r"\s+", " ", text)
    return text.lower() if lang == "en" else text


def loose_form(text: str, lang: str) -> str:
    """The phrase with what people write differently from num2words taken out, for comparing spellings:
    English without commas, hyphens, "and" and extra spaces ("twenty three" = "twenty-three"); Korean without
    spaces ("십이만삼천" = "십이만 삼천")."""
    if lang == "en":
        return " ".join(t for t in tokenize(text, "en") if t not in ("-", ",", "and"))
    if lang == "ko":
        return re.sub(r"\s+", "", normalize(text, "ko"))
    raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def tokenize(text: str, lang: str) -> list[str]:
    """Tokens of a phrase: English words/hyphens/commas, or Korean syllables with ``▁`` for a space."""
    text = normalize(text, lang)
    if lang == "en":
        # anything that is not a letter, a hyphen or a comma separates words ("and" stays a word)
        return _EN_TOKEN.findall(text)
    if lang == "ko":
        return [KO_SPACE if ch == " " else ch for ch in text]
    raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def detokenize(tokens: list[str], lang: str) -> str:
    """Inverse of :func:`tokenize` on num2words text (special tokens are dropped)."""
    tokens = [t for t in tokens if t not in SPECIALS]
    if lang == "ko":
        return "".join(" " if t == KO_SPACE else t for t in tokens)
    if lang != "en":
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    out = ""
    for t in tokens:
        if t in ("-", ","):
            out += t
        else:
            if out and not out.endswith("-"):
                out += " "
            out += t
    return out


@lru_cache(maxsize=2)
def vocab(lang: str) -> tuple[str, ...]:
    """Token list of a language: the specials, then every token num2words uses for 0..MAX_NUMBER (sorted).

    The set is closed: every English number phrase is built from the words of 0-20, the tens, hundred,
    thousand and "and"; every Korean one from 영, 일-구, 십, 백, 천, 만 and the space."""
    probe = list(range(21)) + list(range(30, 100, 10)) + [21, 100, 101, 1000, 1001, 10000, 10001, 12345]
    toks: set[str] = set()
    for n in probe:
        toks.update(tokenize(to_words(n, lang), lang))
    return SPECIALS + tuple(sorted(toks))


@dataclass(frozen=True)
class SplitConfig:
    seed: int = 2024  # seed of the permutation that assigns numbers to splits
    test_frac: float = 0.10  # share of every digit-count group held out for test ...
    test_cap: int = 1000  # ... but at most this many per group
    val_frac: float = 0.05  # share of every group for validation ...
    val_cap: int = 300  # ... at most this many per group
    train_5digit: int = 30_000  # training sample of five-digit numbers
    train_6digit: int = 65_000  # training sample of six-digit numbers (all shorter ones are used)


def _groups() -> list[np.ndarray]:
    """Numbers by digit count: [0..9], [10..99], ..., [100000..999999]."""
    bounds = [0, 10, 100, 1000, 10_000, 100_000, 1_000_000]
    return [np.arange(lo, hi) for lo, hi in itertools.pairwise(bounds)]


@lru_cache(maxsize=4)
def splits(cfg: SplitConfig = SplitConfig()) -> dict[str, tuple[int, ...]]:
    """{"train", "val", "test"} -> numbers (disjoint; every digit count represented in test)."""
    rng = np.random.default_rng(cfg.seed)
    out: dict[str, list[int]] = {"train": [], "val": [], "test": []}
    for digits, group in enumerate(_groups(), start=1):
        perm = rng.permutation(group)
        n_test = min(int(round(len(group) * cfg.test_frac)), cfg.test_cap)
        n_val = min(int(round(len(group) * cfg.val_frac)), cfg.val_cap)
        rest = perm[n_test + n_val :]
        if digits == 5:
            rest = rest[: cfg.train_5digit]
        elif digits == 6:
            rest = rest[: cfg.train_6digit]
        out["test"] += perm[:n_test].tolist()
        out["val"] += perm[n_test : n_test + n_val].tolist()
        out["train"] += rest.tolist()
    return {k: tuple(int(x) for x in v) for k, v in out.items()}


def repeats(n: int) -> int:
    """How often training shows number ``n`` per epoch: short and round numbers are rare in a uniform sample
    (9 one-digit numbers among ~100k) but are what people type first, so they are shown more often."""
    if n < 100:
        return 30
    if n < 1000:
        return 10
    if n < 10_000 or n % 1000 == 0:
        return 3
    return 1


def training_numbers(cfg: SplitConfig = SplitConfig()) -> list[int]:
    """The training split with :func:`repeats` applied (the split itself has each number once)."""
    return [n for n in splits(cfg)["train"] for _ in range(repeats(n))]


def direction_langs(direction: str) -> tuple[str, str]:
    """("en", "ko") for "en-ko" and so on; ValueError lists the valid directions."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; choose one of {', '.join(DIRECTIONS)}")
    src, tgt = direction.split("-")
    return src, tgt


def pair(n: int, direction: str) -> tuple[list[str], list[str]]:
    """(source tokens, target tokens) of number ``n`` for ``direction``."""
    src, tgt = direction_langs(direction)
    return tokenize(to_words(n, src), src), tokenize(to_words(n, tgt), tgt)


def detect_lang(text: str) -> str:
    """ "ko" when the text has any Hangul syllable, else "en"."""
    return "ko" if re.search(r"[\uac00-\ud7a3]", str(text)[:MAX_INPUT_CHARS]) else "en"
