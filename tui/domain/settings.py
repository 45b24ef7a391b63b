"""The agent's settings file (TOML): parsed strictly, reported by line, never fatal.

A broken settings file must not keep an agent off the phones: `parse_settings` always
returns usable settings plus the problems it found, each naming its line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import time

from tui.domain.break_policy import BreakPolicy, PolicyError
from tui.domain.i18n import LANGS, Lang, as_lang
from tui.domain.shift import parse_clock_time
from tui.domain.zones import is_zone

THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "tokyo-night", "monokai")
MAX_AGENT_NAME = 40


@dataclass(frozen=True)
class SettingsProblem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Settings:
    lang: Lang = "zh"
    agent: str = ""
    db_path: str = ""
    theme: str = "textual-dark"
    zone: str = ""
    """The desk's IANA time zone; empty means the system's."""
    shift_start: time | None = None
    """When the agent's shift starts, in the desk's zone; None: from the records."""
    breaks: BreakPolicy = field(default_factory=BreakPolicy)


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The 1-based line where `key` is assigned (inside `[table]` when given)."""
    in_table = table is None
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    assign = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            in_table = table is not None and match[1] == table
            continue
        if in_table and assign.match(line):
            return number
    return None


_TOML_LINE = re.compile(r"at line (\d+)")


def parse_settings(text: str) -> tuple[Settings, list[SettingsProblem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).replace("()", "").strip(" ,")
        return Settings(), [SettingsProblem(int(match[1]) if match else None, reason)]

    problems: list[SettingsProblem] = []
    settings = Settings()

    def bad(key: str, message: str, table: str | None = None) -> None:
        problems.append(SettingsProblem(line_of(text, key, table), message))

    known = {"language", "agent", "database", "theme", "zone", "shift_start", "breaks"}
    for key in data:
        if key not in known:
            bad(key, f"unknown setting {key!r} (known: {', '.join(sorted(known))})")

    if "language" in data:
        value = data["language"]
        try:
            settings = replace(settings, lang=as_lang(str(value)))
        except ValueError:
            bad("language", f"language must be one of {', '.join(LANGS)}, not {value!r}")
    if "agent" in data:
        value = data["agent"]
        if not isinstance(value, str) or not value.strip():
            bad("agent", "agent must be a non-empty name in quotes")
        elif len(value) > MAX_AGENT_NAME:
            bad("agent", f"agent name is longer than {MAX_AGENT_NAME} characters")
        else:
            settings = replace(settings, agent=value.strip())
    if "database" in data:
        value = data["database"]
        if not isinstance(value, str) or not value.strip():
            bad("database", "database must be a file path in quotes")
        else:
            settings = replace(settings, db_path=value)
    if "theme" in data:
        value = data["theme"]
        if value not in THEMES:
            bad("theme", f"theme must be one of {', '.join(THEMES)}, not {value!r}")
        else:
            settings = replace(settings, theme=str(value))
    if "zone" in data:
        value = data["zone"]
        if not isinstance(value, str) or not is_zone(value):
            bad("zone", f'zone must be an IANA time zone such as "Asia/Shanghai", not {value!r}')
        else:
            settings = replace(settings, zone=value)
    if "shift_start" in data:
        value = data["shift_start"]
        start = parse_clock_time(value) if isinstance(value, str) else None
        if isinstance(value, time):  # a TOML local time, 22:00:00, written without quotes
            start = value.replace(second=0, microsecond=0)
        if start is None:
            bad(
                "shift_start",
                f'shift_start must be a time of day in quotes ("22:00"), not {value!r}',
            )
        else:
            settings = replace(settings, shift_start=start)
    if "breaks" in data:
        if isinstance(data["breaks"], dict):
            try:
                policy = BreakPolicy.from_table(
                    data["breaks"], line_of=lambda key: line_of(text, key, "breaks")
                )
                settings = replace(settings, breaks=policy)
            except PolicyError as exc:
                problems.append(SettingsProblem(exc.line, f"breaks.{exc.key}: {exc.reason}"))
        else:
            bad("breaks", "breaks must be a table: [breaks]")
    return settings, problems
