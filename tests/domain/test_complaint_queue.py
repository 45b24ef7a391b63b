"""Queue rows: states and countdowns from precomputed instants, order, pauses, typed times."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.clock import to_iso
from tui.domain.complaint_queue import (
    build_queue,
    countdown,
    extension_default,
    items_for,
    parse_when,
    remaining_business,
    resumed_due,
    when_input,
)
from tui.domain.complaints import ComplaintFacts, parse_form
from tui.domain.deadline_rules import RuleSet, load_rules
from tui.domain.deadlines import make_promise
from tui.domain.register import GENESIS, ComplaintState, Event, apply, derive, opening_payload, seal

SEED = Path(__file__).parents[2] / "db" / "seed" / "deadlines.toml"
RULES: RuleSet = load_rules(SEED)
ZONE = "Asia/Shanghai"
T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")  # Tuesday 09:00 in Shanghai


def opened(
    code: str = "simple", at: pendulum.DateTime = T0, *, cid: str = "c1", name: str = "王小明"
) -> tuple[ComplaintFacts, list[Event]]:
    form = parse_form(
        {
            "customer_name": name,
            "contact": "138-1234-5678",
            "class_code": code,
            "what_happened": "快递  三天\n没到 📦",
        }
    )
    facts = ComplaintFacts.from_form(
        form, id=cid, call_id=None, opened_at=to_iso(at), opened_by="Lin"
    )
    due = make_promise(RULES, code, at).due
    payload = opening_payload(facts, promised_at=due, rule_revision=RULES.revision)
    event = seal(
        event_id=f"{cid}-1",
        complaint_id=cid,
        seq=1,
        kind="opened",
        actor="Lin",
        at=at,
        payload=payload,
        prev_hash=GENESIS,
    )
    return facts, [event]


def then(events: list[Event], kind: str, at: pendulum.DateTime, **payload: object) -> None:
    last = events[-1]
    events.append(
        seal(
            event_id=f"{last.complaint_id}-{last.seq + 1}",
            complaint_id=last.complaint_id,
            seq=last.seq + 1,
            kind=kind,
            actor="Lin",
            at=at,
            payload=payload,
            prev_hash=last.hash,
        )
    )


def test_a_simple_complaint_row_ticks_through_its_states() -> None:
    facts, events = opened()
    (row,) = items_for(facts, derive(events), RULES, zone=ZONE)
    assert row.customer == "王**" and row.contact == "1******5678"
    assert row.summary == "快递 三天 没到 📦"
    assert row.label("zh") == "易查问题" and row.zone == ZONE
    assert [m.level for m in row.marks] == ["50%", "due-soon", "overdue"]
    ts = T0.timestamp()
    assert row.state(ts) == "on-track"
    assert row.seconds_left(ts) == 7200
    assert row.state(ts + 90 * 60) == "due-soon"  # the last 30 minutes of 2 hours
    assert row.state(ts + 7200) == "overdue"
    assert row.seconds_left(ts + 7260) == -60


def test_paused_rows_freeze_and_replied_rows_stop_counting() -> None:
    facts, events = opened()
    then(events, "paused", T0.add(minutes=30), reason="等客户补材料", remaining_s=5400)
    (paused,) = items_for(facts, derive(events), RULES, zone=ZONE)
    assert paused.state(T0.timestamp() + 10**6) == "paused"
    assert paused.seconds_left(0) == 5400 and paused.marks == () and paused.due is None
    facts, events = opened()
    then(events, "replied", T0.add(minutes=30), summary="已回复")
    (replied,) = items_for(facts, derive(events), RULES, zone=ZONE)
    assert replied.state(T0.timestamp()) == "replied" and replied.seconds_left(0) is None


def test_follow_up_calls_get_their_own_rows() -> None:
    facts, events = opened()
    then(events, "replied", T0.add(minutes=30), summary="已回复")
    then(
        events, "followup_scheduled", T0.add(minutes=31), due_at=to_iso(T0.add(days=1)), note="回访"
    )
    complaint, call = items_for(facts, derive(events), RULES, zone=ZONE)
    assert call.kind == "followup" and call.key == events[-1].id and call.note == "回访"
    assert call.state(T0.add(hours=23).timestamp()) == "followup"
    assert call.state(T0.add(days=1).timestamp()) == "followup-due"
    assert [m.level for m in call.marks] == ["followup-due"]


def test_closed_complaints_leave_the_queue() -> None:
    facts, events = opened()
    then(events, "closed", T0.add(minutes=5), resolution="已解决")
    assert items_for(facts, derive(events), RULES, zone=ZONE) == []


def test_queue_order_is_soonest_deadline_first_then_paused_then_replied() -> None:
    a = opened("complex", cid="a")
    b = opened("simple", cid="b")
    c = opened("simple", cid="c")
    then(c[1], "paused", T0.add(minutes=1), reason="x", remaining_s=60)
    d = opened("rework-photo", cid="d")
    then(d[1], "replied", T0.add(minutes=1), summary="ok")
    then(d[1], "followup_scheduled", T0.add(minutes=2), due_at=to_iso(T0.add(hours=3)))
    pairs = [(facts, derive(events)) for facts, events in (a, b, c, d)]
    keys = [item.key for item in build_queue(pairs, RULES, zone=ZONE)]
    assert keys == ["b", d[1][-1].id, "a", "c", "d"]


def test_an_extended_promise_gets_a_new_signature_and_warnings_from_when_it_was_given() -> None:
    facts, events = opened()
    before = items_for(facts, derive(events), RULES, zone=ZONE)[0]
    then(events, "contacted", T0.add(minutes=100), note="告知客户需延期")
    new_due = T0.add(hours=6)  # 15:00 Shanghai
    then(events, "extended", T0.add(minutes=101), reason="仓库核查", promised_at=to_iso(new_due))
    after = items_for(facts, derive(events), RULES, zone=ZONE)[0]
    assert after.signature != before.signature and after.due == new_due
    assert after.original_due == before.due and after.extensions == 1
    overdue = [m for m in after.marks if m.level == "overdue"]
    assert overdue[0].at == new_due
    half = [m for m in after.marks if m.level == "50%"][0]
    assert T0.add(minutes=101) < half.at < new_due


def test_a_class_the_rules_no_longer_know_still_warns() -> None:
    facts, events = opened()
    rules = RuleSet("other.toml", "rev", RULES.calendars, {"complex": RULES.get("complex")})
    (row,) = items_for(facts, derive(events), rules, zone=ZONE)
    assert [m.level for m in row.marks] == ["due-soon", "overdue"]
    assert row.marks[-1].at == derive(events).promised_at
    assert row.label("en") == "simple" and row.zone == ZONE


def test_pause_keeps_business_time_and_resume_gives_it_back() -> None:
    facts, events = opened()  # due 11:00
    state = derive(events)
    paused_at = T0.add(minutes=30)  # 09:30: 90 office minutes left
    assert remaining_business(state, RULES, paused_at) == 90 * 60
    then(events, "paused", paused_at, reason="等客户", remaining_s=90 * 60)
    state = derive(events)
    # Resumed at 11:30 Shanghai: 30 minutes before lunch, then 60 after 13:30.
    resumed = resumed_due(state, RULES, T0.add(hours=2, minutes=30))
    assert resumed == pendulum.datetime(2026, 11, 24, 14, 30, tz=ZONE)


def test_an_overdue_promise_pauses_with_nothing_left() -> None:
    _, events = opened()
    assert remaining_business(derive(events), RULES, T0.add(hours=5)) == 0


def test_the_suggested_extension_is_one_more_period_of_the_class() -> None:
    _, events = opened()  # simple: due 11:00
    suggested = extension_default(derive(events), RULES, T0.add(minutes=10))
    assert suggested == pendulum.datetime(2026, 11, 24, 14, 30, tz=ZONE)


@settings(max_examples=60, deadline=None)
@given(
    opened_min=st.integers(min_value=0, max_value=60 * 24 * 10),
    pause_min=st.integers(min_value=0, max_value=60 * 24 * 3),
    wait_min=st.integers(min_value=0, max_value=60 * 24 * 20),
    code=st.sampled_from(["simple", "complex", "source", "rework-frame"]),
)
def test_a_pause_never_gains_or_loses_business_time(
    opened_min: int, pause_min: int, wait_min: int, code: str
) -> None:
    start = T0.add(minutes=opened_min)
    _, events = opened(code, start)
    state = derive(events)
    assert state.promised_at is not None
    paused_at = start.add(minutes=pause_min)
    left = remaining_business(state, RULES, paused_at)
    then(events, "paused", paused_at, reason="r", remaining_s=left)
    resume_at = paused_at.add(minutes=wait_min)
    due = resumed_due(derive(events), RULES, resume_at)
    calendar = RULES.get(code).calendar
    from tui.domain.calendars import business_time_between

    assert due >= resume_at
    assert business_time_between(resume_at, due, calendar) == timedelta(seconds=left)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00:00"),
        (59.9, "0:00:59"),
        (7200, "2:00:00"),
        (47 * 3600 + 61, "47:01:01"),
        (99 * 3600 + 3599, "99:59:59"),
        (100 * 3600, "4d 04h"),
        (-750, "-0:12:30"),
        (-5 * 86400, "-5d 00h"),
    ],
)
def test_countdown_faces(seconds: float, text: str) -> None:
    assert countdown(seconds) == text


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False))
def test_countdown_fits_its_column(seconds: float) -> None:
    assert len(countdown(seconds)) <= 10


NOW = pendulum.datetime(2026, 11, 24, 9, 15, tz=ZONE)


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("+2h", "2026-11-24 11:15"),
        ("+90m", "2026-11-24 10:45"),
        ("+1d4h", "2026-11-25 13:15"),
        ("16:30", "2026-11-24 16:30"),
        ("08:00", "2026-11-25 08:00"),  # already past today: tomorrow
        ("11-30 10:00", "2026-11-30 10:00"),
        ("2027-01-04 09:00", "2027-01-04 09:00"),
        ("2027-01-04T09:00", "2027-01-04 09:00"),
    ],
)
def test_typed_times(text: str, local: str) -> None:
    parsed = parse_when(text, NOW, ZONE)
    assert parsed is not None and parsed.utcoffset() == timedelta(0)
    assert when_input(parsed, ZONE) == local


@pytest.mark.parametrize("text", ["", "+", "tomorrow", "25:00", "2026-13-01 10:00", "+2x"])
def test_unreadable_times_are_refused(text: str) -> None:
    assert parse_when(text, NOW, ZONE) is None


def test_when_input_reads_back() -> None:
    due = pendulum.datetime(2026, 11, 25, 2, 30, tz="UTC")
    assert parse_when(when_input(due, ZONE), NOW, ZONE) == due


def test_rows_without_a_clock_sort_last() -> None:
    facts, events = opened()
    then(events, "paused", T0.add(minutes=1), reason="x", remaining_s=60)
    (row,) = items_for(facts, derive(events), RULES, zone=ZONE)
    assert math.isinf(row.due_ts) and row.bucket == 1


def test_apply_is_what_the_rows_see() -> None:
    facts, events = opened()
    state: ComplaintState = derive(events)
    then(events, "escalated", T0.add(minutes=3), reason="客户情绪激动", to="主管")
    state = apply(state, events[-1])
    (row,) = items_for(facts, state, RULES, zone=ZONE)
    assert row.escalated
