from __future__ import annotations

from collections.abc import Callable

import pytest
from pendulum import DateTime

from tui.domain.break_policy import BreakPolicy
from tui.domain.breaks import (
    BREAK_CODES,
    MANUAL_BREAK_CODES,
    Break,
    BreakError,
    Reminder,
    ResetResult,
    break_label,
    check_mood,
    is_visible,
)
from tui.domain.clock import FakeClock
from tui.domain.i18n import LANGS

START = FakeClock("2026-11-24T09:00:00+08:00").now()
POLICY = BreakPolicy(max_snoozes=2, snooze_minutes=5)


def at(minutes: float) -> DateTime:
    return START.add(seconds=minutes * 60)


def fresh() -> Reminder:
    return Reminder("r1", "abusive_call", at(0))


def test_a_new_reminder_is_pending_and_visible_between_calls() -> None:
    reminder = fresh()
    assert reminder.state == "pending"
    assert is_visible(reminder, at(0), in_call=False)


def test_never_visible_during_a_call_and_shown_once_the_call_ends() -> None:
    reminder = fresh()
    assert not is_visible(reminder, at(1), in_call=True)
    assert is_visible(reminder, at(3), in_call=False)
    shown = reminder.show(at(3))
    assert (shown.state, shown.shown_at, shown.updated_at) == ("shown", at(3), at(3))


def test_a_snooze_hides_it_until_snooze_until_and_counts() -> None:
    snoozed = fresh().show(at(0)).snooze(at(1), POLICY)
    assert snoozed.state == "snoozed"
    assert snoozed.snoozes_used == 1
    assert snoozed.snoozes_left(POLICY) == 1
    assert snoozed.snooze_until == at(6)
    assert not is_visible(snoozed, at(5.9), in_call=False)
    assert is_visible(snoozed, at(6), in_call=False)
    assert not is_visible(snoozed, at(6), in_call=True)


def test_showing_again_after_a_snooze_keeps_the_first_shown_at() -> None:
    again = fresh().show(at(0)).snooze(at(1), POLICY).show(at(6))
    assert (again.state, again.shown_at, again.snooze_until) == ("shown", at(0), None)
    assert again.snoozes_used == 1


def test_snoozes_run_out_and_then_are_refused_with_a_message_key() -> None:
    reminder = fresh().show(at(0))
    reminder = reminder.snooze(at(1), POLICY).show(at(6))
    reminder = reminder.snooze(at(7), POLICY).show(at(12))
    assert reminder.snoozes_left(POLICY) == 0
    with pytest.raises(BreakError) as caught:
        reminder.snooze(at(13), POLICY)
    assert caught.value.key == "breaks.error.snoozes_used_up"
    # Used-up snoozes never block anything: it can still be taken or dismissed.
    assert reminder.take(at(13)).state == "taken"
    assert reminder.dismiss(at(13), "busy").state == "dismissed"


def test_no_snoozes_at_all_when_the_policy_allows_none() -> None:
    with pytest.raises(BreakError):
        fresh().show(at(0)).snooze(at(1), BreakPolicy(max_snoozes=0))


def test_dismiss_keeps_a_one_word_reason() -> None:
    dismissed = fresh().show(at(0)).dismiss(at(2), "fine")
    assert (dismissed.state, dismissed.dismiss_reason, dismissed.updated_at) == (
        "dismissed",
        "fine",
        at(2),
    )
    assert not is_visible(dismissed, at(3), in_call=False)


def test_dismiss_refuses_a_reason_not_on_the_list() -> None:
    with pytest.raises(BreakError) as caught:
        fresh().dismiss(at(1), "whatever")
    assert caught.value.key == "breaks.error.unknown_reason"


def test_a_snoozed_reminder_can_be_taken_while_it_is_away() -> None:
    taken = fresh().show(at(0)).snooze(at(1), POLICY).take(at(2))
    assert (taken.state, taken.snooze_until) == ("taken", None)


@pytest.mark.parametrize("close", ["take", "dismiss"])
def test_a_closed_reminder_refuses_every_transition(close: str) -> None:
    shown = fresh().show(at(0))
    closed = shown.take(at(1)) if close == "take" else shown.dismiss(at(1), "later")
    assert not closed.is_open
    attempts: list[Callable[[], object]] = [
        lambda: closed.show(at(2)),
        lambda: closed.snooze(at(2), POLICY),
        lambda: closed.dismiss(at(2), "fine"),
        lambda: closed.take(at(2)),
    ]
    for attempt in attempts:
        with pytest.raises(BreakError) as caught:
            attempt()
        assert caught.value.key == "breaks.error.reminder_closed"


def test_break_codes_have_labels_in_every_language() -> None:
    assert MANUAL_BREAK_CODES == ("rest", "meal", "training", "coaching", "technical")
    for lang in LANGS:
        labels = [break_label(lang, code) for code in BREAK_CODES]
        assert all(not label.startswith("breaks.") for label in labels)
        assert len(set(labels)) == len(BREAK_CODES)


def test_a_running_break_lasts_until_now_and_an_ended_one_until_its_end() -> None:
    running = Break("b", "meal", at(0))
    assert running.running_seconds(at(2.5)) == 150
    assert Break("b", "meal", at(0), at(1)).running_seconds(at(9)) == 60


def test_reset_result_seconds_and_mood_range() -> None:
    assert ResetResult(at(0), at(1.5), 2, 4, completed=False).seconds == 90
    assert check_mood(None) is None
    assert check_mood(5) == 5
    for bad in (0, 6):
        with pytest.raises(BreakError):
            check_mood(bad)
