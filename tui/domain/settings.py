"""The agent's settings file (TOML): parsed strictly, reported by line, never fatal.

A broken settings file must not keep an agent off the phones: `parse_settings` always
returns usable settings plus the problems it found, each naming its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from tui.domain.break_policy import BreakPolicy
from tui.domain.i18n import LANGS, Lang, as_lang, t
from tui.domain.keymap import BindingGroups, read_keymap
from tui.domain.shift import parse_clock_time
from tui.domain.zones import is_zone

MAX_AGENT_NAME = 40
STATION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""A workstation's name: what a host name may hold, short enough for the lead's board."""
_CENTRAL = re.compile(r"^(sqlite|postgresql|postgres)://\S+$", re.IGNORECASE)
MAX_RECOVERIES = 50
"""How many broken lines are set aside to look for more mistakes behind them."""


@dataclass(frozen=True)
class SettingsProblem:
    """One mistake in the settings file: where, and what, as a catalog code.

    `key` is the setting that keeps its default because of it ("" when nothing falls
    back, as for an unknown key); `whole_file` is a mistake that keeps the whole file
    from being read, so that every setting keeps its default.
    """

    line: int | None
    code: str
    values: Mapping[str, str] = field(default_factory=dict)
    key: str = ""
    whole_file: bool = False

    def text(self, lang: Lang) -> str:
        """The mistake in the agent's language, without its line."""
        if self.code.startswith("breaks."):
            reason = t(lang, f"config.{self.code}", **self.values)
            return t(lang, "config.setting_problem", key=self.key, reason=reason)
        return t(lang, f"config.error.{self.code}", **self.values)

    def line_text(self, lang: Lang) -> str:
        if self.line is None:
            return self.text(lang)
        return t(lang, "config.line", line=self.line, problem=self.text(lang))

    @property
    def message(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return self.line_text("en")


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
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> the keys the agent chose (comma-separated, Textual's names)."""
    central: str = field(default="", repr=False)
    """The central store's URL (sqlite:/// or postgresql://): where `agentdesk sync` sends
    this workstation's records, and, set, where the desk pushes all day. Never shown: it
    may hold a password."""
    station: str = ""
    """This workstation's name in the central store; empty: the host's name."""


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_ASSIGN = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)


def _key_parts(text: str) -> str:
    """A TOML key as written (`desk . "new_call"`) as one dotted name (`desk.new_call`)."""
    parts = re.findall(r"[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'", text)
    return ".".join(part.strip("\"'") for part in parts)


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The 1-based line where `key` is assigned (inside `[table]` when given); a dotted
    key is found written either way (`desk.new_call = ` or `"desk.new_call" = `)."""
    in_table = table is None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            in_table = table is not None and _key_parts(match[1]) == table
            continue
        assign = _ASSIGN.match(line)
        if in_table and assign and _key_parts(assign[1]) == key:
            return number
    return None


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_MISTAKES = (
    ("Illegal character '\\n'", "toml_quote"),
    ("Unterminated string", "toml_quote"),
    ('Expected "\'"', "toml_quote"),
    ("Expected '=' after a key", "toml_equals"),
    ("Invalid value", "toml_value"),
    ("Cannot overwrite", "toml_twice"),
    ("Cannot declare", "toml_twice"),
    ("Cannot mutate", "toml_twice"),
    ("Unclosed", "toml_bracket"),
    ("Expected ']'", "toml_bracket"),
    ("Expected newline or end of document", "toml_one_per_line"),
)


def _close_matches(word: str, choices: list[str], n: int, cutoff: float = 0.6) -> list[str]:
    from difflib import get_close_matches  # only for a mistake: kept off the desk's start

    return get_close_matches(word, choices, n=n, cutoff=cutoff)


def _syntax_mistakes(text: str) -> tuple[dict[str, Any] | None, list[SettingsProblem]]:
    """The parsed file with every syntax mistake found: each broken line is set aside and
    the rest read again, so one mistake does not hide the next. The data is what the
    file holds without its broken lines (None when even that cannot be read)."""
    import tomllib  # only with a settings file: a desk without one never loads it

    problems: list[SettingsProblem] = []
    lines = text.splitlines()
    for _ in range(MAX_RECOVERIES):
        try:
            return tomllib.loads("\n".join(lines)), problems
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            code = next((c for start, c in _TOML_MISTAKES if message.startswith(start)), "toml")
            match = _TOML_LINE.search(message)
            if match is None:  # "at end of document": a bracket or quote left open
                last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=1)
                code = "toml_quote" if code == "toml_quote" else "toml_unclosed"
                problems.append(SettingsProblem(last, code, whole_file=True))
                return None, problems
            number = int(match[1])
            problems.append(SettingsProblem(number, code, whole_file=True))
            if number > len(lines) or not lines[number - 1]:
                return None, problems
            lines[number - 1] = ""
    return None, problems


def parse_settings(
    text: str,
    *,
    themes: Collection[str] | None = None,
    bindings: Callable[[], BindingGroups] | None = None,
) -> tuple[Settings, list[SettingsProblem]]:
    """Settings from the file's text, and every mistake in it, each with its line.

    A key with a mistake keeps its default and the others are used; a file that is not
    valid TOML is not used at all (every setting keeps its default), but the rest of it
    is still checked so that all its mistakes are told at once. `themes` are the names
    a theme may have and `bindings` gives the keymap's binding ids (the app's to know);
    without them those are not checked.
    """
    data, problems = _syntax_mistakes(text)
    settings = Settings()
    if data is not None:
        settings, more = _read(data, text, themes, bindings)
        problems += more
    if any(problem.whole_file for problem in problems):
        settings = Settings()
    return settings, sorted(problems, key=_order)


def _order(problem: SettingsProblem) -> int:
    return problem.line if problem.line is not None else 0


def _read(
    data: Mapping[str, Any],
    text: str,
    themes: Collection[str] | None,
    bindings: Callable[[], BindingGroups] | None,
) -> tuple[Settings, list[SettingsProblem]]:
    problems: list[SettingsProblem] = []
    settings = Settings()

    def bad(setting: str, code: str, falls_back: bool = True, **values: object) -> None:
        problems.append(
            SettingsProblem(
                line_of(text, setting),
                code,
                {name: str(value) for name, value in values.items()},
                setting if falls_back else "",
            )
        )

    known = {
        "language", "agent", "database", "theme", "zone", "shift_start", "breaks", "keymap",
        "central", "station",
    }  # fmt: skip
    for key in data:
        if key not in known:
            bad(key, "unknown_key", False, key=repr(key), known=", ".join(sorted(known)))

    if "language" in data:
        value = data["language"]
        try:
            settings = replace(settings, lang=as_lang(str(value)))
        except ValueError:
            bad("language", "language", choices=", ".join(LANGS), value=repr(value))
    if "agent" in data:
        value = data["agent"]
        if not isinstance(value, str) or not value.strip():
            bad("agent", "agent_empty")
        elif len(value) > MAX_AGENT_NAME:
            bad("agent", "agent_long", max=MAX_AGENT_NAME)
        else:
            settings = replace(settings, agent=value.strip())
    if "database" in data:
        value = data["database"]
        if not isinstance(value, str) or not value.strip():
            bad("database", "database")
        else:
            settings = replace(settings, db_path=value)
    if "central" in data:
        value = data["central"]
        if not isinstance(value, str) or not _CENTRAL.match(value.strip()):
            bad("central", "central")  # never echoed: it may hold a password
        else:
            settings = replace(settings, central=value.strip())
    if "station" in data:
        value = data["station"]
        if not isinstance(value, str) or not STATION_NAME.fullmatch(value):
            bad("station", "station", value=repr(value))
        else:
            settings = replace(settings, station=value)
    if "theme" in data:
        value = data["theme"]
        if not isinstance(value, str) or not value or (themes is not None and value not in themes):
            near = _close_matches(str(value), sorted(themes or ()), n=3, cutoff=0.5)
            examples = near or ["textual-dark", "nord", "dracula"]
            bad("theme", "theme", value=repr(value), examples=", ".join(examples))
        else:
            settings = replace(settings, theme=value)
    if "zone" in data:
        value = data["zone"]
        if not isinstance(value, str) or not is_zone(value):
            bad("zone", "zone", value=repr(value))
        else:
            settings = replace(settings, zone=value)
    if "shift_start" in data:
        value = data["shift_start"]
        start = parse_clock_time(value) if isinstance(value, str) else None
        if isinstance(value, time):  # a TOML local time, 22:00:00, written without quotes
            start = value.replace(second=0, microsecond=0)
        if start is None:
            bad("shift_start", "shift_start", value=repr(value))
        else:
            settings = replace(settings, shift_start=start)
    if "breaks" in data:
        if isinstance(data["breaks"], dict):
            policy, errors = BreakPolicy.read_table(
                data["breaks"], line_of=lambda key: line_of(text, key, "breaks")
            )
            settings = replace(settings, breaks=policy)
            problems += [
                SettingsProblem(
                    error.line,
                    f"breaks.{error.code}",
                    error.values,
                    f"breaks.{error.key}",
                )
                for error in errors
            ]
        else:
            bad("breaks", "not_table", name="breaks")
    if "keymap" in data:
        if isinstance(data["keymap"], dict):
            keymap, mistakes = read_keymap(data["keymap"], bindings() if bindings else None)
            settings = replace(settings, keymap=keymap)
            for mistake in mistakes:
                values = dict(mistake.values)
                code = mistake.code
                if code == "unknown_binding" and bindings is not None:
                    ids = sorted({b for group in bindings() for b in group})
                    near = _close_matches(mistake.binding, ids, n=1)
                    if near:
                        code, values["near"] = "unknown_binding_near", near[0]
                problems.append(
                    SettingsProblem(
                        line_of(text, mistake.binding, "keymap"),
                        f"keymap_{code}",
                        values,
                        f"keymap.{mistake.binding}",
                    )
                )
        else:
            bad("keymap", "not_table", name="keymap")
    return settings, problems
