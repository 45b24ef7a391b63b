"""Open the central store a URL names, on the backend it names."""

from __future__ import annotations

from tui.central.connection import Central, SqliteCentral
from tui.central.url import CentralUrl, parse_central_url


def open_central(url: CentralUrl | str) -> Central:
    """Open (not migrate) the store `url` names; `CentralError` in one line if we can't."""
    if isinstance(url, str):
        url = parse_central_url(url)
    if url.backend == "sqlite":
        return SqliteCentral(url)
    from tui.central.postgres import PostgresCentral

    return PostgresCentral(url)
