from __future__ import annotations

import pytest

from tui.domain.call_session import CallSession
from tui.domain.clock import FakeClock


def test_cycle_idle_call_after_call() -> None:
    clock = FakeClock()
    start = clock.now()
    session = CallSession().start("c1", start)
    assert session.in_call and session.timer_start() == start
    session = session.with_reason("inq.x").with_caller("13800000000")
    after = clock.advance(90)
    saved = session.saved(after)
    assert saved.phase == "after_call"
    assert saved.saved_call_id == "c1" and saved.saved_reason_code == "inq.x"
    assert saved.timer_start() == after
    assert saved.corrected("inq.y").saved_reason_code == "inq.y"


def test_cannot_start_a_call_during_a_call() -> None:
    session = CallSession().start("c1", FakeClock().now())
    with pytest.raises(ValueError):
        session.start("c2", FakeClock().now())


def test_a_complaint_filed_on_the_call_stays_with_it_until_the_save() -> None:
    clock = FakeClock()
    session = CallSession().start("c1", clock.now())
    assert session.default_outcome == "answered"
    session = session.with_complaint("k1").with_complaint("k1")
    assert session.complaint_ids == ("k1",)
    session = session.with_caller("13800000000").with_reason("inq.x").with_complaint("k2")
    assert session.complaint_ids == ("k1", "k2")
    assert session.default_outcome == "complaint"
    after = session.saved(clock.now())
    assert after.complaint_ids == () and after.default_outcome == "answered"
    assert after.start("c2", clock.now()).complaint_ids == ()


def test_a_break_ends_after_call_work_and_leaves_the_desk_ready() -> None:
    clock = FakeClock()
    saved = CallSession().start("c1", clock.now()).with_reason("inq.x").saved(clock.advance(60))
    ready = saved.ready()
    assert ready.phase == "idle" and ready.timer_start() is None
    with pytest.raises(ValueError):
        CallSession().start("c2", clock.now()).ready()
