"""Where the central store is, from `--central URL` or `central` in config.toml.

`sqlite:///path/central.db` (the embedded default) or `postgresql://user@host/db`. The
password may sit in the URL, but nothing this module shows carries it: `shown` is the
form every message, log line and summary uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

Backend = Literal["sqlite", "postgresql"]


class BadCentralUrl(ValueError):
    """A URL that names no store we can open; the message never repeats a password."""


@dataclass(frozen=True)
class CentralUrl:
    backend: Backend
    raw: str
    """As given, password and all: for the driver only, never shown."""
    shown: str
    path: Path | None = None
    """The SQLite file, for `sqlite:` URLs."""
    host: str = ""

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"CentralUrl({self.shown!r})"


_USERINFO_PASSWORD = re.compile(r"(://[^/@:]*):[^/@]*@")


def _without_password(url: str) -> str:
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # a URL too broken to split still must not show its password
        return _USERINFO_PASSWORD.sub(r"\1@", url)
    if password is None:
        return url
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def parse_central_url(text: str) -> CentralUrl:
    text = text.strip()
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise BadCentralUrl(
            "expected sqlite:///path/central.db or postgresql://user@host/db, "
            f"not {_without_password(text)!r}"
        )
    if scheme == "sqlite":
        # As SQLAlchemy reads them: sqlite:///relative.db, sqlite:////absolute.db.
        if not rest.startswith("/") or rest == "/":
            raise BadCentralUrl(
                f"a SQLite central store is a file: sqlite:///path/central.db, not {text!r}"
            )
        path = Path(unquote(rest[1:]))
        return CentralUrl("sqlite", text, text, path=path)
    if scheme in ("postgresql", "postgres"):
        try:
            host = urlsplit(text).hostname or "localhost"
        except ValueError as exc:
            raise BadCentralUrl(f"{_without_password(text)}: {exc}") from None
        if not host:
            raise BadCentralUrl(f"{_without_password(text)}: no host")
        return CentralUrl("postgresql", text, _without_password(text), host=host)
    raise BadCentralUrl(f"unknown central store {scheme!r}: expected sqlite:/// or postgresql://")
