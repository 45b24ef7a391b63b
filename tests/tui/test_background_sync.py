"""The desk's background push: due at once, soon after a save, at least every minute; a
failure retried quietly and shown only as the header's marker."""

from __future__ import annotations

import threading

import pendulum
from pendulum import DateTime

from tui.domain.agent_state import AgentState
from tui.domain.clock import FakeClock
from tui.screens.desk import DeskScreen
from tui.services.background_sync import AFTER_SAVE_S, EVERY_S, RETRY_S, BackgroundSync, SyncMarker
from tui.widgets.status_header import StatusHeader, header_line

from .conftest import MakeDesk, clock_of, desk_ready, settle

T0 = pendulum.datetime(2026, 11, 24, 1, 0, 0)
READY = AgentState("ready", T0)


class FakePush:
    def __init__(self) -> None:
        self.pushed: list[tuple[AgentState, DateTime]] = []
        self.fail = False
        self.threads: set[str] = set()

        self.arriving = 0

    def __call__(self, state: AgentState, now: DateTime) -> int:
        self.threads.add(threading.current_thread().name)
        if self.fail:
            raise ConnectionError("central unreachable")
        self.pushed.append((state, now))
        arrived, self.arriving = self.arriving, 0
        return arrived


async def test_first_tick_pushes_then_every_minute_and_soon_after_a_save() -> None:
    push, markers = FakePush(), list[SyncMarker]()
    sync = BackgroundSync(push, markers.append)
    first = sync.tick(T0, READY)
    assert first is not None
    await first
    assert push.pushed == [(READY, T0)] and markers == [SyncMarker(T0, False)]
    assert push.threads == {"agentdesk-sync"}  # never on the desk's event loop
    assert sync.tick(T0.add(seconds=EVERY_S - 1), READY) is None
    sync.saved(T0.add(seconds=10))
    assert sync.tick(T0.add(seconds=10 + AFTER_SAVE_S - 1), READY) is None
    soon = sync.tick(T0.add(seconds=10 + AFTER_SAVE_S), READY)
    assert soon is not None
    await soon
    later = T0.add(seconds=10 + AFTER_SAVE_S + EVERY_S)
    minute = sync.tick(later, READY)
    assert minute is not None
    await minute
    assert len(push.pushed) == 3


async def test_a_failure_keeps_the_last_good_time_and_retries_later() -> None:
    push, markers = FakePush(), list[SyncMarker]()
    sync = BackgroundSync(push, markers.append)
    first = sync.tick(T0, READY)
    assert first is not None
    await first
    push.fail = True
    at = T0.add(seconds=EVERY_S)
    failed = sync.tick(at, READY)
    assert failed is not None
    await failed
    assert sync.marker == SyncMarker(T0, True)
    assert sync.tick(at.add(seconds=RETRY_S[0] - 1), READY) is None
    push.fail = False
    retried = sync.tick(at.add(seconds=RETRY_S[0]), READY)
    assert retried is not None
    await retried
    assert sync.marker == SyncMarker(at.add(seconds=RETRY_S[0]), False)


async def test_one_push_at_a_time() -> None:
    gate = threading.Event()
    calls: list[DateTime] = []

    def slow(state: AgentState, now: DateTime) -> int:
        calls.append(now)
        gate.wait(5)
        return 0

    sync = BackgroundSync(slow, lambda marker: None)
    running = sync.tick(T0, READY)
    sync.saved(T0)
    assert sync.tick(T0.add(seconds=AFTER_SAVE_S + 1), READY) is None
    gate.set()
    assert running is not None
    await running
    assert len(calls) == 1


def test_header_marks_the_last_push_with_words_and_a_cross_when_failing() -> None:
    from tui.domain.calls import DayStats
    from tui.widgets.status_header import HeaderState

    local = T0.in_timezone("Asia/Shanghai")
    for lang in ("zh", "en", "ko"):
        state = HeaderState(lang, "Lin", local, local, DayStats(0, 0, 0), "", 0,
                            sync=SyncMarker(T0, False))  # fmt: skip
        assert "⇅09:00" in header_line(state, 100).plain
        failing = HeaderState(lang, "Lin", local, local, DayStats(0, 0, 0), "", 0,
                              sync=SyncMarker(T0, True))  # fmt: skip
        assert "⇅✗09:00" in header_line(failing, 100).plain
        # Narrow: the marker gives way before anything the agent works by.
        assert "⇅" not in header_line(failing, 40).plain


async def _push_done(sync: BackgroundSync | None) -> None:
    assert sync is not None and sync.pending is not None
    await sync.pending


async def test_the_desk_tells_central_its_state_and_shows_when_it_last_could(
    make_desk: MakeDesk,
) -> None:
    app = make_desk("en")
    push = FakePush()
    app.sync_push = push
    async with app.run_test(size=(100, 24)) as pilot:
        await desk_ready(pilot)
        clock: FakeClock = clock_of(pilot)
        await _push_done(app.background_sync)
        assert push.pushed[-1][0] == AgentState("ready", app.desk_started)
        await pilot.press("f2")
        await settle(pilot)
        clock.advance(EVERY_S)
        app.tick()
        await _push_done(app.background_sync)
        started = app.session.started_at
        assert started is not None
        assert push.pushed[-1][0] == AgentState("on_call", started)
        push.fail = True
        clock.advance(EVERY_S)
        app.tick()
        await _push_done(app.background_sync)
        await pilot.pause()
        assert "⇅✗" in str(app.screen.query_one(StatusHeader).render())
        # A failed push never interrupts the agent: no notice, no dialog.
        assert app.notices.messages == []
        assert isinstance(app.screen, DeskScreen)
