from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pendulum import DateTime

from tui.domain import register
from tui.domain.clock import from_iso, to_iso
from tui.domain.complaints import ComplaintFacts, parse_form
from tui.domain.i18n import LANGS, catalog
from tui.domain.register import (
    GENESIS,
    KINDS,
    PAYLOAD_KEYS,
    ComplaintState,
    Event,
    RegisterCorrupt,
    RegisterRefused,
    canonical_json,
    check_event,
    derive,
    opening_payload,
    read_instant,
    seal,
    verify_chain,
)

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")  # 09:00 in Shanghai
FORM = {
    "customer_name": "王小明",
    "contact": "138 1234 5678",
    "reference": "A-1001",
    "class_code": "complex",
    "department": "",
    "what_happened": "相册做错了,客户很生气 😠",
    "remedy_requested": "重做",
}


def hours(n: float) -> DateTime:
    return T0.add(minutes=int(n * 60))


def open_chain(
    complaint_id: str = "c1", *, actor: str = "li", at: DateTime = T0, promise_h: float = 24
) -> tuple[ComplaintFacts, list[Event]]:
    facts = ComplaintFacts.from_form(
        parse_form(FORM), id=complaint_id, call_id=None, opened_at=to_iso(at), opened_by=actor
    )
    payload = opening_payload(facts, promised_at=at + timedelta(hours=promise_h), rule_revision=3)
    event = seal(
        event_id=f"{complaint_id}-e1",
        complaint_id=complaint_id,
        seq=1,
        kind="opened",
        actor=actor,
        at=at,
        payload=payload,
        prev_hash=GENESIS,
    )
    return facts, [event]


def add(
    events: list[Event], kind: str, payload: dict[str, object], *, at: DateTime, actor: str = "li"
) -> ComplaintState:
    """Append the way the store does: check against the derived state, then seal."""
    clean = check_event(derive(events), kind, payload, actor, at)
    last = events[-1]
    events.append(
        seal(
            event_id=f"{last.complaint_id}-e{last.seq + 1}",
            complaint_id=last.complaint_id,
            seq=last.seq + 1,
            kind=kind,
            actor=actor,
            at=at,
            payload=clean,
            prev_hash=last.hash,
        )
    )
    return derive(events)


def refused(events: list[Event], kind: str, payload: dict[str, object], *, at: DateTime) -> str:
    with pytest.raises(RegisterRefused) as info:
        check_event(derive(events), kind, payload, "li", at)
    return info.value.key


# ---------------------------------------------------------------- serialisation and hashing


def test_canonical_json_is_sorted_compact_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": "投诉 민원 😠"}) == '{"a":"投诉 민원 😠","b":1}'


def test_the_opened_event_carries_facts_and_promise_in_utc() -> None:
    facts, events = open_chain()
    data = events[0].data
    assert data["facts"] == facts.as_record()
    assert data["facts"]["contact"] == "13812345678"
    assert data["promised_at"] == "2026-11-25T01:00:00+00:00"
    assert data["rule_revision"] == 3
    assert data["class_code"] == "complex"
    assert events[0].prev_hash == GENESIS
    assert events[0].hash == events[0].expected_hash()
    assert "王小明" in events[0].payload


def test_each_event_carries_the_hash_of_the_one_before() -> None:
    _, events = open_chain()
    add(events, "note", {"text": "客户说明天下午有空"}, at=hours(1))
    add(events, "forwarded", {"department": "制作部"}, at=hours(2))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert len({e.hash for e in events}) == 3


def test_a_promise_given_with_an_offset_is_stored_in_utc() -> None:
    _, events = open_chain()
    state = add(
        events,
        "followup_scheduled",
        {"due_at": "2026-11-26T10:00:00+08:00"},
        at=hours(1),
    )
    assert to_iso(state.followups_due[0].due_at) == "2026-11-26T02:00:00+00:00"
    assert events[-1].data["due_at"] == "2026-11-26T02:00:00+00:00"


def test_a_time_without_an_offset_is_refused_not_guessed() -> None:
    _, events = open_chain()
    key = refused(events, "followup_scheduled", {"due_at": "2026-11-26T10:00:00"}, at=hours(1))
    assert key == "complaint.bad_time"


# ---------------------------------------------------------------- verification


def _register() -> tuple[dict[str, dict[str, str | None]], list[Event]]:
    facts_a, a = open_chain("a")
    add(a, "contacted", {"note": "已告知进度", "number": "13812345678"}, at=hours(1))
    add(a, "extended", {"reason": "工厂排期", "promised_at": to_iso(hours(48))}, at=hours(2))
    add(a, "paused", {"reason": "等客户寄回照片", "remaining_s": 3600 * 20}, at=hours(3))
    add(a, "resumed", {"promised_at": to_iso(hours(40))}, at=hours(5))
    facts_b, b = open_chain("b", actor="kim", at=hours(0.5))
    add(b, "escalated", {"reason": "客户要求主管回电"}, at=hours(1.5), actor="kim")
    complaints = {f.id: dict(f.as_record()) for f in (facts_a, facts_b)}
    return complaints, a + b


def test_an_untouched_register_verifies() -> None:
    complaints, events = _register()
    assert verify_chain(complaints, events) == ()


FIELDS = [f.name for f in dataclasses.fields(Event)]


def _altered(value: object, seed: str) -> object:
    if isinstance(value, int):
        return value + 1 + len(seed)
    text = str(value)
    return text + (seed or "x") if not text.endswith(seed or "x") else text[:-1]


@settings(max_examples=300, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=6),
    field=st.sampled_from(FIELDS),
    seed=st.text(min_size=0, max_size=3),
)
def test_any_single_field_change_of_any_event_is_detected_and_named(
    index: int, field: str, seed: str
) -> None:
    complaints, events = _register()
    original = events[index]
    # The field is drawn at run time, so its value's type is only known then.
    change: dict[str, Any] = {field: _altered(getattr(original, field), seed)}
    changed = dataclasses.replace(original, **change)
    assert changed != original
    events[index] = changed
    problems = verify_chain(complaints, events)
    assert problems, f"changing {field} went unnoticed"
    first = problems[0]
    assert first.event_id == changed.id
    assert first.complaint_id == changed.complaint_id
    assert (first.kind, first.at) == (changed.kind, changed.at)


@settings(max_examples=200, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=6),
    donor=st.integers(min_value=0, max_value=6),
    field=st.sampled_from(FIELDS),
)
def test_a_value_copied_from_another_event_is_detected_and_named(
    index: int, donor: int, field: str
) -> None:
    complaints, events = _register()
    original = events[index]
    value = getattr(events[donor], field)
    assume(value != getattr(original, field))
    changed = dataclasses.replace(original, **{field: value})
    events[index] = changed
    first = verify_chain(complaints, events)[0]
    assert (first.event_id, first.complaint_id) == (changed.id, changed.complaint_id)


def test_a_change_that_keeps_the_json_meaning_is_still_caught() -> None:
    complaints, events = _register()
    spaced = json.dumps(events[1].data, ensure_ascii=False, indent=1)
    events[1] = dataclasses.replace(events[1], payload=spaced)
    assert verify_chain(complaints, events)[0].event_id == events[1].id


def test_an_edited_complaint_row_is_named_by_its_opening_event() -> None:
    complaints, events = _register()
    complaints["b"]["what_happened"] = "客户无理取闹"
    first = verify_chain(complaints, events)[0]
    assert (first.complaint_id, first.event_id, first.kind) == ("b", "b-e1", "opened")
    assert first.reason == "facts_mismatch"


def test_a_deleted_event_is_named_by_the_one_after_the_gap() -> None:
    complaints, events = _register()
    del events[2]
    first = verify_chain(complaints, events)[0]
    assert (first.event_id, first.reason) == ("a-e4", "seq_gap")


def test_a_complaint_without_events_and_events_without_a_complaint_are_found() -> None:
    complaints, events = _register()
    complaints["ghost"] = dict(complaints["a"], id="ghost")
    del complaints["b"]
    reasons = {(p.complaint_id, p.reason) for p in verify_chain(complaints, events)}
    assert ("ghost", "missing_opened") in reasons
    assert ("b", "orphan_event") in reasons


# ---------------------------------------------------------------- derived state, kind by kind


def test_opened() -> None:
    _, events = open_chain()
    state = derive(events)
    assert state.status == "open"
    assert state.owner == state.opened_by == "li"
    assert state.original_promised_at == state.promised_at == hours(24)
    assert state.rule_revision == 3 and state.class_code == "complex"
    assert state.escalated is False and state.extensions == 0
    assert state.remaining_s is None and state.replied_at is None and state.closed_at is None
    assert state.followups_due == () and state.last_contact is None
    assert state.overdue(hours(23)) is False
    assert state.overdue(hours(25)) is True


def test_note_changes_nothing_but_the_count() -> None:
    _, events = open_chain()
    before = derive(events)
    after = add(events, "note", {"text": "客户情绪激动"}, at=hours(1))
    assert after.events == 2
    assert dataclasses.replace(after, events=1, last_event_at=T0) == before
    assert refused(events, "note", {"text": "   "}, at=hours(2)) == "complaint.note_required"


def test_forwarded_records_the_department_it_waits_on() -> None:
    _, events = open_chain()
    assert add(events, "forwarded", {"department": "制作部"}, at=hours(1)).department == "制作部"
    key = refused(events, "forwarded", {"department": ""}, at=hours(2))
    assert key == "complaint.forward_needs_department"


def test_contacted_is_the_last_contact() -> None:
    _, events = open_chain()
    state = add(events, "contacted", {"note": "已回电说明", "number": "010-1234567"}, at=hours(1))
    assert state.last_contact is not None
    assert (state.last_contact.at, state.last_contact.note) == (hours(1), "已回电说明")
    assert events[-1].data["number"] == "0101234567"
    assert refused(events, "contacted", {"note": ""}, at=hours(2)) == "complaint.contact_needs_note"
    key = refused(events, "contacted", {"note": "x", "number": "abc"}, at=hours(2))
    assert key == "phone.bad_chars"


def test_escalated() -> None:
    _, events = open_chain()
    assert add(events, "escalated", {"reason": "客户要求主管"}, at=hours(1)).escalated is True
    key = refused(events, "escalated", {"reason": ""}, at=hours(2))
    assert key == "complaint.escalate_needs_reason"


def test_replied_only_when_open_and_the_promise_is_judged() -> None:
    _, events = open_chain()
    state = add(events, "replied", {"summary": "已重做并寄出"}, at=hours(20))
    assert state.status == "replied" and state.replied_at == hours(20)
    assert state.promise_kept is True
    assert refused(events, "replied", {"summary": "again"}, at=hours(21)) == (
        "complaint.reply_not_open"
    )


def test_a_late_reply_is_a_broken_promise() -> None:
    _, events = open_chain(promise_h=2)
    assert add(events, "replied", {"summary": "晚了"}, at=hours(3)).promise_kept is False


def test_followups_scheduled_and_done() -> None:
    _, events = open_chain()
    add(events, "replied", {"summary": "已处理"}, at=hours(1))
    add(events, "followup_scheduled", {"due_at": to_iso(hours(72)), "note": "回访"}, at=hours(1))
    state = add(events, "followup_scheduled", {"due_at": to_iso(hours(30))}, at=hours(1))
    assert [f.due_at for f in state.followups_due] == [hours(30), hours(72)]
    first = state.followups_due[0].event_id
    state = add(events, "followup_done", {"followup": first, "satisfied": True}, at=hours(31))
    assert [f.due_at for f in state.followups_due] == [hours(72)]
    key = refused(events, "followup_done", {"followup": first}, at=hours(32))
    assert key == "complaint.followup_unknown"
    key = refused(events, "followup_scheduled", {"due_at": to_iso(hours(1))}, at=hours(32))
    assert key == "complaint.followup_bad_due"


def test_closed_takes_nothing_more() -> None:
    _, events = open_chain()
    add(events, "replied", {"summary": "已处理"}, at=hours(1))
    state = add(events, "closed", {"resolution": "客户满意"}, at=hours(2))
    assert state.status == "closed" and state.closed_at == hours(2)
    for kind in KINDS:
        if kind == "opened":
            continue
        assert refused(events, kind, {}, at=hours(3)) == "complaint.closed"
    assert refused(events, "opened", {}, at=hours(3)) == "complaint.already_opened"


def test_close_needs_a_resolution_and_no_pending_followup() -> None:
    _, events = open_chain()
    assert refused(events, "closed", {}, at=hours(1)) == "complaint.close_needs_resolution"
    add(events, "followup_scheduled", {"due_at": to_iso(hours(30))}, at=hours(1))
    key = refused(events, "closed", {"resolution": "ok"}, at=hours(2))
    assert key == "complaint.close_followup_pending"


def test_reassigned_moves_ownership_not_authorship() -> None:
    _, events = open_chain()
    state = add(
        events, "reassigned", {"to": "zhang", "reason": "li 调班"}, at=hours(1), actor="lead"
    )
    assert (state.owner, state.opened_by) == ("zhang", "li")
    assert refused(events, "reassigned", {"to": "zhang"}, at=hours(2)) == (
        "complaint.reassign_same_owner"
    )
    assert refused(events, "reassigned", {"to": ""}, at=hours(2)) == (
        "complaint.reassign_needs_owner"
    )


# ---------------------------------------------------------------- extension


def test_extension_needs_a_reason() -> None:
    _, events = open_chain()
    add(events, "contacted", {"note": "已说明需要延期"}, at=hours(1))
    key = refused(events, "extended", {"promised_at": to_iso(hours(48))}, at=hours(2))
    assert key == "complaint.extend_needs_reason"


def test_extension_without_a_recorded_contact_is_refused() -> None:
    _, events = open_chain()
    key = refused(
        events, "extended", {"reason": "工厂排期", "promised_at": to_iso(hours(48))}, at=hours(2)
    )
    assert key == "complaint.extend_needs_contact"


def test_extension_after_a_contacted_event_keeps_the_original_visible() -> None:
    _, events = open_chain()
    add(events, "contacted", {"note": "已说明需要延期,客户同意"}, at=hours(1))
    state = add(
        events, "extended", {"reason": "工厂排期", "promised_at": to_iso(hours(48))}, at=hours(2)
    )
    assert state.original_promised_at == hours(24)
    assert state.promised_at == hours(48)
    assert state.promise_made_at == hours(2)
    assert state.extensions == 1


def test_a_contact_before_the_current_promise_does_not_cover_a_second_extension() -> None:
    _, events = open_chain()
    add(events, "contacted", {"note": "第一次沟通"}, at=hours(1))
    add(events, "extended", {"reason": "排期", "promised_at": to_iso(hours(48))}, at=hours(2))
    key = refused(
        events, "extended", {"reason": "再排期", "promised_at": to_iso(hours(72))}, at=hours(3)
    )
    assert key == "complaint.extend_needs_contact"


def test_extension_carrying_its_own_contact_record() -> None:
    _, events = open_chain()
    state = add(
        events,
        "extended",
        {
            "reason": "工厂排期",
            "promised_at": to_iso(hours(48)),
            "contact": {"note": "电话告知客户,客户同意", "number": "+86 138 1234 5678"},
        },
        at=hours(2),
    )
    assert state.promised_at == hours(48)
    assert state.last_contact is not None and state.last_contact.at == hours(2)
    assert events[-1].data["contact"]["number"] == "+8613812345678"
    key = refused(
        events,
        "extended",
        {"reason": "x", "promised_at": to_iso(hours(72)), "contact": {"note": " "}},
        at=hours(3),
    )
    assert key == "complaint.extend_needs_contact"


def test_extension_must_move_the_promise_later() -> None:
    _, events = open_chain()
    add(events, "contacted", {"note": "沟通"}, at=hours(1))
    key = refused(
        events, "extended", {"reason": "x", "promised_at": to_iso(hours(20))}, at=hours(2)
    )
    assert key == "complaint.extend_not_later"


# ---------------------------------------------------------------- pause and resume


def test_pause_records_the_time_left_and_resume_the_new_promise() -> None:
    _, events = open_chain()
    state = add(events, "paused", {"reason": "等客户提供照片", "remaining_s": 7200}, at=hours(3))
    assert state.status == "paused"
    assert state.promised_at is None and state.remaining_s == 7200
    assert state.overdue(hours(100)) is False
    assert refused(events, "paused", {"reason": "x", "remaining_s": 1}, at=hours(4)) == (
        "complaint.pause_not_open"
    )
    assert refused(events, "replied", {"summary": "x"}, at=hours(4)) == "complaint.reply_not_open"
    key = refused(
        events, "extended", {"reason": "x", "promised_at": to_iso(hours(99))}, at=hours(4)
    )
    assert key == "complaint.extend_not_open"
    state = add(events, "resumed", {"promised_at": to_iso(hours(30))}, at=hours(28))
    assert state.status == "open"
    assert state.promised_at == hours(30) and state.remaining_s is None
    assert state.original_promised_at == hours(24)
    assert refused(events, "resumed", {"promised_at": to_iso(hours(40))}, at=hours(29)) == (
        "complaint.resume_not_paused"
    )


def test_resuming_does_not_make_a_new_promise_for_the_extension_rule() -> None:
    _, events = open_chain()
    add(events, "contacted", {"note": "沟通"}, at=hours(1))
    add(events, "paused", {"reason": "等资料", "remaining_s": 3600}, at=hours(2))
    add(events, "resumed", {"promised_at": to_iso(hours(10))}, at=hours(9))
    state = add(
        events, "extended", {"reason": "排期", "promised_at": to_iso(hours(20))}, at=hours(9.5)
    )
    assert state.promised_at == hours(20)


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"remaining_s": 60}, "complaint.pause_needs_reason"),
        ({"reason": "x"}, "complaint.pause_bad_remaining"),
        ({"reason": "x", "remaining_s": -1}, "complaint.pause_bad_remaining"),
        ({"reason": "x", "remaining_s": True}, "complaint.pause_bad_remaining"),
        ({"reason": "x", "remaining_s": 1.5}, "complaint.pause_bad_remaining"),
    ],
)
def test_pause_needs_a_reason_and_whole_seconds(payload: dict[str, object], key: str) -> None:
    _, events = open_chain()
    assert refused(events, "paused", payload, at=hours(1)) == key


def test_resume_cannot_promise_the_past() -> None:
    _, events = open_chain()
    add(events, "paused", {"reason": "等资料", "remaining_s": 0}, at=hours(1))
    key = refused(events, "resumed", {"promised_at": to_iso(hours(1))}, at=hours(2))
    assert key == "complaint.resume_bad_promise"


# ---------------------------------------------------------------- general refusals


def test_general_refusals() -> None:
    _, events = open_chain()
    assert refused(events, "note", {"text": "x"}, at=hours(-1)) == (
        "complaint.event_before_previous"
    )
    assert refused(events, "note", {"text": "x", "extra": 1}, at=hours(1)) == (
        "complaint.bad_payload"
    )
    assert refused(events, "note", {"text": "字" * 4001}, at=hours(1)) == "complaint.text_too_long"
    assert refused(events, "shouted", {}, at=hours(1)) == "complaint.unknown_kind"
    with pytest.raises(RegisterRefused) as info:
        check_event(derive(events), "note", {"text": "x"}, "  ", hours(1))
    assert info.value.key == "complaint.actor_required"


def test_a_promise_before_opening_is_refused() -> None:
    with pytest.raises(RegisterRefused) as info:
        open_chain(promise_h=-1)
    assert info.value.key == "complaint.promise_in_past"


def test_derive_rejects_a_history_that_does_not_start_with_opened() -> None:
    _, events = open_chain()
    add(events, "note", {"text": "x"}, at=hours(1))
    with pytest.raises(RegisterCorrupt):
        derive(events[1:])
    with pytest.raises(RegisterCorrupt):
        derive([])


def test_every_payload_kind_is_a_kind_and_every_kind_but_opened_has_a_payload() -> None:
    assert set(PAYLOAD_KEYS) == set(KINDS) - {"opened"}
    assert len(KINDS) == 13


def test_every_refusal_key_is_translated() -> None:
    source = Path(register.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'"(complaint\.[a-z_]+)"', source))
    assert len(keys) > 25
    for key in keys:
        assert key in catalog(), key
        assert set(catalog()[key]) == set(LANGS)


def test_kind_and_status_labels_exist() -> None:
    for kind in KINDS:
        assert f"complaint.kind.{kind}" in catalog()
    for status in ("open", "paused", "replied", "closed"):
        assert f"complaint.status.{status}" in catalog()


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
        ),
    )
)
def test_read_instant_agrees_with_from_iso(when: datetime) -> None:
    text = when.isoformat()
    fast = read_instant(text)
    assert fast == from_iso(text)
    assert fast.utcoffset() == timedelta(0)
    assert to_iso(fast) == to_iso(from_iso(text))


def test_stored_times_parse_back_exactly() -> None:
    _, events = open_chain()
    assert from_iso(events[0].at) == T0
