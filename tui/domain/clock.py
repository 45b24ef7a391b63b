"""Where "now" comes from: the real clock in the app, a hand-wound one in tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import pendulum
from pendulum import DateTime


class Clock(Protocol):
    def now(self) -> DateTime: ...


class SystemClock:
    """The wall clock, always in UTC; convert for display only."""

    def now(self) -> DateTime:
        return pendulum.now("UTC")


class FakeClock:
    """A clock that moves only when told to, so tests never sleep."""

    def __init__(self, start: DateTime | str = "2026-11-24T09:00:00+08:00") -> None:
        if isinstance(start, str):
            parsed = pendulum.parse(start)
            assert isinstance(parsed, DateTime)
            start = parsed
        self._now: DateTime = start.in_timezone("UTC")

    def now(self) -> DateTime:
        return self._now

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> DateTime:
        self._now = self._now.add(seconds=seconds + minutes * 60 + hours * 3600)
        return self._now

    def set(self, when: DateTime) -> None:
        self._now = when.in_timezone("UTC")


def wall_time(when: datetime, *, seconds: bool = False, day: bool = False) -> str:
    """`when` on the wall clock of its own zone: pendulum's "HH:mm", "HH:mm:ss" or, with
    `day`, "MM-DD HH:mm". Written out here because pendulum's `format` loads its locale
    files (importlib.resources, zipfile) on first use: the header's clock would make the
    desk's first frame pay for them."""
    text = f"{when.hour:02d}:{when.minute:02d}"
    if seconds:
        text += f":{when.second:02d}"
    if day:
        text = f"{when.month:02d}-{when.day:02d} {text}"
    return text


def to_iso(when: datetime) -> str:
    """The storage form: UTC, ISO-8601, microseconds kept so ordering is exact.

    The same text as pendulum's `in_timezone("UTC").isoformat()`, in a third of the time
    through the standard library: a call's save writes two, and waits for them."""
    return datetime.isoformat(datetime.astimezone(when, UTC))


def from_iso(text: str) -> DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, DateTime), text
    return parsed.in_timezone("UTC")
