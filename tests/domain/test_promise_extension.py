"""The new deadline typed to extend a promise: relative to the promise, absolute as given."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.complaint_queue import when_input
from tui.domain.promise_extension import (
    ALREADY_PAST,
    NOT_LATER,
    PROBLEMS,
    UNREADABLE,
    read_extension,
)

ZONES = ("Asia/Shanghai", "Asia/Seoul", "Europe/London", "America/New_York", "UTC")
# Wednesday 05:14 in Shanghai; the promise is Thursday 05:13, as in the report.
NOW = pendulum.datetime(2026, 11, 25, 5, 14, tz="Asia/Shanghai")
DUE = pendulum.datetime(2026, 11, 26, 5, 13, tz="Asia/Shanghai")


def test_plus_a_day_counts_from_the_promise_not_from_now() -> None:
    found = read_extension("+1d", current=DUE, now=NOW, zone="Asia/Shanghai")
    assert found.ok
    assert found.due is not None
    assert when_input(found.due, "Asia/Shanghai") == "2026-11-27 05:13", "Friday, not Thu 05:14"


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("+2h", "2026-11-26 07:13"),
        ("+30m", "2026-11-26 05:43"),
        ("+1d4h", "2026-11-27 09:13"),
        ("＋１ｄ", "2026-11-27 05:13"),  # a Chinese input method's full-width forms
        ("2026-11-28 10:00", "2026-11-28 10:00"),
        ("11-27 09:00", "2026-11-27 09:00"),
    ],
)
def test_typed_extensions(text: str, local: str) -> None:
    found = read_extension(text, current=DUE, now=NOW, zone="Asia/Shanghai")
    assert found.ok and found.due is not None
    assert when_input(found.due, "Asia/Shanghai") == local


def test_an_absolute_time_not_after_the_promise_is_no_extension() -> None:
    for text in ("2026-11-26 05:13", "2026-11-26 05:00", "16:30"):  # 16:30 is today, Wed
        found = read_extension(text, current=DUE, now=NOW, zone="Asia/Shanghai")
        assert found.problem == NOT_LATER and found.due is not None


def test_an_extension_that_has_already_passed_is_refused() -> None:
    # The promise was broken yesterday; a day after it is still behind now.
    late = NOW.add(days=2)
    found = read_extension("+1d", current=DUE, now=late, zone="Asia/Shanghai")
    assert found.problem == ALREADY_PAST
    assert read_extension("+2d1m", current=DUE, now=late, zone="Asia/Shanghai").ok


@pytest.mark.parametrize("text", ["", "+", "+0", "tomorrow", "明天", "+2x", "25:00", "-1d"])
def test_unreadable_text_is_refused(text: str) -> None:
    found = read_extension(text, current=DUE, now=NOW, zone="Asia/Shanghai")
    assert found.problem == UNREADABLE and found.due is None


def test_plus_nothing_is_not_later() -> None:
    found = read_extension("+0d", current=DUE, now=NOW, zone="Asia/Shanghai")
    assert found.problem == NOT_LATER


instants = st.datetimes(
    min_value=pendulum.datetime(2020, 1, 1).naive(),
    max_value=pendulum.datetime(2035, 12, 31).naive(),
).map(lambda d: pendulum.instance(d, tz="UTC"))
units = st.sampled_from(["d", "h", "m"])


@settings(max_examples=300, deadline=None)
@given(
    current=instants,
    before=st.integers(min_value=0, max_value=60 * 24 * 30),
    amounts=st.lists(st.tuples(st.integers(1, 999), units), min_size=1, max_size=3),
    zone=st.sampled_from(ZONES),
)
def test_plus_n_units_from_the_promise_always_lands_strictly_later(
    current: pendulum.DateTime,
    before: int,
    amounts: list[tuple[int, str]],
    zone: str,
) -> None:
    # Each unit at most once, in d-h-m order: the form the field reads.
    seen: dict[str, int] = {}
    for number, unit in amounts:
        seen.setdefault(unit, number)
    text = "+" + "".join(f"{seen[u]}{u}" for u in "dhm" if u in seen)
    now = current.subtract(minutes=before)
    found = read_extension(text, current=current, now=now, zone=zone)
    assert found.ok, (text, found)
    assert found.due is not None and found.due > current and found.due > now
    # Days are calendar days in the zone; hours and minutes then are elapsed time.
    elapsed = timedelta(hours=seen.get("h", 0), minutes=seen.get("m", 0))
    day_later = current.in_timezone(zone).add(days=seen.get("d", 0))
    assert found.due == day_later.in_timezone("UTC") + elapsed


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=40), current=instants, zone=st.sampled_from(ZONES))
def test_any_text_gives_a_deadline_or_a_reason_never_a_traceback(
    text: str, current: pendulum.DateTime, zone: str
) -> None:
    found = read_extension(text, current=current, now=current.subtract(hours=1), zone=zone)
    assert (found.problem is None) == found.ok
    assert found.problem is None or found.problem in PROBLEMS
    if found.ok:
        assert found.due is not None and found.due > current


@settings(max_examples=300, deadline=None)
@given(
    text=st.from_regex(r"\A[+＋ ]?[0-9０-９]{0,25}[dhmDHMｄ:：\- ]{0,3}[0-9]{0,12}\Z"),
    current=instants,
    zone=st.sampled_from(ZONES),
)
def test_near_misses_and_huge_numbers_are_refused_not_raised(
    text: str, current: pendulum.DateTime, zone: str
) -> None:
    found = read_extension(text, current=current, now=current, zone=zone)
    assert found.problem is None or found.problem in PROBLEMS


@settings(max_examples=200, deadline=None)
@given(
    current=instants,
    ahead=st.integers(min_value=1, max_value=60 * 24 * 400),
    zone=st.sampled_from(ZONES),
)
def test_an_absolute_time_is_taken_as_given(
    current: pendulum.DateTime, ahead: int, zone: str
) -> None:
    wanted = current.add(minutes=ahead).in_timezone(zone).set(second=0, microsecond=0)
    if wanted <= current:
        wanted = wanted.add(minutes=1)
    text = when_input(wanted, zone)
    found = read_extension(text, current=current, now=current, zone=zone)
    # A wall time that a DST change skips or repeats reads as the zone says it does.
    if found.ok:
        assert found.due is not None
        assert when_input(found.due, zone) == text
    assert found.problem in (None, NOT_LATER)
