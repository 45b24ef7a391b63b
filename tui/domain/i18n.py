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
import os
import string
import tempfile
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


_cache_dir: Path | None = None


def use_cache_dir(folder: Path | None) -> None:
    """Keep the merged catalog in `folder` (the app passes the user cache folder), or
    nowhere with None. Never beside the TOML: an installed package is not ours to write."""
    global _cache_dir
    _cache_dir = folder
    catalog.cache_clear()


@cache
def catalog() -> dict[str, dict[str, Entry]]:
    """Every string, merged from the TOML files.

    Parsing the TOML costs about 30 ms at every start against 1 ms for JSON, so with a
    cache folder set the merged catalog is kept there, keyed by the files' place, names,
    sizes and times.
    """
    paths = sorted(LOCALES_DIR.glob("*.toml"))
    cached = _cache_file(paths) if _cache_dir is not None else None
    if cached is not None:
        try:
            loaded = json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        else:
            if isinstance(loaded, dict):
                return loaded
    merged: dict[str, dict[str, Entry]] = {}
    for path in paths:
        with path.open("rb") as fh:
            for key, table in tomllib.load(fh).items():
                if key in merged:
                    raise ValueError(f"{path.name}: key {key!r} is defined twice")
                merged[key] = table
    if cached is not None:
        try:
            _write_cache(cached, json.dumps(merged, ensure_ascii=False))
        except OSError:
            pass  # an unwritable cache folder parses every time, which is only slower
    return merged


def _cache_file(paths: list[Path]) -> Path:
    assert _cache_dir is not None
    # Two installs (a checkout and a wheel) share the user's cache folder: each has its
    # own files, so neither throws the other's away.
    place = hashlib.sha1(str(LOCALES_DIR).encode()).hexdigest()[:8]
    stamp = hashlib.sha1(
        "".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns};" for p in paths).encode()
    ).hexdigest()[:16]
    return _cache_dir / f"catalog-{place}-{stamp}.json"


def _write_cache(cached: Path, text: str) -> None:
    """Whole or not at all (a reader never sees half a file), readable by its owner only."""
    folder = cached.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    place = cached.name.split("-")[1]
    for old in folder.glob(f"catalog-{place}-*.json"):
        old.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, cached)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
