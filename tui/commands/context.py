"""What the `agentdesk` group's options leave for its subcommands: the database and
settings file to use, and the language. A subcommand run on its own (tests, scripts)
falls back to the environment and the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from tui.domain.i18n import as_lang, t
from tui.services.settings_file import DbSource, load_settings, resolve_db_path, settings_path


@dataclass(frozen=True)
class GroupOptions:
    db: Path | None = None
    config: Path | None = None
    lang: str | None = None
    agent: str | None = None


def group_options(ctx: click.Context | None = None) -> GroupOptions:
    ctx = ctx or click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, GroupOptions):
            return ctx.obj
        ctx = ctx.parent
    return GroupOptions()


def database(own: Path | None = None, *, warn_as: str = "agentdesk") -> tuple[Path, DbSource]:
    """The database a subcommand works on: its own --db, the group's --db, AGENTDESK_DB,
    the settings file's `database`, the default. When the settings file is consulted and
    has mistakes, they are said on stderr (the file still counts for what it got right)."""
    options = group_options()
    explicit = own if own is not None else options.db
    config = settings_path(options.config)
    settings, problems = load_settings(config)
    path, source = resolve_db_path(explicit, settings)
    if source in ("config", "default"):
        lang = as_lang(language(None))
        unread = any(problem.whole_file for problem in problems)
        done = t(lang, "config.cli_unread" if unread else "config.cli_ignored")
        for problem in problems:
            click.echo(f"{warn_as}: {config.name}: {problem.line_text(lang)}; {done}", err=True)
    return path, source


def language(own: str | None, default: str = "en") -> str:
    """A subcommand's --lang, else the group's --lang, else `default`."""
    return own or group_options().lang or default


def configured_language() -> str | None:
    """The `language` the settings file sets for the agent's desk, when it sets a valid
    one: what a command's output is written in unless --lang says otherwise. A file with
    mistakes is reported by the desk; here it only sets no language."""
    import tomllib  # kept off the desk's start, which reads the file its own way

    path = settings_path(group_options().config)
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if value in ("zh", "en", "ko") else None
