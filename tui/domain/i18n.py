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

import hashlib
import json
import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal, TypeAlias

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


@cache
def catalog() -> dict[str, dict[str, Entry]]:
    """Every string, merged from the TOML files.

    Parsing the TOML costs tens of milliseconds at every start, so the merged catalog is
    kept as JSON beside it, like a .pyc, keyed by the files' names, sizes and times.
    """
    paths = sorted(LOCALES_DIR.glob("*.toml"))
    stamp = hashlib.sha1(
        "".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns};" for p in paths).encode()
    ).hexdigest()[:16]
    cached = LOCALES_DIR / "__pycache__" / f"catalog-{stamp}.json"
    try:
        loaded: dict[str, dict[str, Entry]] = json.loads(cached.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError):
        pass
    merged: dict[str, dict[str, Entry]] = {}
    for path in paths:
        with path.open("rb") as fh:
            for key, table in tomllib.load(fh).items():
                if key in merged:
                    raise ValueError(f"{path.name}: key {key!r} is defined twice")
                merged[key] = table
    try:
        cached.parent.mkdir(exist_ok=True)
        for old in cached.parent.glob("catalog-*.json"):
            old.unlink()
        cached.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # a read-only install parses every time, which is only slower
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
