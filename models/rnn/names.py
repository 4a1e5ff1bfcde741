"""Names → nationality data from Faker's person-name providers (MIT licence, offline, inside the wheel).

Twelve locales written in Latin script, so the alphabet alone does not give the answer. First names and surnames
are read straight from the provider classes (``faker.providers.person.<locale>.Provider``), kept exactly as
written (diacritics included; the model's alphabet is the union of all characters).

De-duplication rule: a name that appears in the lists of two or more of the chosen locales (e.g. "Anna",
"Martin") is DROPPED from every class, so no name has two labels. Then every class keeps the same number of names
(``per_class``, drawn with a fixed seed) and is split train/validation/test per class; since each name occurs once,
no name can be in two splits.
"""

from __future__ import annotations

import functools
import importlib
import random
from collections import Counter
from dataclasses import dataclass

# locale code -> label shown to people. Near-duplicates (en_GB, cs_CZ, pt_PT, ...) are left out on purpose.
LOCALES: dict[str, str] = {
    "de_DE": "German",
    "en_US": "English (US)",
    "es_ES": "Spanish",
    "fi_FI": "Finnish",
    "ga_IE": "Irish",
    "hr_HR": "Croatian",
    "id_ID": "Indonesian",
    "it_IT": "Italian",
    "nl_NL": "Dutch",
    "sk_SK": "Slovak",
    "sv_SE": "Swedish",
    "tr_TR": "Turkish",
}
_ATTRS = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "last_names",
    "last_names_male",
    "last_names_female",
)


@dataclass(frozen=True)
class NamesConfig:
    per_class: int = 600  # names kept per locale after de-duplication (balanced classes)
    val_frac: float = 0.15  # share of each class for validation
    test_frac: float = 0.15  # share of each class for the held-out test
    seed: int = 0  # fixes which names are kept and how they are split


@dataclass(frozen=True)
class NamesData:
    labels: tuple[str, ...]  # class names in label-index order
    locales: tuple[str, ...]  # the Faker locale of each label
    train: tuple[tuple[str, int], ...]  # (name, label index)
    val: tuple[tuple[str, int], ...]
    test: tuple[tuple[str, int], ...]
    dropped_shared: int  # names dropped because two or more locales list them

    def split(self, name: str) -> tuple[tuple[str, int], ...]:
        if name not in ("train", "val", "test"):
            raise ValueError(f"unknown split {name!r}; choose one of train, val, test")
        return getattr(self, name)

    def alphabet(self) -> list[str]:
        """Sorted union of the characters of every name (all splits)."""
        return sorted({c for part in (self.train, self.val, self.test) for n, _ in part for c in n})

    def labelled(self, names: list[str]) -> list[tuple[str, int]]:
        """(name, label index) for each of ``names`` that is in a split, in order; unknown names are left out."""
        label_of = dict((*self.train, *self.val, *self.test))
        return [(n, label_of[n]) for n in names if n in label_of]


def locale_names(locale: str) -> set[str]:
    """Every first name and surname a Faker locale lists (stripped, as written)."""
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; choose one of {', '.join(LOCALES)}")
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    out: set[str] = set()
    for attr in _ATTRS:
        values = getattr(provider, attr, None) or ()
        out |= {str(v).strip() for v in (values.keys() if isinstance(values, dict) else values)}
    out.discard("")
    return out


@functools.lru_cache(maxsize=4)
def load_names(config: NamesConfig = NamesConfig()) -> NamesData:
    """The balanced, de-duplicated, split data set (cached; deterministic for a given config)."""
    per_locale = {loc: locale_names(loc) for loc in LOCALES}
    counts = Counter(n for names in per_locale.values() for n in names)
    rng = random.Random(config.seed)
    train, val, test = [], [], []
    for label, loc in enumerate(LOCALES):
        unique = sorted(n for n in per_locale[loc] if counts[n] == 1)
        if len(unique) < config.per_class:
            raise ValueError(f"locale {loc} has only {len(unique)} unique names; lower per_class")
        rng.shuffle(unique)
        kept = unique[: config.per_class]
        n_val = round(config.per_class * config.val_frac)
        n_test = round(config.per_class * config.test_frac)
        test += [(n, label) for n in kept[:n_test]]
        val += [(n, label) for n in kept[n_test : n_test + n_val]]
        train += [(n, label) for n in kept[n_test + n_val :]]
    rng.shuffle(train)
    return NamesData(
        labels=tuple(LOCALES.values()),
        locales=tuple(LOCALES),
        train=tuple(train),
        val=tuple(val),
        test=tuple(test),
        dropped_shared=sum(1 for c in counts.values() if c > 1),
    )
