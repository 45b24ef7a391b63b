from __future__ import annotations

import re
import string

import pytest

from tui.domain.i18n import LANGS, PLURAL_FORMS, catalog, pick, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(key: str, lang: str) -> list[str]:
    entry = catalog()[key][lang]
    return [entry] if isinstance(entry, str) else [entry[form] for form in PLURAL_FORMS]


@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_string_in_every_language_with_the_same_placeholders(key: str) -> None:
    table = catalog()[key]
    assert set(table) == set(LANGS), f"{key} has {sorted(table)}"
    texts = [text for lang in LANGS for text in forms(key, lang)]
    assert all(text.strip() for text in texts), key
    assert len({frozenset(fields(text)) for text in texts}) == 1, key


@pytest.mark.parametrize("key", sorted(catalog()))
def test_plural_tables_have_every_form_and_count(key: str) -> None:
    for lang in LANGS:
        entry = catalog()[key][lang]
        if isinstance(entry, dict):
            # Chinese and Korean nouns have one form; only English counts in two.
            assert lang == "en", (key, lang)
            assert set(entry) == set(PLURAL_FORMS), key
            assert "count" in fields(entry["other"]), key


_ONE_WITH_A_PLURAL = re.compile(r"\b1 (more )?[a-z-]*[a-rt-z]s\b|\(s\)")


@pytest.mark.parametrize(
    "key", sorted(k for k in catalog() if "count" in fields(pick(catalog()[k]["en"])))
)
def test_english_never_says_one_with_a_plural(key: str) -> None:
    text = pick(catalog()[key]["en"], 1)
    filled = text.format(**dict.fromkeys(fields(text), "X") | {"count": 1})
    assert not _ONE_WITH_A_PLURAL.search(filled), (key, filled)


@pytest.mark.parametrize(
    ("count", "words"), [(0, "0 calls"), (1, "1 call"), (2, "2 calls"), (11, "11 calls")]
)
def test_english_counts_in_the_plural_it_needs(count: int, words: str) -> None:
    assert t("en", "header.calls", count=count) == words
    # One form in Chinese and Korean, whatever the number.
    assert t("ko", "header.calls", count=count) == f"오늘 {count}건"


def test_a_counted_message_reads_right_for_one() -> None:
    assert t("en", "alert.more", count=1) == "1 more complaint reached a warning; press F6"
    assert t("en", "alert.more", count=3) == "3 more complaints reached a warning; press F6"
    assert t("en", "input.paste_cut", limit="2,000", count=1).endswith("1 character left out")
    assert t("en", "input.paste_cut", limit="2,000", count=8000).endswith(
        "8,000 characters left out"
    )


def test_unknown_key_falls_back_to_the_key() -> None:
    assert t("ko", "no.such.key") == "no.such.key"


def test_values_are_filled() -> None:
    assert t("en", "header.calls", count=7) == "7 calls"
    assert t("zh", "header.calls", count=7) == "今日7通"
