from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pendulum import DateTime

from tui.domain.break_policy import (
    DEFAULTS_TOML,
    BreakPolicy,
    CallSummary,
    Mood,
    PolicyError,
    Trigger,
    evaluate,
)
from tui.domain.breaks import Break, Reminder
from tui.domain.clock import FakeClock

START = FakeClock("2026-11-24T09:00:00+08:00").now()


def at(minutes: float) -> DateTime:
    return START.add(seconds=minutes * 60)


def call(n: int, start_min: float, end_min: float, mood: Mood = "calm") -> CallSummary:
    return CallSummary(f"c{n}", at(start_min), at(end_min), mood)


def rest(start_min: float, end_min: float | None) -> Break:
    return Break("b", "rest", at(start_min), at(end_min) if end_min is not None else None)


@dataclass(frozen=True)
class Offered:
    created_at: DateTime
    state: str = "dismissed"


# Settings ----------------------------------------------------------------------


def test_the_shipped_defaults_are_the_dataclass_defaults() -> None:
    table = tomllib.loads(DEFAULTS_TOML)["breaks"]
    assert BreakPolicy.from_table(table) == BreakPolicy()
    assert set(table) == {f.name for f in fields(BreakPolicy)}


def test_every_shipped_value_has_a_comment_above_it() -> None:
    lines = DEFAULTS_TOML.splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[i - 1].startswith("#"), line


def test_defaults_follow_the_issue() -> None:
    policy = BreakPolicy()
    assert policy.after_abusive_call is True
    assert (policy.upset_calls, policy.upset_window_minutes) == (2, 30)
    assert policy.talk_minutes == 90
    assert policy.reset_seconds == 120
    assert policy.max_snoozes == 2


def test_a_partial_table_keeps_the_other_defaults() -> None:
    policy = BreakPolicy.from_table({"reset_minutes": 1.5, "max_snoozes": 0})
    assert policy.reset_seconds == 90
    assert policy.max_snoozes == 0
    assert policy.talk_minutes == 90


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("after_abusive_call", 1, "true or false"),
        ("upset_calls", True, "whole number"),
        ("upset_calls", 2.5, "whole number"),
        ("upset_calls", 21, "between 1 and 20, or 0"),
        ("upset_window_minutes", 0, "between 1 and 480"),
        ("talk_minutes", 5, "between 10 and 720"),
        ("reset_minutes", "2", "must be a number"),
        ("reset_minutes", float("nan"), "finite"),
        ("max_snoozes", -1, "between 0 and 10"),
        ("snooze_minutes", 0.5, "between 1 and 60"),
        ("snoze_minutes", 5, "unknown setting"),
    ],
)
def test_bad_values_are_refused_with_the_key_and_line(key: str, value: object, reason: str) -> None:
    with pytest.raises(PolicyError) as caught:
        BreakPolicy.from_table({key: value}, line_of=lambda k: 7 if k == key else None)
    assert caught.value.key == key
    assert caught.value.line == 7
    assert reason in caught.value.reason
    assert f"breaks.{key} (line 7)" in str(caught.value)


def test_zero_switches_the_counts_off() -> None:
    policy = BreakPolicy.from_table({"upset_calls": 0, "talk_minutes": 0})
    calls = [call(1, 0, 5, "upset"), call(2, 5, 10, "upset"), call(3, 10, 200)]
    assert evaluate(policy, calls, [], at(200)) is None


# Triggers ----------------------------------------------------------------------


def test_an_abusive_call_offers_a_reset_at_once() -> None:
    trigger = evaluate(BreakPolicy(), [call(1, 0, 4, "abusive")], [], at(4))
    assert trigger == Trigger("abusive_call", ("c1",))


def test_abusive_calls_can_be_left_to_the_streak() -> None:
    policy = BreakPolicy(after_abusive_call=False)
    assert evaluate(policy, [call(1, 0, 4, "abusive")], [], at(4)) is None
    calls = [call(1, 0, 4, "abusive"), call(2, 5, 9, "upset")]
    assert evaluate(policy, calls, [], at(9)) == Trigger("upset_streak", ("c1", "c2"))


def test_one_upset_call_is_not_a_streak_but_two_within_the_window_are() -> None:
    calls = [call(1, 0, 5, "upset")]
    assert evaluate(BreakPolicy(), calls, [], at(5)) is None
    calls.append(call(2, 20, 29, "upset"))
    assert evaluate(BreakPolicy(), calls, [], at(29)) == Trigger("upset_streak", ("c1", "c2"))


def test_upset_calls_further_apart_than_the_window_do_not_count_together() -> None:
    calls = [call(1, 0, 5, "upset"), call(2, 30, 36, "upset")]
    assert evaluate(BreakPolicy(), calls, [], at(36)) is None


def test_talk_time_over_ninety_minutes_offers_a_reset() -> None:
    calls = [call(n, n * 10, n * 10 + 9) for n in range(10)]  # 90 minutes of talk
    assert evaluate(BreakPolicy(), calls[:-1], [], at(89)) is None
    trigger = evaluate(BreakPolicy(), calls, [], at(99))
    assert trigger is not None and trigger.kind == "long_talk"
    assert len(trigger.call_ids) == 10


def test_talk_time_starts_again_after_any_break() -> None:
    calls = [call(n, n * 10, n * 10 + 9) for n in range(10)]
    breaks = [rest(50, 55)]
    assert evaluate(BreakPolicy(), calls, breaks, at(99)) is None


def test_a_call_overlapping_the_last_break_counts_only_after_it() -> None:
    # 100 minutes on one call, but the break ended 20 minutes before its end.
    calls = [call(1, 0, 100)]
    assert evaluate(BreakPolicy(), calls, [rest(-10, 80)], at(100)) is None
    assert evaluate(BreakPolicy(), calls, [], at(100)) == Trigger("long_talk", ("c1",))


def test_nothing_is_offered_while_on_a_break() -> None:
    calls = [call(1, 0, 4, "abusive")]
    assert evaluate(BreakPolicy(), calls, [rest(5, None)], at(6)) is None


def test_nothing_new_is_offered_while_a_reminder_is_open() -> None:
    calls = [call(1, 0, 4, "abusive"), call(2, 5, 9, "abusive")]
    for state in ("pending", "shown", "snoozed"):
        assert evaluate(BreakPolicy(), calls, [], at(9), reminders=[Offered(at(4), state)]) is None


def test_a_cause_already_offered_does_not_fire_again() -> None:
    calls = [call(1, 0, 4, "abusive")]
    offered = [Offered(at(4.5), "dismissed")]
    assert evaluate(BreakPolicy(), calls, [], at(10), reminders=offered) is None
    # A new abusive call after the offer is a new cause.
    calls.append(call(2, 11, 15, "abusive"))
    assert evaluate(BreakPolicy(), calls, [], at(15), reminders=offered) == Trigger(
        "abusive_call", ("c2",)
    )


def test_a_reminder_taken_with_the_domain_reminder_type_counts_as_offered() -> None:
    reminder = Reminder("r", "upset_streak", at(10)).show(at(10)).take(at(11))
    calls = [call(1, 0, 4, "upset"), call(2, 5, 9, "upset")]
    assert evaluate(BreakPolicy(), calls, [], at(12), reminders=[reminder]) is None


def test_an_abusive_call_outranks_the_streak_it_completes() -> None:
    calls = [call(1, 0, 5, "upset"), call(2, 6, 9, "abusive")]
    assert evaluate(BreakPolicy(), calls, [], at(9)) == Trigger("abusive_call", ("c2",))


def test_calls_not_yet_ended_at_now_are_ignored() -> None:
    assert evaluate(BreakPolicy(), [call(1, 0, 10, "abusive")], [], at(5)) is None


@given(
    moods=st.lists(st.sampled_from(["calm", "upset", "abusive"]), min_size=1, max_size=12),
    gap=st.floats(min_value=0, max_value=20),
)
def test_after_any_offer_the_same_calls_never_trigger_again(moods: list[Mood], gap: float) -> None:
    calls = [call(n, n * 8, n * 8 + 7, mood) for n, mood in enumerate(moods)]
    now = calls[-1].ended_at
    first = evaluate(BreakPolicy(), calls, [], now)
    if first is None:
        return
    offered = [Offered(now, "dismissed")]
    assert evaluate(BreakPolicy(), calls, [], now.add(seconds=gap * 60), reminders=offered) is None
