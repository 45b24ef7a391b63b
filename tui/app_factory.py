"""Build the app from command-line options and the settings file, for the CLI and tests."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from tui.app import AgentDeskApp
from tui.clipboard import Clipboard, MemoryClipboard
from tui.domain.clock import Clock
from tui.domain.i18n import as_lang
from tui.domain.settings import Settings, SettingsProblem, parse_settings
from tui.store.paths import default_config_path, default_db_path


def load_settings(path: Path) -> tuple[Settings, list[SettingsProblem]]:
    if not path.exists():
        return Settings(), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [SettingsProblem(None, f"{path}: {exc}")]
    settings, problems = parse_settings(text)
    return settings, [SettingsProblem(p.line, f"{path.name}: {p.message}") for p in problems]


def make_app(
    *,
    db: Path | None = None,
    agent: str | None = None,
    lang: str | None = None,
    config: Path | None = None,
    zone: str | None = None,
    shift_start: time | None = None,
    clock: Clock | None = None,
    clipboard: Clipboard | MemoryClipboard | None = None,
) -> AgentDeskApp:
    settings, problems = load_settings(config or default_config_path())
    db_path = db or (Path(settings.db_path).expanduser() if settings.db_path else None)
    return AgentDeskApp(
        db_path=db_path or default_db_path(),
        settings=settings,
        problems=problems,
        clock=clock,
        clipboard=clipboard,
        lang=as_lang(lang) if lang else None,
        agent=agent,
        zone=zone,
        shift_start=shift_start,
    )
