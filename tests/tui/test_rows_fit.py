"""Rows that fit (issue #10): long rows never run back under the digits, technical words
stay whole, emoji keep borders in line, the queue uses the width it has."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tests.tui.screen_cells import region_lines
from tui.domain.i18n import LANGS, Lang, t
from tui.domain.phrases import GROUPS
from tui.screens.phrases import PhrasesScreen
from tui.screens.reason_picker import ReasonPickerScreen

# Queries that bring up each language's longest reason paths.
LONG_REASONS: dict[Lang, str] = {"zh": "营业厅", "en": "supervisor", "ko": "요금"}


async def list_rows(pilot: Pilot[int]) -> tuple[list[str], int]:
    """The option list's rows as shown, and how many options it holds."""
    option_list = pilot.app.screen.query_one(OptionList)
    return region_lines(pilot.app, option_list.content_region), option_list.option_count


@pytest.mark.parametrize("lang", LANGS)
async def test_every_reason_is_one_row_cut_with_an_ellipsis(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPickerScreen)
        for query in ("", LONG_REASONS[lang]):
            await pilot.press(*(["backspace"] * 20), *query)
            await settle(pilot)
            rows, count = await list_rows(pilot)
            filled = [row for row in rows if row.strip()]
            # One row per reason: a row that wrapped would add a line the count lacks.
            assert len(filled) == min(count, len(rows)), rows
            for number, row in enumerate(filled, start=1):
                assert re.match(rf"{number} \S" if number <= 9 else r"  \S", row), rows
        if lang == "en":
            assert any(row.rstrip().endswith("…") for row in rows), rows


@pytest.mark.parametrize("lang", LANGS)
async def test_a_long_phrase_wraps_under_its_own_text_never_under_the_digits(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f4")
        await settle(pilot)
        assert isinstance(app.screen, PhrasesScreen)
        group_width = max(cell_len(t(lang, f"group.{g}")) for g in GROUPS)
        text_column = 2 + group_width + 1
        seen_wrap = False
        for _ in GROUPS:  # every group in turn, so every phrase is on screen once
            await pilot.press("pagedown")
            await settle(pilot)
            rows, _ = await list_rows(pilot)
            for row in rows:
                if not row.strip() or re.match(r"[1-9 ] \S", row):
                    continue  # the first row of a phrase
                seen_wrap = True
                indent = len(row) - len(row.lstrip(" "))
                assert indent == text_column, rows
        assert seen_wrap or lang == "zh"


@pytest.mark.parametrize("lang", LANGS)
async def test_the_terminal_clipboard_notice_keeps_osc_52_whole(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await desk_ready(pilot)
        app.notify(t(lang, "clipboard.terminal_fallback"), severity="warning")
        await pilot.pause()
        await settle(pilot)
        from textual.widgets._toast import Toast

        toast = app.screen.query_one(Toast)
        lines = region_lines(app, toast.region)
        assert any("(OSC 52)" in line for line in lines), lines
