from __future__ import annotations

import json
import re
import stat
import string
from pathlib import Path

import pytest

from tui.domain import i18n
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


def _files_under(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def test_the_catalog_writes_nothing_into_the_package(tmp_path: Path) -> None:
    package = i18n.LOCALES_DIR.parent
    before = _files_under(package)
    try:
        for folder in (None, tmp_path / "cache"):
            i18n.use_cache_dir(folder)
            assert i18n.catalog()["app.quit_hint"]["en"]
    finally:
        i18n.use_cache_dir(None)
    after = _files_under(package)
    assert {path for path in after if "catalog" in path.name} <= set(before)
    assert not [path for path in after if path not in before or after[path] != before[path]]


def test_the_catalog_cache_is_the_owners_alone_and_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "agentdesk"
    try:
        i18n.use_cache_dir(folder)
        parsed = i18n.catalog()
        (cached,) = folder.glob("catalog-*.json")
        assert stat.S_IMODE(cached.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert not list(folder.glob(".catalog-*"))  # no half-written file left behind
        # The next start reads the JSON: a mark put in it shows through.
        marked = {**parsed, "test.mark": {"zh": "记", "en": "mark", "ko": "표"}}
        cached.write_text(json.dumps(marked, ensure_ascii=False), encoding="utf-8")
        i18n.use_cache_dir(folder)
        assert i18n.t("ko", "test.mark") == "표"
        # A spoiled cache is parsed around, then replaced.
        cached.write_text("{not json", encoding="utf-8")
        i18n.use_cache_dir(folder)
        assert i18n.catalog() == parsed
        assert json.loads(cached.read_text(encoding="utf-8")) == parsed
    finally:
        i18n.use_cache_dir(None)


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    try:
        i18n.use_cache_dir(blocker / "agentdesk")
        assert i18n.catalog()["app.quit_hint"]["zh"]
    finally:
        i18n.use_cache_dir(None)
