"""Every page's EN/KO text module (ui/text/<page>.py) has the same keys in both languages and no empty text."""

from __future__ import annotations

import importlib
import string
from pathlib import Path

import pytest

TEXT_DIR = Path(__file__).resolve().parent.parent / "ui" / "text"
MODULES = sorted(p.stem for p in TEXT_DIR.glob("*.py") if p.stem != "__init__")


def test_there_are_text_modules():
    assert "teach" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_en_and_ko_have_the_same_keys_and_placeholders(name):
    text = importlib.import_module(f"ui.text.{name}").TEXT
    assert set(text) == {"en", "ko"}
    assert set(text["en"]) == set(text["ko"]), set(text["en"]) ^ set(text["ko"])
    fields = string.Formatter()
    for key, en in text["en"].items():
        ko = text["ko"][key]
        if not isinstance(en, str):
            continue
        assert en.strip() and ko.strip(), key
        # a {placeholder} filled in one language must exist in the other, or tr() raises on the page
        assert {f for _, f, _, _ in fields.parse(en) if f} == {f for _, f, _, _ in fields.parse(ko) if f}, key
