"""Translated strings for zh, en and ko.

The catalog lives in `tui/locales/*.toml`, one file per feature, each key a table
with `zh`, `en` and `ko`. A test holds every key to all three languages and to the
same placeholders, so a missing translation fails CI instead of reaching an agent.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en", "ko"]
LANGS: tuple[Lang, ...] = ("zh", "en", "ko")
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def as_lang(value: str) -> Lang:
    if value not in LANGS:
        raise ValueError(f"unknown language {value!r}; use one of {', '.join(LANGS)}")
    return value


@cache
def catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            for key, table in tomllib.load(fh).items():
                if key in merged:
                    raise ValueError(f"{path.name}: key {key!r} is defined twice")
                merged[key] = table
    return merged


def t(lang: Lang, key: str, /, **values: object) -> str:
    """The string for `key` in `lang`, falling back to English, then to the key itself."""
    table = catalog().get(key)
    if table is None:
        return key
    text = table.get(lang) or table.get("en") or key
    return text.format(**values) if values else text
