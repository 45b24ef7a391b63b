"""The settings file and the database it may name, read without Textual, so the desk and
every subcommand agree on which file they work on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs

from tui.domain.settings import Settings, SettingsProblem, parse_settings
from tui.store.paths import APP_NAME, default_config_path

DbSource = Literal["--db", "AGENTDESK_DB", "config", "default"]


def load_settings(path: Path) -> tuple[Settings, list[SettingsProblem]]:
    if not path.exists():
        return Settings(), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [SettingsProblem(None, f"{path}: {exc}")]
    settings, problems = parse_settings(text)
    return settings, [SettingsProblem(p.line, f"{path.name}: {p.message}") for p in problems]


def resolve_db_path(explicit: Path | str | None, settings: Settings) -> tuple[Path, DbSource]:
    """--db, then AGENTDESK_DB, then the settings file's `database`, then the user data
    folder: the one order the README documents, for the desk and every subcommand."""
    if explicit is not None:
        return Path(explicit).expanduser(), "--db"
    env = os.environ.get("AGENTDESK_DB")
    if env:
        return Path(env).expanduser(), "AGENTDESK_DB"
    if settings.db_path:
        return Path(settings.db_path).expanduser(), "config"
    return Path(platformdirs.user_data_dir(APP_NAME)) / "agentdesk.sqlite3", "default"


def settings_path(explicit: Path | None) -> Path:
    return explicit.expanduser() if explicit is not None else default_config_path()
