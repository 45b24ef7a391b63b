"""Business calendars: when a promise's clock runs, and how business time adds up.

A calendar is either open round the clock, or open during spans of local wall-clock
time per weekday in one IANA zone, minus public holidays (the `holidays` library, by
country) and extra closed days, plus make-up working days (调休, e.g. Sunday
2026-01-04 in China) on which the calendar's workday hours apply.

Instants go in as aware datetimes and come out as UTC `pendulum.DateTime`s. All
arithmetic is done on UTC instants, so a daylight-saving change costs or adds real
hours exactly as the wall clock says. A span runs from the first instant the wall
clock reaches its start to the first instant it reaches its end: a time inside a
DST gap resolves to the transition, a time that occurs twice to its first occurrence.

The walk goes day by day over open intervals (never minute by minute), and each
day's intervals and each country-year of holidays are computed once and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pendulum import UTC as PENDULUM_UTC
from pendulum import DateTime

from tui.domain.i18n import LANGS, Lang

DayKind = Literal["open", "weekend", "holiday", "closed"]
"""`weekend`: a regular rest day (no weekly hours); `holiday`: a public holiday;
`closed`: an extra closed day listed in the rules file."""
GapKind = Literal["break", "night", "weekend", "holiday", "closed"]
"""Why a stretch of closed time was skipped; the strongest reason found in it wins."""

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 1440
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
# A calendar with no open time for ten years is broken; stop walking instead of hanging.
_SEARCH_DAYS = 3700
_DAY_CACHE_LIMIT = 20_000


class Names(NamedTuple):
    """A text in each language the desk speaks."""

    zh: str
    en: str
    ko: str

    def get(self, lang: Lang) -> str:
        text: str = getattr(self, lang)
        return text

    @classmethod
    def same(cls, text: str) -> Names:
        return cls(text, text, text)


class Span(NamedTuple):
    """Open hours within one local day, in minutes after midnight; `end` may be 1440 (24:00)."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{clock_text(self.start)}-{clock_text(self.end)}"


class SpanError(ValueError):
    """A badly written or overlapping span; `text` is the offending item as written."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_SPAN = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(text: str) -> int:
    """`"09:30"` -> 570 minutes after midnight; `"24:00"` is allowed as a day's end."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"bad time {text!r}; write it as HH:MM")
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"bad time {text!r}; use 00:00 to 24:00")
    return hours * 60 + minutes


def parse_span(text: str) -> Span:
    """`"09:00-12:00"` -> Span(540, 720). Raises SpanError."""
    match = _SPAN.match(text)
    if match is None:
        raise SpanError(f"bad time span {text!r}; write it as HH:MM-HH:MM", text)
    try:
        start, end = parse_clock(match[1]), parse_clock(match[2])
    except ValueError as exc:
        raise SpanError(f"{exc} in span {text!r}", text) from None
    if end <= start:
        raise SpanError(f"span {text!r} ends before it starts", text)
    return Span(start, end)


def parse_spans(texts: Sequence[str]) -> tuple[Span, ...]:
    """Spans of one day, sorted; touching spans are fine, overlapping ones raise SpanError."""
    parsed = sorted((parse_span(text), text) for text in texts)
    for (before, _), (after, text) in zip(parsed, parsed[1:], strict=False):
        if after.start < before.end:
            raise SpanError(f"overlapping hours {before} and {after}", text)
    return tuple(span for span, _ in parsed)


@dataclass(frozen=True)
class Day:
    """One local calendar day: what kind it is and its open intervals as UTC instants."""

    date: date
    kind: DayKind
    intervals: tuple[tuple[datetime, datetime], ...]
    makeup: bool = False
    """An extra or make-up working day (调休), open on the calendar's workday hours."""


@dataclass(frozen=True)
class ClosedDay:
    """A whole day without open hours inside a skipped stretch."""

    date: date
    kind: DayKind
    names: Names | None
    """The holiday's (or extra closed day's) name in each language, when it has one."""


@dataclass(frozen=True)
class ClosedSpan:
    """A stretch of closed time between `start` and `end` (UTC) that the clock skipped."""

    start: DateTime
    end: DateTime
    kind: GapKind
    days: tuple[ClosedDay, ...]


@dataclass(frozen=True, eq=False)
class Calendar:
    """When the clock runs. Build one directly or through `deadline_rules.parse_rules`."""

    name: str
    zone: str
    """IANA zone the hours are read in."""
    weekly: tuple[tuple[Span, ...], ...] = ((),) * 7
    """Open spans for Monday .. Sunday."""
    always_open: bool = False
    """Round the clock, every day: business time is wall time."""
    country: str | None = None
    """Country code for the `holidays` library, e.g. "CN" or "KR"."""
    makeup_hours: tuple[Span, ...] | None = None
    """Hours on make-up working days and extra working days; None: the first weekday's hours."""
    extra_closed: Mapping[date, Names | None] = field(default_factory=dict)
    """Closed days beyond the public holidays, each with an optional name."""
    extra_open: frozenset[date] = frozenset()
    """Working days beyond the make-up days the `holidays` library knows."""
    labels: Names | None = None
    _tz: ZoneInfo = field(init=False, repr=False)
    _days: dict[date, Day] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        try:
            tz = ZoneInfo(self.zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.zone!r}") from None
        if len(self.weekly) != 7:
            raise ValueError("weekly hours need seven days, Monday first")
        if not self.always_open and not any(self.weekly):
            raise ValueError(f"calendar {self.name!r} is never open")
        object.__setattr__(self, "_tz", tz)

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def workday_hours(self) -> tuple[Span, ...]:
        """The hours of a make-up working day."""
        if self.makeup_hours is not None:
            return self.makeup_hours
        return next(spans for spans in self.weekly if spans)

    def label(self, lang: Lang) -> str:
        """The display name in `lang`, or the calendar's name when it has no labels."""
        return self.labels.get(lang) if self.labels else self.name

    def day(self, day: date) -> Day:
        """The kind and open intervals of a local date (cached)."""
        found = self._days.get(day)
        if found is None:
            if len(self._days) >= _DAY_CACHE_LIMIT:
                self._days.clear()
            found = self._days[day] = self._make_day(day)
        return found

    def is_open(self, when: datetime) -> bool:
        """Whether the clock runs at `when` (an opening instant is open, a closing one is not)."""
        at = _utc(when)
        local = at.astimezone(self._tz).date()
        for offset in (-1, 0):
            for start, end in self.day(local + timedelta(days=offset)).intervals:
                if start <= at < end:
                    return True
        return False

    def next_open(self, when: datetime) -> DateTime:
        """`when` itself if the calendar is open then, else the next opening."""
        at = _utc(when)
        for start, _, _ in _intervals_from(self, at):
            return _out(max(start, at))
        raise AssertionError("_intervals_from ends only by raising")

    def _make_day(self, day: date) -> Day:
        if self.always_open:
            return Day(day, "open", self._intervals(day, (Span(0, MINUTES_PER_DAY),)))
        if day in self.extra_closed:
            return Day(day, "closed", ())
        makeup = day in self.extra_open
        if not makeup and self.country is not None:
            public = _country_year(self.country, day.year)
            if day in public.closed:
                return Day(day, "holiday", ())
            makeup = day in public.workdays
        spans = self.workday_hours if makeup else self.weekly[day.weekday()]
        if not spans:
            return Day(day, "weekend", ())
        return Day(day, "open", self._intervals(day, spans), makeup)

    def _intervals(self, day: date, spans: Sequence[Span]) -> tuple[tuple[datetime, datetime], ...]:
        found = []
        for span in spans:
            start = _resolve(day, span.start, self._tz)
            end = _resolve(day, span.end, self._tz)
            # A span wholly inside a DST gap never happens on the wall clock.
            if end > start:
                found.append((start, end))
        return tuple(found)

    def closed_day(self, day: date) -> ClosedDay:
        """A closed day with the name of its holiday or extra closure, if any."""
        found = self.day(day)
        names: Names | None = None
        if found.kind == "closed":
            names = self.extra_closed.get(day)
        elif found.kind == "holiday" and self.country is not None:
            names = holiday_names(self.country, day)
        return ClosedDay(day, found.kind, names)


def add_business_time(start: datetime, amount: timedelta, calendar: Calendar) -> DateTime:
    """The first instant by which `amount` of open time on `calendar` has run from `start`.

    Closed time (nights, breaks, rest days, holidays) is skipped; a start during
    closed time waits for the next opening. A zero amount returns `start`.
    """
    if amount < _ZERO:
        raise ValueError("amount of business time must not be negative")
    at = _utc(start)
    if amount == _ZERO:
        return _out(at)
    if calendar.always_open:
        return _out(at + amount)
    remaining = amount
    for open_start, open_end, _ in _intervals_from(calendar, at):
        begin = max(open_start, at)
        if open_end - begin >= remaining:
            return _out(begin + remaining)
        remaining -= open_end - begin
    raise AssertionError("_intervals_from ends only by raising")


def business_time_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    """Open time on `calendar` within [start, end); negative when `end` comes first."""
    a, b = _utc(start), _utc(end)
    if b < a:
        return -business_time_between(end, start, calendar)
    if calendar.always_open:
        return b - a
    total = _ZERO
    for open_start, open_end, _ in _intervals_from(calendar, a):
        if open_start >= b:
            break
        total += min(open_end, b) - max(open_start, a)
    return total


def same_day_close(start: datetime, calendar: Calendar, cutoff: int | None = None) -> DateTime:
    """The close of the business day the clock first runs on, counted from `start`.

    Opened during a day's hours or breaks: that day's last close. Opened after the
    close or on a closed day: the close of the next open day. With `cutoff`
    (minutes after local midnight), a clock that would first run at or after the
    cutoff moves to the next open day.
    """
    at = _utc(start)
    for open_start, _, day in _intervals_from(calendar, at):
        if cutoff is not None and max(open_start, at) >= _resolve(day.date, cutoff, calendar.tz):
            continue
        return _out(day.intervals[-1][1])
    raise AssertionError("_intervals_from ends only by raising")


def closed_spans(start: datetime, end: datetime, calendar: Calendar) -> tuple[ClosedSpan, ...]:
    """The stretches of closed time within [start, end), each with why it was closed."""
    a, b = _utc(start), _utc(end)
    if b <= a or calendar.always_open:
        return ()
    first_date = a.astimezone(calendar.tz).date()
    found: list[ClosedSpan] = []
    gap_start = a
    closed: list[date] = []
    day = first_date - _ONE_DAY
    for _ in range(_SEARCH_DAYS):
        current = calendar.day(day)
        if not current.intervals and day >= first_date:
            closed.append(day)
        for open_start, open_end in current.intervals:
            if open_end <= a:
                continue
            if open_start >= b:
                _add_gap(found, calendar, gap_start, b, closed, current, last=True)
                return tuple(found)
            if open_start > gap_start:
                _add_gap(found, calendar, gap_start, open_start, closed, current, last=False)
            closed = []
            gap_start = open_end
            if open_end >= b:
                return tuple(found)
        day += _ONE_DAY
    raise ValueError(f"calendar {calendar.name!r} has no open time after {a.isoformat()}")


def utc(when: datetime) -> DateTime:
    """The same instant as a UTC `pendulum.DateTime`; a naive datetime is refused."""
    return _out(_utc(when))


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Plain wall-clock time from `start` to `end` (negative when `end` comes first)."""
    return _utc(end) - _utc(start)


def holiday_names(country: str, day: date) -> Names | None:
    """The public holiday's name on `day` in each language, None if it is not a holiday."""
    if day not in _country_year(country, day.year).closed:
        return None
    return Names(*(_holiday_names(country, day.year, lang).get(day, "") for lang in LANGS))


def _add_gap(
    found: list[ClosedSpan],
    calendar: Calendar,
    start: datetime,
    end: datetime,
    closed: list[date],
    after: Day,
    *,
    last: bool,
) -> None:
    end_date = end.astimezone(calendar.tz).date()
    days = tuple(calendar.closed_day(d) for d in closed if d <= end_date)
    kinds = {d.kind for d in days}
    kind: GapKind
    if "holiday" in kinds:
        kind = "holiday"
    elif "closed" in kinds:
        kind = "closed"
    elif "weekend" in kinds:
        kind = "weekend"
    elif not last and any(prev_end <= start for _, prev_end in after.intervals):
        kind = "break"
    else:
        kind = "night"
    found.append(ClosedSpan(_out(start), _out(end), kind, days))


def _intervals_from(calendar: Calendar, at: datetime) -> Iterator[tuple[datetime, datetime, Day]]:
    """Open intervals that end after `at`, in order, with the day each belongs to."""
    # Start a day early: a span of yesterday may still be running (or DST may shift dates).
    day = at.astimezone(calendar.tz).date() - _ONE_DAY
    for _ in range(_SEARCH_DAYS):
        current = calendar.day(day)
        for open_start, open_end in current.intervals:
            if open_end > at:
                yield open_start, open_end, current
        day += _ONE_DAY
    raise ValueError(f"calendar {calendar.name!r} has no open time after {at.isoformat()}")


def _resolve(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The first UTC instant at which the wall clock in `tz` reads `minutes` on `day` or later."""
    if minutes >= MINUTES_PER_DAY:
        day, minutes = day + _ONE_DAY, minutes - MINUTES_PER_DAY
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)
    first = wall.astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return first
    # The wall time falls in a DST gap: find the transition between the two readings.
    low, high = wall.replace(fold=1).astimezone(UTC), first
    target = wall.replace(tzinfo=None)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) // 2
        if middle.astimezone(tz).replace(tzinfo=None) >= target:
            high = middle
        else:
            low = middle
    return high


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when!r} has no time zone; pass an aware datetime")
    u = when.astimezone(UTC)
    return datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=UTC)


def _out(when: datetime) -> DateTime:
    return DateTime(
        when.year,
        when.month,
        when.day,
        when.hour,
        when.minute,
        when.second,
        when.microsecond,
        tzinfo=PENDULUM_UTC,
    )


@dataclass(frozen=True)
class _CountryYear:
    closed: frozenset[date]
    workdays: frozenset[date]


@cache
def _country_year(country: str, year: int) -> _CountryYear:
    # Neighbouring years too: an observed day can be filed under the year before.
    public = holidays.country_holidays(country, years=range(year - 1, year + 2))
    return _CountryYear(
        closed=frozenset(d for d in public if d.year == year),
        workdays=frozenset(d for d in public.weekend_workdays if d.year == year),
    )


_HOLIDAY_LANGUAGES: dict[Lang, tuple[str, ...]] = {
    "zh": ("zh_CN", "zh_TW"),
    "en": ("en_US", "en_GB"),
    "ko": ("ko",),
}


@cache
def _holiday_names(country: str, year: int, lang: Lang) -> Mapping[date, str]:
    supported = holidays.country_holidays(country).supported_languages
    wanted = [code for code in _HOLIDAY_LANGUAGES[lang] if code in supported]
    if not wanted and "en_US" in supported:
        wanted = ["en_US"]
    language = wanted[0] if wanted else None
    public = holidays.country_holidays(country, years=range(year - 1, year + 2), language=language)
    return {d: str(name) for d, name in public.items() if d.year == year}


@cache
def is_supported_country(country: str) -> bool:
    """Whether the `holidays` library knows the country code ("CN", "KR", ...)."""
    # Asking for the one country is far cheaper than listing them all, which imports each.
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        return False
    return True
