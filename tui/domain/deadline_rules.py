"""Deadline rules: the promise classes and their calendars, read from a TOML file.

The file format is documented in the header of `db/seed/deadlines.toml`. A file
with a mistake is refused whole with a `RulesError` naming the file, the line and
the reason, so the back office learns of a typo before any promise uses it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui.domain.calendars import (
    WEEKDAYS,
    Calendar,
    Names,
    Span,
    SpanError,
    is_supported_country,
    parse_clock,
    parse_spans,
)
from tui.domain.i18n import LANGS

Counting = Literal["business", "wall", "same-day"]
"""How a class's time runs: open hours only, every hour (a 24x7 calendar), or to the day's close."""

DEFAULT_WARNINGS: tuple[str, ...] = ("50%", "due-soon", "overdue")
DEFAULT_DUE_SOON_FRACTION = 0.2
DEFAULT_DUE_SOON_AT_LEAST = timedelta(minutes=30)
SAME_DAY = "same-day"

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m)?$")
_PERCENT = re.compile(r"^(\d{1,2})%$")
# The longest duration a rules file may give: the handbooks' longest promise is 48 hours,
# so a month of counted time is already far past any real rule.
MAX_DURATION = timedelta(hours=744)
_CALENDAR_KEYS = frozenset(
    {"zone", "always_open", "holidays", "makeup_day_hours", "extra_closed", "extra_open", "labels"}
    | set(WEEKDAYS)
)
_CLASS_KEYS = frozenset({"labels", "within", "calendar", "due_soon", "warnings", "cutoff"})


class RulesError(ValueError):
    """A rules file that cannot be used: `str()` reads "deadlines.toml:14: reason"."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.source = source
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return f"{self.source}:{self.line}: {self.reason}"


class RulesUnreadable(RulesError):
    """The rules file itself cannot be read (missing, not UTF-8); `detail` says why."""

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(source, None, f"cannot read the rules file: {detail}")
        self.detail = detail


class UnknownClassError(LookupError):
    """No deadline class with that code in the rule set."""

    def __init__(self, code: str, known: Sequence[str]) -> None:
        super().__init__(f"unknown deadline class {code!r}; known classes: {', '.join(known)}")
        self.code = code
        self.known = tuple(known)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class DeadlineClass:
    """A kind of promise: how long the customer is promised, on which calendar."""

    code: str
    """Stable code, recorded with each promise."""
    labels: Names
    calendar: Calendar
    within: timedelta | None
    """Time to reply, counted on `calendar`; None means "before the day's close"."""
    cutoff: int | None = None
    """Same-day classes only: minutes after midnight after which the next open day applies."""
    due_soon_fraction: float = DEFAULT_DUE_SOON_FRACTION
    due_soon_at_least: timedelta = DEFAULT_DUE_SOON_AT_LEAST
    warnings: tuple[str, ...] = DEFAULT_WARNINGS
    """Warning levels in order: "NN%" of the time used, "due-soon", "overdue"."""

    @property
    def counting(self) -> Counting:
        if self.within is None:
            return "same-day"
        return "wall" if self.calendar.always_open else "business"


@dataclass(frozen=True)
class RuleSet:
    """A parsed rules file. `revision` (a short sha256 of its text) goes with each promise."""

    source: str
    revision: str
    calendars: Mapping[str, Calendar]
    classes: Mapping[str, DeadlineClass]

    def get(self, code: str) -> DeadlineClass:
        """The class with `code`; raises UnknownClassError naming the known ones."""
        found = self.classes.get(code)
        if found is None:
            raise UnknownClassError(code, sorted(self.classes))
        return found


def revision_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a rules file; raises RulesError (also for an unreadable file)."""
    path = Path(path)
    try:
        # Bytes, not text mode: the revision must hash the file exactly as shipped.
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RulesUnreadable(path.name, reason) from None
    return parse_rules(text, source=path.name)


def parse_rules(text: str, source: str = "deadlines.toml") -> RuleSet:
    """Parse and check rules text; raises RulesError with the line of the first mistake."""
    lines = _Lines(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = _toml_error_position(str(exc), lines.count)
        raise RulesError(source, line, f"TOML syntax error: {reason}") from None
    return _Parser(source, lines).rule_set(data, revision_of(text))


class _Parser:
    def __init__(self, source: str, lines: _Lines) -> None:
        self.source = source
        self.lines = lines

    def fail(self, path: Sequence[str], reason: str, needle: str | None = None) -> RulesError:
        return RulesError(self.source, self.lines.find(tuple(path), needle), reason)

    def rule_set(self, data: Mapping[str, object], revision: str) -> RuleSet:
        for key in data:
            if key not in ("calendars", "classes"):
                raise self.fail((key,), f"unknown top-level key {key!r}")
        calendars_table = self.table(data, ("calendars",), required=True)
        classes_table = self.table(data, ("classes",), required=True)
        calendars = {
            name: self.calendar(name, self.table(calendars_table, ("calendars", name)))
            for name in calendars_table
        }
        classes = {
            code: self.deadline_class(code, self.table(classes_table, ("classes", code)), calendars)
            for code in classes_table
        }
        if not classes:
            raise self.fail(("classes",), "no deadline classes defined")
        return RuleSet(self.source, revision, calendars, classes)

    def table(
        self, parent: Mapping[str, object], path: tuple[str, ...], *, required: bool = False
    ) -> Mapping[str, object]:
        value = parent.get(path[-1])
        if value is None and required:
            raise self.fail(path[:-1] or path, f"missing table [{'.'.join(path)}]")
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(path, f"{'.'.join(path)} must be a table")
        return value

    def calendar(self, name: str, table: Mapping[str, object]) -> Calendar:
        path = ("calendars", name)
        self.check_keys(path, table, _CALENDAR_KEYS)
        zone = table.get("zone")
        if not isinstance(zone, str):
            raise self.fail(
                path + ("zone",), f'calendar {name!r} needs a zone, e.g. "Asia/Shanghai"'
            )
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(path + ("zone",), f"unknown time zone {zone!r}") from None
        always_open = table.get("always_open", False)
        if not isinstance(always_open, bool):
            raise self.fail(path + ("always_open",), "always_open must be true or false")
        labels = self.names(path + ("labels",), table["labels"]) if "labels" in table else None
        if always_open:
            for key in table:
                if key not in ("zone", "always_open", "labels"):
                    raise self.fail(
                        path + (key,), f"round-the-clock calendar {name!r} takes no {key!r}"
                    )
            return Calendar(name=name, zone=zone, always_open=True, labels=labels)
        weekly = tuple(self.spans(path, day, table.get(day, [])) for day in WEEKDAYS)
        if not any(weekly):
            raise self.fail(path, f"calendar {name!r} is never open: give hours for some weekday")
        country = table.get("holidays")
        if country is not None and not (isinstance(country, str) and is_supported_country(country)):
            raise self.fail(path + ("holidays",), f"unknown holiday country {country!r}")
        return Calendar(
            name=name,
            zone=zone,
            weekly=weekly,
            country=country if isinstance(country, str) else None,
            makeup_hours=self.makeup(path, table.get("makeup_day_hours"), weekly),
            extra_closed=self.closed_days(path + ("extra_closed",), table.get("extra_closed", [])),
            extra_open=frozenset(
                self.date_list(path + ("extra_open",), table.get("extra_open", []))
            ),
            labels=labels,
        )

    def spans(self, path: tuple[str, ...], key: str, value: object) -> tuple[Span, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(path + (key,), f'{key} must be a list like ["09:00-12:00"]')
        try:
            return parse_spans(value)
        except SpanError as exc:
            raise self.fail(path + (key,), f"{exc.reason} on {key}", needle=exc.text) from None

    def makeup(
        self, path: tuple[str, ...], value: object, weekly: tuple[tuple[Span, ...], ...]
    ) -> tuple[Span, ...] | None:
        key = "makeup_day_hours"
        if value is None:
            return None
        if isinstance(value, str):
            if value not in WEEKDAYS:
                raise self.fail(path + (key,), f"{key} must be a weekday name or a list of spans")
            spans = weekly[WEEKDAYS.index(value)]
            if not spans:
                raise self.fail(path + (key,), f"{key} names {value}, which has no hours")
            return spans
        spans = self.spans(path, key, value)
        if not spans:
            raise self.fail(path + (key,), f"{key} must not be empty")
        return spans

    def closed_days(self, path: tuple[str, ...], value: object) -> dict[date, Names | None]:
        if not isinstance(value, list):
            raise self.fail(path, f"{path[-1]} must be a list of dates")
        found: dict[date, Names | None] = {}
        for item in value:
            if isinstance(item, dict):
                day = self.one_date(path, item.get("date"))
                name = item.get("name")
                found[day] = None if name is None else self.names(path, name)
            else:
                found[self.one_date(path, item)] = None
        return found

    def date_list(self, path: tuple[str, ...], value: object) -> list[date]:
        if not isinstance(value, list):
            raise self.fail(path, f"{path[-1]} must be a list of dates")
        return [self.one_date(path, item) for item in value]

    def one_date(self, path: tuple[str, ...], value: object) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(path, f"bad date {value!r} in {path[-1]}; write 2026-10-01", str(value))

    def names(self, path: tuple[str, ...], value: object) -> Names:
        if isinstance(value, str) and value.strip():
            return Names.same(value)
        if not isinstance(value, dict):
            raise self.fail(path, f"{path[-1]} must be a table with zh, en and ko")
        texts = []
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(path, f"{path[-1]} needs a {lang} text")
            texts.append(text)
        return Names(*texts)

    def deadline_class(
        self, code: str, table: Mapping[str, object], calendars: Mapping[str, Calendar]
    ) -> DeadlineClass:
        path = ("classes", code)
        if not _CODE.match(code):
            raise self.fail(path, f"class code {code!r} must be lower-case letters, digits, '-'")
        self.check_keys(path, table, _CLASS_KEYS)
        if "labels" not in table:
            raise self.fail(path, f"class {code!r} has no labels (zh, en, ko)")
        labels = self.names(path + ("labels",), table["labels"])
        within_text = table.get("within")
        if within_text is None:
            raise self.fail(
                path, f'class {code!r} has no duration: add within = "2h" or "same-day"'
            )
        within = self.within(path + ("within",), within_text)
        calendar_name = table.get("calendar")
        if not isinstance(calendar_name, str):
            raise self.fail(path, f"class {code!r} names no calendar")
        calendar = calendars.get(calendar_name)
        if calendar is None:
            raise self.fail(path + ("calendar",), f"unknown calendar {calendar_name!r}")
        cutoff = None
        if "cutoff" in table:
            cutoff_text = table["cutoff"]
            if within is not None:
                raise self.fail(path + ("cutoff",), "cutoff applies to same-day classes only")
            if not isinstance(cutoff_text, str):
                raise self.fail(path + ("cutoff",), 'cutoff must be a time like "16:00"')
            try:
                cutoff = parse_clock(cutoff_text)
            except ValueError as exc:
                raise self.fail(path + ("cutoff",), str(exc)) from None
        fraction, at_least = self.due_soon(path + ("due_soon",), table.get("due_soon", {}))
        return DeadlineClass(
            code=code,
            labels=labels,
            calendar=calendar,
            within=within,
            cutoff=cutoff,
            due_soon_fraction=fraction,
            due_soon_at_least=at_least,
            warnings=self.warnings(path + ("warnings",), table.get("warnings", DEFAULT_WARNINGS)),
        )

    def within(self, path: tuple[str, ...], value: object) -> timedelta | None:
        if value == SAME_DAY:
            return None
        if isinstance(value, str):
            amount = parse_duration(value)
            if amount is not None:
                return amount
            if _DURATION.match(value.strip()) and value.strip().strip("0hm "):
                raise self.fail(
                    path,
                    f"duration {value!r} is longer than the {_hours(MAX_DURATION)} a promise"
                    " may run",
                )
        raise self.fail(path, f'bad duration {value!r}; write e.g. "2h", "1h30m" or "same-day"')

    def due_soon(self, path: tuple[str, ...], value: object) -> tuple[float, timedelta]:
        if not isinstance(value, dict):
            raise self.fail(path, 'due_soon must be a table { fraction = 0.2, at_least = "30m" }')
        self.check_keys(path, value, frozenset({"fraction", "at_least"}))
        fraction = value.get("fraction", DEFAULT_DUE_SOON_FRACTION)
        if (
            isinstance(fraction, bool)
            or not isinstance(fraction, int | float)
            or not 0 <= fraction < 1
        ):
            raise self.fail(path, f"due_soon fraction {fraction!r} must be from 0 to below 1")
        at_least_text = value.get("at_least")
        at_least = DEFAULT_DUE_SOON_AT_LEAST
        if at_least_text is not None:
            parsed = parse_duration(at_least_text) if isinstance(at_least_text, str) else None
            if parsed is None:
                raise self.fail(path, f"bad duration {at_least_text!r} for due_soon at_least")
            at_least = parsed
        return float(fraction), at_least

    def warnings(self, path: tuple[str, ...], value: object) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or not value:
            raise self.fail(path, "warnings must be a non-empty list")
        for item in value:
            match = _PERCENT.match(item) if isinstance(item, str) else None
            if item in ("due-soon", "overdue") or (match and 0 < int(match[1]) < 100):
                continue
            raise self.fail(
                path, f'unknown warning level {item!r}; use "NN%", "due-soon" or "overdue"'
            )
        if len(set(value)) != len(value):
            raise self.fail(path, "a warning level is listed twice")
        return tuple(str(item) for item in value)

    def check_keys(
        self, path: tuple[str, ...], table: Mapping[str, object], allowed: frozenset[str]
    ) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(path + (key,), f"unknown key {key!r} in [{'.'.join(path)}]")


def _hours(amount: timedelta) -> str:
    return f"{amount // timedelta(hours=1)}h"


def parse_duration(text: str) -> timedelta | None:
    """`"2h"`, `"90m"`, `"1h30m"` -> timedelta; None if malformed, zero or longer than
    MAX_DURATION (the caller says so: `within = "99999999h"` is a typo, not a promise)."""
    match = _DURATION.match(text.strip())
    if match is None or not (match[1] or match[2]):
        return None
    # Compare digits before building a timedelta: a long enough number overflows one.
    hours, minutes = int(match[1] or 0), int(match[2] or 0)
    if hours * 60 + minutes > MAX_DURATION // timedelta(minutes=1):
        return None
    amount = timedelta(hours=hours, minutes=minutes)
    return amount if amount > timedelta(0) else None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def _toml_error_position(message: str, line_count: int) -> tuple[int, str]:
    match = _TOML_POSITION.search(message)
    if match:
        return int(match[1]), message[: match.start()]
    return line_count, message.replace(" (at end of document)", "")


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_HEADER_LINE = re.compile(rf"^\s*\[\[?\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_PARTS = re.compile(_KEY_PART)


class _Lines:
    """Where each table header and key sits in the text, for error line numbers.

    tomllib reports lines only for syntax errors, so the meaning checks find their
    line by scanning the text the way TOML lays out tables and keys.
    """

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines()
        self.count = max(len(self.text_lines), 1)
        self.where: dict[tuple[str, ...], int] = {}
        self.key_lines: set[int] = set()
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.text_lines, start=1):
            header = _HEADER_LINE.match(line)
            if header:
                table = _split(header[1])
                self.where.setdefault(table, number)
                self.key_lines.add(number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                self.where.setdefault(table + _split(key[1]), number)
                self.key_lines.add(number)

    def find(self, path: tuple[str, ...], needle: str | None = None) -> int:
        """The line of `path` (or its nearest ancestor); with `needle`, the line holding it."""
        for size in range(len(path), 0, -1):
            line = self.where.get(path[:size])
            if line is not None:
                return self.search(line, needle) if needle and size == len(path) else line
        return 1

    def search(self, line: int, needle: str) -> int:
        # A key's value may run over several lines (a multi-line array); stop at the next key.
        for number in range(line, self.count + 1):
            if number != line and number in self.key_lines:
                break
            if needle in self.text_lines[number - 1]:
                return number
        return line


def _split(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _PARTS.findall(dotted))
