"""The shift's figures: calls per hour, the reason mix, satisfaction, promises settled."""

from __future__ import annotations

from collections.abc import Mapping

import pendulum
from hypothesis import given
from hypothesis import strategies as st
from pendulum import DateTime

from tui.domain.complaints import ComplaintFacts
from tui.domain.register import Event, opening_payload, seal
from tui.domain.shift_figures import (
    calls_per_day,
    calls_per_hour,
    judge_promise,
    promises_in,
    reason_group,
    reason_mix,
    satisfaction,
)

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")


def chain(
    cid: str,
    actor: str,
    opened: DateTime,
    promised: DateTime,
    *steps: tuple[str, str, DateTime, Mapping[str, object]],
) -> tuple[Event, ...]:
    """A complaint's register built with the register's own sealing."""
    facts = ComplaintFacts(
        id=cid, call_id=None, opened_at=opened.isoformat(), opened_by=actor, customer_name="王芳",
        contact="13800138000", reference="", class_code="easy", department="", what_happened="x",
        remedy_requested="",
    )  # fmt: skip
    events = [
        seal(
            event_id=f"{cid}-1",
            complaint_id=cid,
            seq=1,
            kind="opened",
            actor=actor,
            at=opened,
            payload=opening_payload(facts, promised_at=promised, rule_revision=1),
            prev_hash="0" * 64,
        )  # fmt: skip
    ]
    for i, (kind, who, at, payload) in enumerate(steps, start=2):
        events.append(
            seal(
                event_id=f"{cid}-{i}",
                complaint_id=cid,
                seq=i,
                kind=kind,
                actor=who,
                at=at,
                payload=payload,
                prev_hash=events[-1].hash,
            )  # fmt: skip
        )
    return tuple(events)


def test_calls_per_hour_counts_every_hour_of_the_shift_in_the_leads_zone() -> None:
    start = pendulum.datetime(2026, 11, 24, 0, 0, tz="Asia/Shanghai").in_timezone("UTC")
    now = start.add(hours=3, minutes=10)
    counts = [(start.add(minutes=5), 2), (start.add(hours=2, minutes=59), 1), (now, 9)]
    hours = calls_per_hour(counts, start=start, end=now, zone="Asia/Shanghai")
    assert [h.calls for h in hours] == [2, 0, 1, 0]
    assert [h.start.hour for h in hours] == [0, 1, 2, 3]


def test_a_half_hour_zone_buckets_by_its_own_hours() -> None:
    zone = "Asia/Kolkata"  # UTC+5:30
    start = pendulum.datetime(2026, 11, 24, tz=zone).in_timezone("UTC")
    counts = [(start.add(minutes=29), 1), (start.add(minutes=31), 1), (start.add(minutes=61), 1)]
    hours = calls_per_hour(counts, start=start, end=start.add(hours=2), zone=zone)
    assert [h.calls for h in hours] == [2, 1]


@given(
    st.lists(
        st.tuples(st.integers(min_value=-120, max_value=24 * 60 + 120), st.integers(1, 5)),
        max_size=60,
    ),
    st.sampled_from(["UTC", "Asia/Seoul", "Asia/Kolkata", "America/New_York"]),
)
def test_hours_and_days_hold_every_call_in_the_span_once(
    offsets: list[tuple[int, int]], zone: str
) -> None:
    start = pendulum.datetime(2026, 11, 24, tz=zone).in_timezone("UTC")
    end = start.add(hours=24)
    counts = [(start.add(minutes=m), n) for m, n in offsets]
    inside = sum(n for m, n in offsets if 0 <= m < 24 * 60)
    assert sum(h.calls for h in calls_per_hour(counts, start=start, end=end, zone=zone)) == inside
    assert sum(d.calls for d in calls_per_day(counts, start=start, end=end, zone=zone)) == inside


def test_the_mix_is_of_the_three_named_groups_with_complaints_beside_it() -> None:
    mix = reason_mix(
        {"inq.billing.amount": 70, "inq.plan.data": 10, "fwd.billing": 15, "hdl.plan": 5,
         "cmp.attitude": 4, "oth.wrong-number": 1}
    )  # fmt: skip
    assert [(r.group, r.calls, r.share, r.expected) for r in mix.rows] == [
        ("inq", 80, 0.80, 0.80),
        ("fwd", 15, 0.15, 0.15),
        ("hdl", 5, 0.05, 0.05),
    ]
    assert (mix.complaints, mix.other, mix.total) == (4, 1, 105)
    assert reason_group("fwd.billing.refund") == "fwd"


def test_no_calls_means_no_shares_rather_than_zero_percent() -> None:
    mix = reason_mix({"cmp.attitude": 2})
    assert all(r.share is None for r in mix.rows) and mix.complaints == 2


@given(
    st.dictionaries(
        st.sampled_from(["inq.a", "fwd.b", "hdl.c", "cmp.d", "oth.e", "x"]), st.integers(0, 500)
    )
)
def test_mix_shares_add_up_to_one_whenever_there_are_calls_in_it(counts: dict[str, int]) -> None:
    mix = reason_mix(counts)
    assert mix.total == sum(counts.values())
    if mix.in_mix:
        assert abs(sum(r.share or 0 for r in mix.rows) - 1) < 1e-9


def test_satisfaction_is_against_the_94_percent_line_with_its_sample() -> None:
    below = satisfaction({5: 40, 4: 6, 3: 2, 1: 2})
    assert (below.rated, below.satisfied, below.rate, below.below_line) == (50, 46, 0.92, True)
    at_line = satisfaction({5: 47, 2: 3})
    assert at_line.rate == 0.94 and not at_line.below_line
    assert satisfaction({}).rate is None and not satisfaction({}).below_line


def test_a_promise_is_kept_at_its_reply_and_broken_at_its_due_instant() -> None:
    kept = chain(
        "k", "Lin", T0, T0.add(hours=2), ("replied", "Lin", T0.add(hours=1), {"summary": "ok"})
    )
    late = chain(
        "l", "Lin", T0, T0.add(hours=2), ("replied", "Lin", T0.add(hours=3), {"summary": "ok"})
    )
    silent = chain("s", "Lin", T0, T0.add(hours=2))
    now = T0.add(hours=4)
    judged = [judge_promise(c, now) for c in (kept, late, silent)]
    assert [(j.kept, j.settled_at) for j in judged if j] == [
        (True, T0.add(hours=1)),
        (False, T0.add(hours=2)),
        (False, T0.add(hours=2)),
    ]
    assert judge_promise(silent, T0.add(hours=1)) is None  # still running
    tally = promises_in([j for j in judged if j], T0, now)
    assert (tally.kept, tally.broken, tally.settled) == (1, 2, 3)
    assert promises_in([j for j in judged if j], T0, T0.add(hours=1, seconds=1)).settled == 1


def test_a_broken_promise_belongs_to_whoever_held_it_when_it_broke() -> None:
    events = chain(
        "r", "Lin", T0, T0.add(hours=2),
        ("reassigned", "lead", T0.add(hours=1), {"to": "Park", "reason": "off sick"}),
    )  # fmt: skip
    judged = judge_promise(events, T0.add(hours=3))
    assert judged is not None and judged.owner == "Park" and not judged.kept
