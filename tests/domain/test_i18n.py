from __future__ import annotations

import string

import pytest

from tui.domain.i18n import LANGS, catalog, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_string_in_every_language_with_the_same_placeholders(key: str) -> None:
    table = catalog()[key]
    assert set(table) == set(LANGS), f"{key} has {sorted(table)}"
    assert all(table[lang].strip() for lang in LANGS), key
    assert fields(table["zh"]) == fields(table["en"]) == fields(table["ko"]), key


def test_unknown_key_falls_back_to_the_key() -> None:
    assert t("ko", "no.such.key") == "no.such.key"


def test_values_are_filled() -> None:
    assert t("en", "header.calls", count=7) == "7 calls"
    assert t("zh", "header.calls", count=7) == "今日 7 通"
