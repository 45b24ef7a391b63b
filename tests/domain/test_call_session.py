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


def test_a_break_ends_after_call_work_and_leaves_the_desk_ready() -> None:
    clock = FakeClock()
    saved = CallSession().start("c1", clock.now()).with_reason("inq.x").saved(clock.advance(60))
    ready = saved.ready()
    assert ready.phase == "idle" and ready.timer_start() is None
    with pytest.raises(ValueError):
        CallSession().start("c2", clock.now()).ready()
