"""Translated strings for zh, en and ko.

The catalog lives in `tui/locales/*.toml`, one file per feature, each key a table
with `zh`, `en` and `ko`. A test holds every key to all three languages and to the
same placeholders, so a missing translation fails CI instead of reaching an agent.
"""

from __future__ import annotations

import hashlib
import json
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
        loaded: dict[str, dict[str, str]] = json.loads(cached.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError):
        pass
    merged: dict[str, dict[str, str]] = {}
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


def t(lang: Lang, key: str, /, **values: object) -> str:
    """The string for `key` in `lang`, falling back to English, then to the key itself."""
    table = catalog().get(key)
    if table is None:
        return key
    text = table.get(lang) or table.get("en") or key
    return text.format(**values) if values else text
