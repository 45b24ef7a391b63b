"""What the agent sees: the desk in each language, narrow and comfortable."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import MakeDesk, SnapCompare, clock_of, desk_of, desk_ready, settle
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_desk_during_a_call(
    snap_compare: SnapCompare, make_desk: MakeDesk, lang: str, size: tuple[int, int]
) -> None:
    async def start_a_call(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f2")
        for ch in "13812345678":
            await pilot.press(ch)
        await settle(pilot)
        clock_of(pilot).advance(75)
        desk_of(pilot).tick()
        await pilot.pause()

    assert snap_compare(make_desk(lang), terminal_size=size, run_before=start_a_call)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_reason_picker_filtered(snap_compare: SnapCompare, make_desk: MakeDesk, lang: str) -> None:
    query = {"zh": "cxzx", "en": "bill", "ko": "ㅈㅎ"}[lang]

    async def filter_reasons(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        for ch in query:
            await pilot.press(ch)
        await settle(pilot)

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=filter_reasons)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_a_call_left_in_hand_offered_back(
    snap_compare: SnapCompare, make_desk: MakeDesk, tmp_path: Path, clock: FakeClock, lang: Lang
) -> None:
    import asyncio

    from tui.domain.call_in_hand import HeldCall
    from tui.store import call_in_hand as held_store
    from tui.store.db import Store

    async def leave_a_call() -> None:
        store = await Store.open(tmp_path / "desk.sqlite3")
        try:
            held = HeldCall("c1", clock.now(), "13812345678", "inq.billing.balance")
            await held_store.start_call(store, "Lin", held, clock.now())
            await held_store.still_holding(store, "c1", clock.advance(seconds=95))
        finally:
            await store.close()

    asyncio.run(leave_a_call())
    clock.advance(minutes=10)

    async def offered(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await settle(pilot)

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=offered)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_a_ring_during_a_call_started_by_a_ring(
    snap_compare: SnapCompare, make_desk: MakeDesk, lang: str
) -> None:
    from tui.domain.phone_messages import PhoneEvent

    async def two_rings(pilot: Pilot[int]) -> None:
        from tui.screens.desk import DeskScreen

        await desk_ready(pilot)
        desk = pilot.app.screen
        assert isinstance(desk, DeskScreen)
        desk.phone.take(PhoneEvent("ring", "13812345678", "a", "billing"))
        await settle(pilot)
        clock_of(pilot).advance(12)
        desk.phone.take(PhoneEvent("ring", "02198765432", "b"))
        await settle(pilot)
        pilot.app.clear_notifications()
        desk_of(pilot).tick()
        await pilot.pause()

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=two_rings)
