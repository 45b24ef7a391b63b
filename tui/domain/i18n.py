"""Translated strings for zh, en and ko.

The catalog lives in `tui/locales/*.toml`, one file per feature, each key a table
with `zh`, `en` and `ko`. A test holds every key to all three languages and to the
same placeholders, so a missing translation fails CI instead of reaching an agent.

A string that counts something may be a table of plural forms instead, chosen by the
`count` value: `en = { one = "{count} call", other = "{count} calls" }`. Chinese and
Korean nouns do not change with the number, so their strings stay one form.
Korean particles that depend on the word before (`{name}을(를)`) are chosen as the
string is filled in (tui.domain.korean_particles).
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal, TypeAlias

from tui.domain import toml_cache
from tui.domain.korean_particles import resolve as resolve_particles

Lang = Literal["zh", "en", "ko"]
LANGS: tuple[Lang, ...] = ("zh", "en", "ko")
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
PLURAL_FORMS = ("one", "other")

Entry: TypeAlias = str | dict[str, str]
"""One language's text: a string, or plural forms by name (PLURAL_FORMS)."""


def as_lang(value: str) -> Lang:
    if value not in LANGS:
        raise ValueError(f"unknown language {value!r}; use one of {', '.join(LANGS)}")
    return value


def use_cache_dir(folder: Path | None) -> None:
    """Keep the parsed catalog (and the other TOML a start reads) in `folder`: the app
    passes the user cache folder; None keeps nothing."""
    toml_cache.use_folder(folder)
    catalog.cache_clear()


@cache
def catalog() -> dict[str, dict[str, Entry]]:
    """Every string, merged from the TOML files (about 30 ms to parse at every start
    against 1 ms for the JSON kept in the cache folder)."""
    merged: dict[str, dict[str, Entry]] = toml_cache.load(
        "catalog", sorted(LOCALES_DIR.glob("*.toml")), _merge
    )
    return merged


def _merge(paths: Sequence[Path]) -> dict[str, dict[str, Entry]]:
    import tomllib

    merged: dict[str, dict[str, Entry]] = {}
    for path in paths:
        with path.open("rb") as fh:
            for key, table in tomllib.load(fh).items():
                if key in merged:
                    raise ValueError(f"{path.name}: key {key!r} is defined twice")
                merged[key] = table
    return merged


def plural_form(count: object) -> str:
    """English's rule, the only language here with more than one form: one for 1."""
    return "one" if count == 1 else "other"


def pick(entry: Entry, count: object = None) -> str:
    """The text of one language's entry for `count` (a plain string has one form)."""
    if isinstance(entry, str):
        return entry
    return entry.get(plural_form(count)) or entry["other"]


def fill(lang: Lang, text: str, values: dict[str, object]) -> str:
    """`text` with `values` put in; in Korean, particles after them chosen to match."""
    if lang != "ko":
        return text.format(**values) if values else text
    out: list[str] = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if literal:
            out.append(resolve_particles("".join(out)[-40:], literal))
        if field is not None:
            marker = "{" + field + (f"!{conversion}" if conversion else "")
            out.append((marker + (f":{spec}" if spec else "") + "}").format(**values))
    return "".join(out)


def t(lang: Lang, key: str, /, **values: object) -> str:
    """The string for `key` in `lang`, falling back to English, then to the key itself.

    A plural entry picks its form by `count`; give it the number itself."""
    table = catalog().get(key)
    if table is None:
        return key
    entry = table.get(lang) or table.get("en") or key
    return fill(lang, pick(entry, values.get("count")), values)
