"""The monthly scorecard: each point from the records, each record named."""

from __future__ import annotations

from dataclasses import replace

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.test_shift_figures import T0, chain
from tui.domain.scorecard import CallRecord, ComplaintRecord, fault_score, scorecards

START = pendulum.datetime(2026, 11, 1, tz="UTC")
END = pendulum.datetime(2026, 12, 1, tz="UTC")
NOW = pendulum.datetime(2026, 11, 30, 12, tz="UTC")


def call(i: int, agent: str = "Lin", **kw: object) -> CallRecord:
    base = CallRecord(
        id=f"c{i}", agent=agent, started_at=T0.add(minutes=i), caller="13812345678",
        reason_code="inq.billing.amount", outcome="answered", satisfaction=None,
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def complaint(
    cid: str, *steps: tuple[str, str, pendulum.DateTime, dict[str, object]], **kw: str
) -> ComplaintRecord:
    events = chain(cid, "Lin", T0, T0.add(hours=2), *steps)
    return ComplaintRecord(
        id=cid, call_id=kw.get("call_id"), opened_by="Lin", contact="13800138000",
        reference=kw.get("reference", "ORD-1"), department=kw.get("department", "billing"),
        events=events,
    )  # fmt: skip


def test_every_point_names_the_records_that_earned_or_lost_it() -> None:
    h = T0.add
    in_order = complaint(
        "good", ("replied", "Lin", h(hours=1), {"summary": "fixed"}),
        ("followup_scheduled", "Lin", h(hours=1), {"due_at": h(hours=5).isoformat(), "note": ""}),
        ("followup_done", "Lin", h(hours=6), {"followup": "good-3", "note": "", "satisfied": True}),
        ("closed", "Lin", h(hours=7), {"resolution": "done"}),
        call_id="c1",
    )  # fmt: skip
    no_followup = complaint(
        "nofu", ("replied", "Lin", h(hours=3), {"summary": "late"}),
        ("closed", "Lin", h(hours=4), {"resolution": "done"}), reference="",
    )  # fmt: skip
    calls = [
        call(1, outcome="complaint", satisfaction=5),
        call(2, outcome="complaint", satisfaction=3),
        call(3, satisfaction=4, corrected_by="lead"),
        call(4, corrected_by="Lin"),
    ]
    (card,) = scorecards(calls, [in_order, no_followup], start=START, end=END, now=NOW)
    process, facts, records, on_time, satisfied = card.points
    assert (process.score, [r.id for r in process.earned], [r.id for r in process.lost]) == (
        1, ["good"], ["nofu"],
    )  # fmt: skip
    assert process.lost[0].why == "scorecard.why.closed_no_followup"
    assert (facts.score, [r.id for r in facts.lost]) == (1, ["nofu"])
    assert [(r.id, r.why) for r in records.lost] == [
        ("c2", "scorecard.why.complaint_not_registered"),
        ("c3", "scorecard.why.tag_corrected"),
    ]
    assert records.score == 0 and [r.id for r in records.earned] == ["c1"]
    assert (on_time.score, [r.id for r in on_time.lost]) == (1, ["nofu"])
    assert on_time.lost[0].why == "scorecard.why.replied_late"
    # 2 of 3 rated satisfied: under the 94% line.
    assert (satisfied.score, satisfied.judged, [r.id for r in satisfied.lost]) == (0, 3, ["c2"])
    assert (card.total, card.out_of) == (3, 10)
    assert records.lost[0].number == "1******5678"


def test_an_agent_with_nothing_to_judge_is_not_judged_rather_than_given_full_marks() -> None:
    (card,) = scorecards([call(1)], [], start=START, end=END, now=NOW)
    assert [p.score for p in card.points] == [None] * 5
    assert (card.total, card.out_of) == (0, 0)


def test_records_outside_the_month_are_left_out() -> None:
    (card,) = scorecards(
        [call(1, satisfaction=1)], [], start=END, end=END.add(months=1), now=NOW, agents=["Lin"]
    )
    assert card.point("satisfaction").score is None


@given(st.integers(0, 50), st.integers(0, 50))
def test_a_fault_point_is_two_less_one_per_fault(ok: int, faults: int) -> None:
    score = fault_score(ok + faults, faults)
    if ok + faults == 0:
        assert score is None
    else:
        assert score == max(0, 2 - faults)
