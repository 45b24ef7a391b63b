"""What the agent sees: the desk in each language, narrow and comfortable."""

from __future__ import annotations

import pytest

from tests.tui.conftest import desk_ready, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_desk_during_a_call(snap_compare, make_desk, lang: str, size: tuple[int, int]) -> None:
    async def start_a_call(pilot) -> None:
        await desk_ready(pilot)
        await pilot.press("f2")
        for ch in "13812345678":
            await pilot.press(ch)
        await settle(pilot)
        pilot.app.clock.advance(75)
        pilot.app.tick()
        await pilot.pause()

    assert snap_compare(make_desk(lang), terminal_size=size, run_before=start_a_call)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_reason_picker_filtered(snap_compare, make_desk, lang: str) -> None:
    query = {"zh": "cxzx", "en": "bill", "ko": "ㅈㅎ"}[lang]

    async def filter_reasons(pilot) -> None:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        for ch in query:
            await pilot.press(ch)
        await settle(pilot)

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=filter_reasons)
