"""Where files live: the database, the config, and the shipped SQL and seed data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "agentdesk"


def db_dir() -> Path:
    """`db/` beside the package in a checkout, `tui/_db` inside an installed wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_db", here.parent / "db"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("agentdesk's db/ folder (migrations and seed data) is missing")


def default_db_path() -> Path:
    env = os.environ.get("AGENTDESK_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "agentdesk.sqlite3"


def crash_dir() -> Path:
    """Crash reports: the user state folder (on Linux `~/.local/state/agentdesk/crashes`,
    or under `$XDG_STATE_HOME`)."""
    return Path(platformdirs.user_state_dir(APP_NAME)) / "crashes"


def cache_dir() -> Path:
    """What can be rebuilt at any time (the merged string catalog): the user cache folder,
    on Linux `~/.cache/agentdesk` or under `$XDG_CACHE_HOME`."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def default_config_path() -> Path:
    env = os.environ.get("AGENTDESK_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
