"""Promises under the shipped rules: fixed examples per class, state and warnings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pendulum
import pytest

from tui.domain.deadline_rules import RuleSet, UnknownClassError, load_rules, parse_rules
from tui.domain.deadlines import make_promise, promise_due

SEED = Path(__file__).parents[2] / "db" / "seed" / "deadlines.toml"
RULES: RuleSet = load_rules(SEED)


def at(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed


@pytest.mark.parametrize(
    ("code", "opened", "due"),
    [
        # simple: 2 office hours (09:00-12:00, 13:30-18:00 Shanghai)
        ("simple", "2026-01-09T17:30+08:00", "2026-01-12T10:30+08:00"),  # Fri -> Mon
        ("simple", "2026-01-12T11:00+08:00", "2026-01-12T14:30+08:00"),  # over lunch
        ("simple", "2026-01-12T07:00+08:00", "2026-01-12T11:00+08:00"),  # before opening
        ("simple", "2026-01-12T18:00+08:00", "2026-01-13T11:00+08:00"),  # at the close
        ("simple", "2026-01-12T16:00+08:00", "2026-01-12T18:00+08:00"),  # ends at the close
        ("simple", "2025-12-31T17:00+08:00", "2026-01-04T10:00+08:00"),  # New Year, Sunday worked
        ("simple", "2026-02-13T17:00+08:00", "2026-02-14T10:00+08:00"),  # Saturday worked
        ("simple", "2026-02-14T17:00+08:00", "2026-02-24T10:00+08:00"),  # Spring Festival
        ("simple", "2026-09-30T17:00+08:00", "2026-10-08T10:00+08:00"),  # National Day
        # complex: 24 h counted on whole working days
        ("complex", "2026-01-13T10:30+08:00", "2026-01-14T10:30+08:00"),
        ("complex", "2026-01-09T15:00+08:00", "2026-01-12T15:00+08:00"),  # Fri -> Mon
        ("complex", "2026-01-10T11:00+08:00", "2026-01-13T00:00+08:00"),  # opened on Saturday
        ("complex", "2026-09-30T15:00+08:00", "2026-10-08T15:00+08:00"),  # National Day week
        ("complex", "2026-02-13T10:00+08:00", "2026-02-14T10:00+08:00"),  # into the worked Saturday
        ("complex", "2026-02-14T20:00+08:00", "2026-02-24T20:00+08:00"),  # Spring Festival
        # source (Korea): 48 hours from receipt, holidays or not
        ("source", "2026-02-16T09:00+09:00", "2026-02-18T09:00+09:00"),
        ("source", "2026-09-24T23:15+09:00", "2026-09-26T23:15+09:00"),
        # rework: photos the same day, albums 24 h, crystal and frames 48 h
        ("rework-photo", "2026-01-12T10:00+08:00", "2026-01-12T18:00+08:00"),
        ("rework-photo", "2026-01-12T12:30+08:00", "2026-01-12T18:00+08:00"),  # lunch
        ("rework-photo", "2026-01-12T18:30+08:00", "2026-01-13T18:00+08:00"),  # after close
        ("rework-photo", "2026-01-10T10:00+08:00", "2026-01-12T18:00+08:00"),  # Saturday
        ("rework-photo", "2026-01-03T10:00+08:00", "2026-01-04T18:00+08:00"),  # Sunday worked
        ("rework-album", "2026-04-30T09:00+08:00", "2026-05-06T09:00+08:00"),  # Labour Day
        ("rework-frame", "2026-01-08T12:00+08:00", "2026-01-12T12:00+08:00"),  # Thu -> Mon
    ],
)
def test_fixed_examples(code: str, opened: str, due: str) -> None:
    promise = make_promise(RULES, code, at(opened))
    assert promise.due == at(due)
    assert promise.due.utcoffset() == timedelta(0)  # stored in UTC
    assert promise_due(RULES.get(code), at(opened)) == at(due)
    assert promise.revision == RULES.revision


def test_explanation_names_calendar_and_skipped_holidays() -> None:
    promise = make_promise(RULES, "complex", at("2026-09-30T15:00+08:00"))
    e = promise.explanation
    assert (e.calendar, e.zone, e.counting) == ("cn-workdays", "Asia/Shanghai", "business")
    assert e.within == timedelta(hours=24)
    assert [s.kind for s in e.skipped] == ["holiday"]
    (span,) = e.skipped
    assert (span.start, span.end) == (at("2026-10-01T00:00+08:00"), at("2026-10-08T00:00+08:00"))
    assert [d.date for d in span.days] == [date(2026, 10, d) for d in range(1, 8)]
    assert span.days[0].names is not None and span.days[0].names.zh == "国庆节"
    assert span.days[3].kind == "weekend"  # Sunday 4 Oct
    assert e.makeup_days == ()


def test_explanation_lists_the_makeup_day_the_clock_ran_on() -> None:
    promise = make_promise(RULES, "simple", at("2026-01-03T10:00+08:00"))
    assert promise.explanation.makeup_days == (date(2026, 1, 4),)
    assert promise.explanation.clock_start == at("2026-01-04T09:00+08:00")
    assert promise.due == at("2026-01-04T11:00+08:00")


def test_round_the_clock_class_skips_nothing() -> None:
    promise = make_promise(RULES, "source", at("2026-02-16T09:00+09:00"))
    assert promise.explanation.counting == "wall"
    assert promise.explanation.skipped == ()
    assert promise.total == timedelta(hours=48)


def test_state_and_warnings_over_time() -> None:
    promise = make_promise(RULES, "simple", at("2026-01-09T17:30+08:00"))
    # 2 h: due soon for the last 30 minutes (20% would only be 24), half used at 1 h.
    assert [(w.level, w.at) for w in promise.warnings] == [
        ("50%", at("2026-01-12T09:30+08:00")),
        ("due-soon", at("2026-01-12T10:00+08:00")),
        ("overdue", at("2026-01-12T10:30+08:00")),
    ]
    friday = promise.status(at("2026-01-09T17:45+08:00"))
    assert (friday.state, friday.left, friday.crossed) == ("on-track", timedelta(minutes=105), ())
    assert friday.used == pytest.approx(0.125)
    weekend = promise.status(at("2026-01-10T12:00+08:00"))  # the clock stands still
    assert (weekend.state, weekend.left) == ("on-track", timedelta(minutes=90))
    assert weekend.wall_left == timedelta(days=1, hours=22, minutes=30)
    half = promise.status(at("2026-01-12T09:30+08:00"))
    assert (half.state, half.crossed, half.used) == ("on-track", ("50%",), 0.5)
    soon = promise.status(at("2026-01-12T10:00+08:00"))
    assert (soon.state, soon.left, soon.crossed) == (
        "due-soon",
        timedelta(minutes=30),
        ("50%", "due-soon"),
    )
    late = promise.status(at("2026-01-12T11:15+08:00"))
    assert late.state == "overdue"
    assert late.left == late.wall_left == -timedelta(minutes=45)
    assert late.crossed == ("50%", "due-soon", "overdue")
    assert [w.level for w in promise.crossed(at("2026-01-12T09:59+08:00"))] == ["50%"]
    before = promise.status(at("2026-01-09T17:00+08:00"))  # asked about before the opening
    assert (before.state, before.left, before.used) == ("on-track", timedelta(hours=2), 0.0)


def test_due_soon_is_the_larger_of_fraction_and_minimum() -> None:
    promise = make_promise(RULES, "complex", at("2026-01-13T10:00+08:00"))
    # 20% of 24 h is 4 h 48 min, longer than 30 minutes.
    assert promise.due_soon_at == at("2026-01-14T05:12+08:00")
    custom = parse_rules(
        SEED.read_text(encoding="utf-8").replace(
            'within = "2h"\n', 'within = "2h"\ndue_soon = { fraction = 0.5, at_least = "10m" }\n'
        )
    )
    assert make_promise(custom, "simple", at("2026-01-12T09:00+08:00")).due_soon_at == at(
        "2026-01-12T10:00+08:00"
    )
    tiny = parse_rules(SEED.read_text(encoding="utf-8").replace('within = "2h"', 'within = "20m"'))
    # A threshold longer than the whole promise makes it due soon from the start.
    short = make_promise(tiny, "simple", at("2026-01-12T09:00+08:00"))
    assert short.due_soon_at == short.opened
    assert short.status(short.opened).state == "due-soon"


def test_a_recorded_due_is_kept() -> None:
    opened = at("2026-01-12T09:00+08:00")
    recorded = at("2026-01-12T11:30+08:00")  # made under older rules: 2 h 30 of office time
    promise = make_promise(RULES, "simple", opened, due=recorded)
    assert promise.due == recorded
    assert promise.total == timedelta(hours=2, minutes=30)
    assert promise.warnings[-1].at == recorded
    with pytest.raises(ValueError, match="before opened"):
        make_promise(RULES, "simple", opened, due=at("2026-01-12T08:00+08:00"))


def test_bad_inputs() -> None:
    with pytest.raises(UnknownClassError):
        make_promise(RULES, "nope", at("2026-01-12T09:00+08:00"))
    with pytest.raises(ValueError, match="no time zone"):
        make_promise(RULES, "simple", datetime(2026, 1, 12, 9))
