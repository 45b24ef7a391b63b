"""Build the app from command-line options and the settings file, for the CLI and tests."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from tui.app import AgentDeskApp
from tui.clipboard import Clipboard, MemoryClipboard
from tui.domain.clock import Clock
from tui.domain.i18n import as_lang
from tui.services.settings_file import load_settings, resolve_db_path, settings_path

__all__ = ["load_settings", "make_app"]


def make_app(
    *,
    db: Path | str | None = None,
    agent: str | None = None,
    lang: str | None = None,
    config: Path | None = None,
    zone: str | None = None,
    shift_start: time | None = None,
    clock: Clock | None = None,
    clipboard: Clipboard | MemoryClipboard | None = None,
    phone_link: bool = False,
) -> AgentDeskApp:
    from textual.theme import BUILTIN_THEMES

    from tui.keymap import binding_groups

    path = settings_path(config)
    settings, problems = load_settings(path, themes=BUILTIN_THEMES, bindings=binding_groups)
    db_path, _ = resolve_db_path(db, settings)
    return AgentDeskApp(
        db_path=db_path,
        settings=settings,
        problems=problems,
        clock=clock,
        clipboard=clipboard,
        lang=as_lang(lang) if lang else None,
        agent=agent,
        zone=zone,
        shift_start=shift_start,
        config_path=path,
        phone_link=phone_link,
    )
