"""The settings file and the database it may name, read without Textual, so the desk and
every subcommand agree on which file they work on."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Literal

import platformdirs

from tui.domain.i18n import Lang, t
from tui.domain.keymap import BindingGroups
from tui.domain.settings import Settings, SettingsProblem, parse_settings
from tui.services.whole_files import written_whole
from tui.store.paths import APP_NAME, default_config_path

DbSource = Literal["--db", "AGENTDESK_DB", "config", "default"]


def load_settings(
    path: Path,
    *,
    themes: Collection[str] | None = None,
    bindings: Callable[[], BindingGroups] | None = None,
) -> tuple[Settings, list[SettingsProblem]]:
    """The settings in `path` and every mistake in it (see `parse_settings`); a file
    that cannot be read at all is one mistake, and every setting keeps its default."""
    if not path.exists():
        return Settings(), []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Settings(), [SettingsProblem(None, "not_utf8", whole_file=True)]
    except PermissionError:
        return Settings(), [SettingsProblem(None, "no_permission", whole_file=True)]
    except IsADirectoryError:
        return Settings(), [SettingsProblem(None, "is_folder", whole_file=True)]
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        return Settings(), [
            SettingsProblem(None, "unreadable", {"detail": detail}, whole_file=True)
        ]
    return parse_settings(text, themes=themes, bindings=bindings)


def problems_notice(path: Path, problems: Sequence[SettingsProblem], lang: Lang) -> str:
    """Every mistake of the file, one a line, under a line that says what was done
    about them: that file is not used at all, or only the mistaken settings are not."""
    unread = any(problem.whole_file for problem in problems)
    head = t(lang, "config.notice_unread" if unread else "config.notice_ignored", file=path.name)
    return "\n".join([head, *(problem.line_text(lang) for problem in problems)])


def save_setting(path: Path, key: str, value: str) -> None:
    """Set one top-level setting in the file, keeping everything else in it as written
    (comments, order, blank lines), through tomlkit. The new file is written beside the
    old one, readable by its owner only (0600), and put in its place only when complete.

    Raises ValueError when the file is not valid TOML (it would be rewritten wrongly:
    the agent fixes it first) and OSError when it cannot be written."""
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    document = tomlkit.parse(text)  # raises a ValueError subclass on a broken file
    document[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path) as stream:
        stream.write(tomlkit.dumps(document).encode("utf-8"))


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
