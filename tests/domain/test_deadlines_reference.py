"""The promise arithmetic against a plain minute-by-minute walk over the calendar.

The reference below shares no code with tui.domain.calendars: it reads the
calendar specs as plain dicts, asks the `holidays` library directly which days
are holidays and working days (`is_working_day`, which knows China's make-up
weekends), finds when the wall clock first reaches a span's start or end by
stepping UTC minutes, and counts open minutes one at a time.

The calendars cover Shanghai and Seoul public holidays, New York and Berlin
daylight-saving changes (including spans that start or end inside the skipped or
repeated hour), make-up working days, extra closed and working days, and round
the clock time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.calendars import (
    add_business_time,
    business_time_between,
    elapsed,
    same_day_close,
)
from tui.domain.deadline_rules import RuleSet, parse_rules
from tui.domain.deadlines import make_promise

MINUTE = timedelta(minutes=1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OFFICE = ["09:00-12:00", "13:30-18:00"]

SPECS: dict[str, dict[str, object]] = {
    "cn-office": {
        "zone": "Asia/Shanghai",
        "holidays": "CN",
        "hours": dict.fromkeys(WEEKDAYS[:5], OFFICE),
        "makeup": OFFICE,
    },
    "cn-workdays": {
        "zone": "Asia/Shanghai",
        "holidays": "CN",
        "hours": dict.fromkeys(WEEKDAYS[:5], ["00:00-24:00"]),
        "makeup": ["00:00-24:00"],
    },
    "kr-office": {
        "zone": "Asia/Seoul",
        "holidays": "KR",
        "hours": dict.fromkeys(WEEKDAYS[:5], ["09:00-12:00", "13:00-18:00"]),
        "makeup": ["09:00-12:00", "13:00-18:00"],
    },
    "ny-office": {
        "zone": "America/New_York",
        "holidays": "US",
        "hours": {
            **dict.fromkeys(WEEKDAYS[:5], ["08:30-12:00", "13:00-17:30"]),
            "sat": ["10:00-14:00"],
        },
        "makeup": ["08:30-12:00", "13:00-17:30"],
    },
    "ny-night": {
        # 01:30 occurs twice on 2026-11-01; 02:30 never happens on 2026-03-08.
        "zone": "America/New_York",
        "hours": dict.fromkeys(WEEKDAYS, ["01:30-02:30", "22:00-24:00"]),
        "makeup": ["01:30-02:30"],
    },
    "berlin-shop": {
        "zone": "Europe/Berlin",
        "holidays": "DE",
        "hours": {**dict.fromkeys(WEEKDAYS[:5], ["08:00-16:00"]), "sat": ["09:00-12:00"]},
        "makeup": ["08:00-16:00"],
        "extra_closed": ["2026-12-24", "2026-03-30"],
        "extra_open": ["2026-12-27", "2026-03-29"],
    },
    "berlin-night": {
        "zone": "Europe/Berlin",
        # 02:00-03:00 is skipped on 2026-03-29 and repeated on 2026-10-25.
        "hours": dict.fromkeys(WEEKDAYS, ["00:00-02:30", "02:40-02:50", "21:00-24:00"]),
        "makeup": ["00:00-02:30"],
    },
    "ny-24x7": {"zone": "America/New_York", "always_open": True},
    "kr-24x7": {"zone": "Asia/Seoul", "always_open": True},
}

# Local dates around which openings are drawn: DST changes, holidays, make-up days.
CN_DATES = [
    date(2026, 1, 1),  # New Year, then Sunday 2026-01-04 is a working day
    date(2026, 1, 3),
    date(2026, 1, 9),  # an ordinary Friday
    date(2026, 2, 13),  # Saturday 2026-02-14 is a working day, then Spring Festival
    date(2026, 2, 22),
    date(2026, 5, 1),  # Labour Day, with Saturday 2026-05-09 worked
    date(2026, 9, 19),  # Sunday 2026-09-20 is a working day
    date(2026, 9, 30),  # National Day week, Saturday 2026-10-10 worked
    date(2026, 10, 7),
]
KR_DATES = [
    date(2026, 1, 9),
    date(2026, 2, 13),  # Seollal
    date(2026, 2, 28),  # Independence Movement Day and its alternative holiday
    date(2026, 5, 23),  # Buddha's Birthday, alternative holiday
    date(2026, 9, 23),  # Chuseok
    date(2026, 10, 2),  # National Foundation Day, Hangul Day
]
NY_DATES = [
    date(2026, 1, 9),
    date(2026, 3, 7),  # springs forward on 2026-03-08
    date(2026, 3, 8),
    date(2026, 10, 31),  # falls back on 2026-11-01
    date(2026, 11, 1),
    date(2026, 11, 25),  # Thanksgiving
]
BERLIN_DATES = [
    date(2026, 1, 9),
    date(2026, 3, 28),  # springs forward on 2026-03-29
    date(2026, 3, 29),
    date(2026, 4, 2),  # Good Friday, Easter Monday
    date(2026, 10, 24),  # falls back on 2026-10-25
    date(2026, 10, 25),
    date(2026, 12, 23),  # Christmas, extra closed and working days
]
ANCHORS = {"Asia/Shanghai": CN_DATES, "Asia/Seoul": KR_DATES}
ANCHORS |= {"America/New_York": NY_DATES, "Europe/Berlin": BERLIN_DATES}


def _toml(specs: dict[str, dict[str, object]]) -> str:
    out = []
    for name, spec in specs.items():
        out.append(f'[calendars."{name}"]')
        out.append(f'zone = "{spec["zone"]}"')
        if spec.get("always_open"):
            out.append("always_open = true")
            continue
        if "holidays" in spec:
            out.append(f'holidays = "{spec["holidays"]}"')
        hours = spec["hours"]
        assert isinstance(hours, dict)
        for day, spans in hours.items():
            out.append(f"{day} = {_array(spans)}")
        out.append(f"makeup_day_hours = {_array(spec['makeup'])}")
        for key in ("extra_closed", "extra_open"):
            if key in spec:
                out.append(f"{key} = {_array(spec[key])}")
    for name in specs:
        for kind, within in (("h2", '"2h"'), ("h26", '"26h"'), ("day", '"same-day"')):
            out.append(f'[classes."{name}-{kind}"]')
            out.append('labels = { zh = "测试", en = "Test", ko = "시험" }')
            out.append(f"within = {within}")
            out.append(f'calendar = "{name}"')
    return "\n".join(out) + "\n"


def _array(items: object) -> str:
    assert isinstance(items, list)
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


RULES: RuleSet = parse_rules(_toml(SPECS), source="reference.toml")


# --- the reference --------------------------------------------------------------------------


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@cache
def _country(code: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(code, years=year)


def ref_hours(name: str, day: date) -> list[tuple[int, int]]:
    """Open spans of a local date, in minutes, straight from the spec and the library."""
    spec = SPECS[name]
    if spec.get("always_open"):
        return [(0, 1440)]
    if day.isoformat() in spec.get("extra_closed", []):  # type: ignore[operator]
        return []
    makeup = day.isoformat() in spec.get("extra_open", [])  # type: ignore[operator]
    if not makeup and "holidays" in spec:
        public = _country(str(spec["holidays"]), day.year)
        if day in public:
            return []
        makeup = public.is_working_day(day) and day.weekday() in public.weekend
    hours = spec["hours"]
    assert isinstance(hours, dict)
    texts = spec["makeup"] if makeup else hours.get(WEEKDAYS[day.weekday()], [])
    assert isinstance(texts, list)
    return [(_minutes(t.split("-")[0]), _minutes(t.split("-")[1])) for t in texts]


@cache
def first_reach(zone: str, day: date, minutes: int) -> datetime:
    """The first UTC minute at which the wall clock reads `minutes` on `day` or later."""
    tz = ZoneInfo(zone)
    target = datetime.combine(day, time(0)) + timedelta(minutes=minutes)
    u = target.replace(tzinfo=UTC) - timedelta(hours=15)
    assert u.astimezone(tz).replace(tzinfo=None) < target
    while u.astimezone(tz).replace(tzinfo=None) < target:
        u += MINUTE
    return u


@cache
def ref_intervals(name: str, day: date) -> list[tuple[datetime, datetime]]:
    zone = str(SPECS[name]["zone"])
    return [
        (first_reach(zone, day, start), first_reach(zone, day, end))
        for start, end in ref_hours(name, day)
    ]


def ref_open_day(name: str, u: datetime) -> date | None:
    """The local date whose hours cover minute `u`, or None when closed."""
    local = u.astimezone(ZoneInfo(str(SPECS[name]["zone"]))).date()
    for day in (local - timedelta(days=1), local):
        for start, end in ref_intervals(name, day):
            if start <= u < end:
                return day
    return None


def ref_add(name: str, opened: datetime, minutes: int) -> datetime:
    u, counted = opened, 0
    if minutes == 0:
        return opened
    while True:
        if ref_open_day(name, u) is not None:
            counted += 1
            if counted == minutes:
                return u + MINUTE
        u += MINUTE


def ref_between(name: str, start: datetime, end: datetime) -> int:
    counted, u = 0, start
    while u < end:
        counted += ref_open_day(name, u) is not None
        u += MINUTE
    return counted


def ref_same_day(name: str, opened: datetime) -> datetime:
    u = opened
    while (day := ref_open_day(name, u)) is None:
        u += MINUTE
    return ref_intervals(name, day)[-1][1]


# --- strategies -----------------------------------------------------------------------------

calendars = st.sampled_from(sorted(SPECS))
# Multiples of 30 minutes land on span edges (08:30, 12:00, 13:30, 18:00 ...) often.
offsets = st.one_of(
    st.integers(-48, 2 * 48).map(lambda n: n * 30),
    st.integers(-1440, 2 * 1440),
)


@st.composite
def openings(draw: st.DrawFn) -> tuple[str, datetime]:
    name = draw(calendars)
    zone = str(SPECS[name]["zone"])
    anchor = draw(st.sampled_from(ANCHORS[zone]))
    midnight = datetime.combine(anchor, time(0), tzinfo=ZoneInfo(zone))
    return name, midnight.astimezone(UTC) + timedelta(minutes=draw(offsets))


# --- the properties -------------------------------------------------------------------------


@settings(max_examples=250, deadline=None)
@given(openings(), st.integers(0, 30 * 60))
def test_add_business_time_matches_the_minute_walk(
    opening: tuple[str, datetime], minutes: int
) -> None:
    name, opened = opening
    calendar = RULES.calendars[name]
    due = add_business_time(opened, timedelta(minutes=minutes), calendar)
    assert due == ref_add(name, opened, minutes)
    assert due >= opened
    assert business_time_between(opened, due, calendar) == timedelta(minutes=minutes)


@settings(max_examples=150, deadline=None)
@given(openings(), st.integers(0, 4 * 1440))
def test_business_time_between_matches_the_minute_walk(
    opening: tuple[str, datetime], length: int
) -> None:
    name, start = opening
    end = start + timedelta(minutes=length)
    calendar = RULES.calendars[name]
    counted = timedelta(minutes=ref_between(name, start, end))
    assert business_time_between(start, end, calendar) == counted
    assert business_time_between(end, start, calendar) == -counted


@settings(max_examples=200, deadline=None)
@given(openings())
def test_same_day_close_matches_the_minute_walk(opening: tuple[str, datetime]) -> None:
    name, opened = opening
    due = same_day_close(opened, RULES.calendars[name])
    assert due == ref_same_day(name, opened)
    assert due > opened


@settings(max_examples=200, deadline=None)
@given(openings(), st.sampled_from(["h2", "h26", "day"]), st.integers(0, 59))
def test_promise_invariants(opening: tuple[str, datetime], kind: str, seconds: int) -> None:
    name, opened = opening
    opened += timedelta(seconds=seconds)
    code = f"{name}-{kind}"
    deadline_class = RULES.get(code)
    calendar = deadline_class.calendar
    promise = make_promise(RULES, code, opened)

    assert promise.due >= promise.opened == opened
    if deadline_class.within is not None:
        assert promise.total == deadline_class.within
    assert business_time_between(opened, promise.due, calendar) == promise.total

    # Closed stretches plus open time fill the whole wait, and each stretch is closed.
    skipped = sum(((s.end - s.start) for s in promise.explanation.skipped), timedelta(0))
    assert skipped + promise.total == elapsed(opened, promise.due)
    for span in promise.explanation.skipped:
        assert span.start < span.end
        assert ref_open_day(name, _floor(span.start)) is None
        assert ref_open_day(name, _floor(span.end - MINUTE)) is None

    # Warnings come in order, none after the due instant, each at its share of the time.
    times = [w.at for w in promise.warnings]
    assert times == sorted(times) and times[-1] == promise.due
    assert promise.status(promise.due).state == "overdue"
    assert promise.status(promise.due_soon_at).state in ("due-soon", "overdue")
    if promise.due_soon_at > opened:
        before = promise.status(promise.due_soon_at - timedelta(microseconds=1))
        assert before.state == "on-track"
    half = next(w.at for w in promise.warnings if w.level == "50%")
    assert business_time_between(opened, half, calendar) == promise.total / 2


def _floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
