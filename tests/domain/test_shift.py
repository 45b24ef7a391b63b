"""When "today" begins on the desk: the shift's start, set or worked out from the records."""

from __future__ import annotations

from datetime import time, timedelta

import pendulum
import pytest

from tui.domain.shift import SHIFT_GAP, parse_clock_time, set_shift_start, worked_shift_start


def at(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed.in_timezone("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00", time(22, 0)),
        ("7:05", time(7, 5)),
        (" 00:00 ", time(0, 0)),
        ("23:59", time(23, 59)),
        ("２２：００", time(22, 0)),
    ],
)
def test_clock_times_that_read(text: str, expected: time) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "22:60", "22", "10pm", "22:00:00", "", "٢٢:٠٠"])
def test_clock_times_that_do_not(text: str) -> None:
    assert parse_clock_time(text) is None


def test_a_set_start_is_the_latest_one_not_in_the_future() -> None:
    night = time(22, 0)
    zone = "Asia/Shanghai"
    # After midnight the shift still began the evening before.
    assert set_shift_start(at("2026-11-25T01:30+08:00"), night, zone) == at(
        "2026-11-24T22:00+08:00"
    )
    assert set_shift_start(at("2026-11-24T22:00+08:00"), night, zone) == at(
        "2026-11-24T22:00+08:00"
    )
    assert set_shift_start(at("2026-11-24T21:59+08:00"), night, zone) == at(
        "2026-11-23T22:00+08:00"
    )
    # Read in the desk's zone, not in UTC: 08:00 in Seoul is 23:00 UTC the day before.
    assert set_shift_start(at("2026-11-24T09:00+09:00"), time(8, 0), "Asia/Seoul") == at(
        "2026-11-24T08:00+09:00"
    )


def test_a_set_start_across_a_change_of_clocks() -> None:
    # New York goes back an hour on 1 Nov 2026: 22:00 the evening before is still 22:00.
    start = set_shift_start(at("2026-11-01T06:00-05:00"), time(22, 0), "America/New_York")
    assert start == at("2026-10-31T22:00-04:00")


def test_the_run_of_work_goes_back_across_midnight() -> None:
    # A night shift: desk opened 22:00, calls through the night, restarted at 01:30.
    activity = [
        at("2026-11-24T14:00+08:00"),  # yesterday's day shift, long before
        at("2026-11-24T22:02+08:00"),
        at("2026-11-24T22:05+08:00"),
        at("2026-11-24T23:40+08:00"),
        at("2026-11-24T23:44+08:00"),
        at("2026-11-25T01:10+08:00"),
        at("2026-11-25T01:14+08:00"),
        at("2026-11-25T01:30+08:00"),  # the desk's restart
    ]
    now = at("2026-11-25T01:30+08:00")
    assert worked_shift_start(activity, now) == at("2026-11-24T22:02+08:00")


def test_a_long_gap_ends_a_shift() -> None:
    opened = at("2026-11-25T09:00+08:00")
    yesterday = [at("2026-11-24T17:00+08:00"), at("2026-11-24T17:55+08:00")]
    assert worked_shift_start([*yesterday, opened], opened) == opened
    just_within = opened - SHIFT_GAP
    assert worked_shift_start([just_within, opened], opened) == just_within
    assert worked_shift_start([just_within - timedelta(seconds=1), opened], opened) == opened


def test_an_idle_desk_stays_on_its_shift_until_work_starts_again() -> None:
    opened = at("2026-11-24T22:00+08:00")
    call = [at("2026-11-24T22:10+08:00"), at("2026-11-24T22:15+08:00")]
    later = at("2026-11-25T06:00+08:00")
    assert worked_shift_start([opened, *call], later) == opened
    next_call = [at("2026-11-25T06:00+08:00"), at("2026-11-25T06:04+08:00")]
    after = at("2026-11-25T06:04+08:00")
    assert worked_shift_start([opened, *call, *next_call], after) == next_call[0]


def test_activity_after_now_and_no_activity() -> None:
    now = at("2026-11-24T22:00+08:00")
    assert worked_shift_start([now + timedelta(hours=1)], now) == now
    assert worked_shift_start([], now) == now
