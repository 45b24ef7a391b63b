from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import pytest
from pendulum import DateTime

from tui.domain.break_policy import BreakPolicy, evaluate
from tui.domain.breaks import BreakError, Reminder
from tui.domain.calls import Call
from tui.domain.clock import FakeClock
from tui.store import breaks as breaks_store
from tui.store import db as db_module
from tui.store.calls import save_call
from tui.store.db import Store
from tui.store.exports import BREAK_FIELDS, stream_breaks
from tui.store.migrations import Migration, apply_migrations
from tui.store.paths import db_dir

AGENT = "A017"
START = FakeClock("2026-11-24T09:00:00+08:00").now()
POLICY = BreakPolicy()


def at(minutes: float) -> DateTime:
    return START.add(seconds=minutes * 60)


def numbered_in_order() -> list[Migration]:
    """Every shipped migration, numbered by file order, so these tests also run while the
    numbering has a gap (0003 written before 0002 lands)."""
    files = sorted((db_dir() / "migrations").glob("*.sql"))
    return [
        Migration(n, path.stem.split("_", 1)[1], path.read_text(encoding="utf-8"))
        for n, path in enumerate(files, start=1)
    ]


@pytest.fixture
async def store(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Store]:
    monkeypatch.setattr(
        db_module, "apply_migrations", partial(apply_migrations, migrations=numbered_in_order())
    )
    opened = await Store.open(tmp_db)
    yield opened
    await opened.close()


async def add_call(store: Store, call_id: str, start: float, end: float, mood: str) -> None:
    row = await store.fetchone("SELECT code FROM reasons ORDER BY code LIMIT 1")
    assert row is not None
    await save_call(
        store,
        Call(call_id, AGENT, at(start), at(end), "", row["code"], "answered", mood, None, ""),
    )


async def test_the_breaks_tables_exist_in_a_migrated_database(store: Store) -> None:
    names = {
        row["name"]
        for row in await store.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {"breaks", "reminders", "reminder_events", "lead_flags"} <= names


async def test_a_manual_break_starts_shows_as_current_and_ends(store: Store) -> None:
    started = await breaks_store.start_break(store, agent=AGENT, code="meal", now=at(0))
    assert await breaks_store.current_break(store, AGENT) == started
    assert await breaks_store.current_break(store, "someone else") is None
    ended = await breaks_store.end_break(store, started.id, now=at(30))
    assert ended.ended_at == at(30)
    assert ended.code == "meal"
    assert await breaks_store.current_break(store, AGENT) is None


async def test_one_break_at_a_time(store: Store) -> None:
    await breaks_store.start_break(store, agent=AGENT, code="rest", now=at(0))
    with pytest.raises(BreakError) as caught:
        await breaks_store.start_break(store, agent=AGENT, code="meal", now=at(1))
    assert caught.value.key == "breaks.error.already_on_break"
    # The database holds the line too, whoever writes to it.
    with pytest.raises(sqlite3.IntegrityError):
        async with store.transaction() as conn:
            await conn.execute(
                "INSERT INTO breaks (id, agent, code, started_at) VALUES ('x', ?, 'rest', ?)",
                (AGENT, "2026-11-24T01:05:00+00:00"),
            )


async def test_ending_a_break_twice_is_refused(store: Store) -> None:
    started = await breaks_store.start_break(store, agent=AGENT, code="rest", now=at(0))
    await breaks_store.end_break(store, started.id, now=at(5))
    with pytest.raises(BreakError) as caught:
        await breaks_store.end_break(store, started.id, now=at(6))
    assert caught.value.key == "breaks.error.break_not_open"


async def test_a_taken_reset_logs_trigger_reminder_real_duration_and_moods(store: Store) -> None:
    reminder = Reminder("r-1", "abusive_call", at(0)).show(at(0)).take(at(1))
    await breaks_store.save_reminder(store, reminder, agent=AGENT)
    started = await breaks_store.start_break(
        store,
        agent=AGENT,
        code="reset",
        now=at(1),
        trigger="abusive_call",
        reminder_id=reminder.id,
    )
    ended = await breaks_store.end_break(
        store, started.id, now=at(1).add(seconds=75), mood_before=2, mood_after=4
    )
    assert (ended.trigger, ended.reminder_id) == ("abusive_call", "r-1")
    assert (ended.mood_before, ended.mood_after) == (2, 4)
    assert ended.running_seconds(at(99)) == 75


async def test_moods_outside_one_to_five_are_refused(store: Store) -> None:
    started = await breaks_store.start_break(store, agent=AGENT, code="rest", now=at(0))
    with pytest.raises(BreakError):
        await breaks_store.end_break(store, started.id, now=at(1), mood_after=6)
    assert await breaks_store.current_break(store, AGENT) == started


async def test_every_reminder_transition_is_logged_once(store: Store) -> None:
    reminder = Reminder("r-2", "long_talk", at(0))
    steps = [reminder]
    steps.append(steps[-1].show(at(0)))
    steps.append(steps[-1].snooze(at(1), POLICY))
    steps.append(steps[-1].show(at(6)))
    steps.append(steps[-1].dismiss(at(7), "busy"))
    for step in steps:
        await breaks_store.save_reminder(store, step, agent=AGENT)
    # Saving the same state again adds nothing to the log.
    await breaks_store.save_reminder(store, steps[-1], agent=AGENT)
    history = await breaks_store.reminder_history(store, "r-2")
    assert history == [
        ("pending", at(0)),
        ("shown", at(0)),
        ("snoozed", at(1)),
        ("shown", at(6)),
        ("dismissed", at(7)),
    ]
    (stored,) = await breaks_store.recent_reminders(store, AGENT, at(-60))
    assert stored == steps[-1]


async def test_the_reminder_log_is_append_only(store: Store) -> None:
    await breaks_store.save_reminder(store, Reminder("r-3", "long_talk", at(0)), agent=AGENT)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with store.transaction() as conn:
            await conn.execute("DELETE FROM reminder_events")


async def test_an_open_reminder_is_read_back_however_old(store: Store) -> None:
    old = Reminder("r-old", "long_talk", at(-600)).show(at(-600))
    done = Reminder("r-done", "long_talk", at(-500)).show(at(-500)).take(at(-499))
    for reminder in (old, done):
        await breaks_store.save_reminder(store, reminder, agent=AGENT)
    found = await breaks_store.recent_reminders(store, AGENT, at(-60))
    assert [r.id for r in found] == ["r-old"]


async def test_policy_inputs_read_back_from_the_store(store: Store) -> None:
    await add_call(store, "c1", 0, 4, "upset")
    await add_call(store, "c2", 5, 9, "upset")
    calls = await breaks_store.recent_call_moods(store, AGENT, at(-60))
    assert [(c.id, c.mood, c.ended_at) for c in calls] == [
        ("c1", "upset", at(4)),
        ("c2", "upset", at(9)),
    ]
    breaks = await breaks_store.recent_breaks(store, AGENT, at(-60))
    reminders = await breaks_store.recent_reminders(store, AGENT, at(-60))
    trigger = evaluate(POLICY, calls, breaks, at(9), reminders=reminders)
    assert trigger is not None and trigger.kind == "upset_streak"

    reminder = Reminder("r-4", trigger.kind, at(9)).show(at(9)).dismiss(at(10), "fine")
    await breaks_store.save_reminder(store, reminder, agent=AGENT)
    reminders = await breaks_store.recent_reminders(store, AGENT, at(-60))
    assert evaluate(POLICY, calls, breaks, at(11), reminders=reminders) is None


async def test_recent_breaks_include_the_running_one(store: Store) -> None:
    first = await breaks_store.start_break(store, agent=AGENT, code="rest", now=at(-300))
    await breaks_store.end_break(store, first.id, now=at(-290))
    second = await breaks_store.start_break(store, agent=AGENT, code="rest", now=at(-200))
    await breaks_store.end_break(store, second.id, now=at(-20))
    running = await breaks_store.start_break(store, agent=AGENT, code="training", now=at(0))
    found = await breaks_store.recent_breaks(store, AGENT, at(-60))
    assert [b.id for b in found] == [second.id, running.id]


async def test_an_abusive_call_is_flagged_for_the_lead_once(store: Store) -> None:
    await add_call(store, "c-abuse", 0, 6, "abusive")
    first = await breaks_store.flag_for_lead(
        store, agent=AGENT, kind="abusive_call", call_id="c-abuse", now=at(6)
    )
    again = await breaks_store.flag_for_lead(
        store, agent=AGENT, kind="abusive_call", call_id="c-abuse", now=at(7)
    )
    assert again == first
    rows = await store.fetchall("SELECT agent, kind, call_id, synced_at FROM lead_flags")
    assert [tuple(r) for r in rows] == [(AGENT, "abusive_call", "c-abuse", None)]


async def test_export_has_one_record_per_break_and_per_reminder(store: Store) -> None:
    reminder = Reminder("r-5", "abusive_call", at(0)).show(at(0)).take(at(1))
    await breaks_store.save_reminder(store, reminder, agent=AGENT)
    reset = await breaks_store.start_break(
        store, agent=AGENT, code="reset", now=at(1), trigger="abusive_call", reminder_id="r-5"
    )
    await breaks_store.end_break(store, reset.id, now=at(3), mood_before=2, mood_after=3)
    snoozed = Reminder("r-6", "long_talk", at(10)).show(at(10)).snooze(at(11), POLICY)
    await breaks_store.save_reminder(store, snoozed, agent=AGENT)
    meal = await breaks_store.start_break(store, agent=AGENT, code="meal", now=at(20))

    with sqlite3.connect(store.path) as conn:
        chunks = stream_breaks(conn)
        records = [dict(zip(BREAK_FIELDS, r, strict=True)) for chunk in chunks for r in chunk]
    assert [(r["kind"], r["id"]) for r in records] == [
        ("reminder", "r-5"),
        ("break", reset.id),
        ("reminder", "r-6"),
        ("break", meal.id),
    ]
    assert len({frozenset(r) for r in records}) == 1, "every record has the same keys"
    taken, reset_row, snoozed_row, meal_row = records
    assert taken["trigger"] == "abusive_call" and taken["state"] == "taken"
    assert taken["ended_at"] == "2026-11-24T01:01:00+00:00"
    assert reset_row["code"] == "reset" and reset_row["reminder_id"] == "r-5"
    assert (reset_row["mood_before"], reset_row["mood_after"]) == (2, 3)
    assert reset_row["started_at"] == "2026-11-24T01:01:00+00:00"
    assert reset_row["ended_at"] == "2026-11-24T01:03:00+00:00"
    assert (snoozed_row["state"], snoozed_row["ended_at"], snoozed_row["snoozes_used"]) == (
        "snoozed",
        None,
        1,
    )
    assert (meal_row["state"], meal_row["ended_at"], meal_row["agent"]) == ("open", None, AGENT)
