"""No English word on a Chinese or Korean screen.

Every main screen is rendered at 80x24 with Pilot, as the agent sees it, and its text is
scanned for ASCII words of two letters or more. Names and codes that stay as they are in
every language (key names, program names, the agent's and customers' names) are allowed
by name; anything else is a string someone forgot to translate.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Select

from tests.tui.conftest import MakeDesk, clock_of, complaints_of, desk_of, desk_ready, settle
from tests.tui.screen_cells import screen_lines
from tests.tui.test_complaint_snapshots import seed_queue
from tui.app import AgentDeskApp
from tui.domain.i18n import Lang
from tui.screens.break_picker import BreakPickerScreen
from tui.screens.complaint_form import ComplaintFormScreen
from tui.screens.help import HelpScreen
from tui.screens.phrases import PhrasesScreen
from tui.screens.queue import QueueScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.reset import ResetScreen
from tui.screens.wrapup import WrapUpScreen
from tui.widgets.choice_row import ChoiceRow

# Written the same in every language: keys as printed on the keyboard, the program and
# the formats it names, and the names of the people in the test data.
ALLOWED = frozenset(
    {
        # keys
        "Esc",
        "Enter",
        "Ctrl",
        "Shift",
        "Tab",
        "PgUp",
        "PgDn",
        # the program, formats and protocols it names
        "agentdesk",
        "CSV",
        "JSON",
        "SQLite",
        "UTF",
        "OSC",
        # people in the test data: the agent and the seeded complaints' customers
        "Lin",
        "Ms",
        "Wang",
        "Mr",
        "Li",
        "Chen",
        # the pinyin-initials example in the reason filter's hint (`cxzx` finds 查询咨询)
        "cxzx",
        # and the command palette's (`xld` finds 新来电)
        "xld",
        # what the walk itself types into the command palette
        "zzzq",
    }
)

_WORD = re.compile(r"[A-Za-z]{2,}")
# A reason or class code (inq.billing.balance, rework-frame) is a code, not a word.
_CODE = re.compile(r"\b[a-z0-9_]+(?:[.-][a-z0-9_]+)+\b")


def screen_text(pilot: Pilot[int]) -> str:
    """What the terminal shows, as text: the screen and any screen under a dialog."""
    app = desk_of(pilot)
    assert isinstance(app, AgentDeskApp)
    # A notification is read as it is raised, whether or not its toast has been painted.
    told = "\n".join(note.message for note in app.notices)
    return "\n".join(screen_lines(app)) + "\n" + told


def ascii_words(text: str) -> list[str]:
    """ASCII words of two letters or more that are not an allowed name or code."""
    words = _WORD.findall(_CODE.sub(" ", text))
    return sorted({w for w in words if w not in ALLOWED})


def english_words(text: str) -> list[str]:
    return ascii_words(text)


async def wait_for(pilot: Pilot[int], screen: type) -> None:
    for _ in range(500):
        if isinstance(pilot.app.screen, screen):
            await settle(pilot)
            return
        await pilot.pause()
    raise AssertionError(f"{screen.__name__} never showed; screen is {pilot.app.screen!r}")


async def walk_every_screen(pilot: Pilot[int]) -> dict[str, str]:
    """Each main screen in turn, the way an agent reaches it; its text by name."""
    seen: dict[str, str] = {}
    await desk_ready(pilot)
    await complaints_of(desk_of(pilot)).wait_ready()
    await settle(pilot)
    # The settings file has a mistake: the desk says so, in the agent's language.
    seen["desk idle, told of a settings mistake"] = screen_text(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()

    await pilot.press("ctrl+p")
    await wait_for(pilot, CommandPalette)
    seen["command palette"] = screen_text(pilot)
    for letter in "zzzq":
        await pilot.press(letter)
    await settle(pilot)
    seen["command palette, nothing found"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f1")
    await wait_for(pilot, HelpScreen)
    seen["help"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f8")
    await wait_for(pilot, BreakPickerScreen)
    seen["break picker"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f6")
    await wait_for(pilot, QueueScreen)
    seen["queue"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f2")
    for digit in "13812345678":
        await pilot.press(digit)
    await settle(pilot)
    clock_of(pilot).advance(75)
    desk_of(pilot).tick()
    await settle(pilot)
    seen["desk in call"] = screen_text(pilot)

    await pilot.press("f4")
    await wait_for(pilot, PhrasesScreen)
    seen["phrases"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f5")
    await wait_for(pilot, ComplaintFormScreen)
    seen["complaint form"] = screen_text(pilot)
    pilot.app.screen.query_one("#cf-class_code", Select).focus()
    await pilot.press("enter")
    await settle(pilot)
    seen["complaint form, class list open"] = screen_text(pilot)
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)

    await pilot.press("f3")
    await wait_for(pilot, ReasonPickerScreen)
    seen["reason picker"] = screen_text(pilot)
    await pilot.press("1")
    await settle(pilot)

    await pilot.press("f9")
    await wait_for(pilot, WrapUpScreen)
    seen["wrap-up"] = screen_text(pilot)
    # An abusive call: the desk offers a reset afterwards.
    pilot.app.screen.query_one("#wrapup-mood", ChoiceRow).value = "abusive"
    await pilot.pause()
    await pilot.press("f9")
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()
    seen["desk with the reset offered"] = screen_text(pilot)

    await pilot.press("f8")
    await wait_for(pilot, ResetScreen)
    seen["reset"] = screen_text(pilot)
    return seen


@pytest.mark.parametrize("lang", ["zh", "ko"])
async def test_no_english_word_on_a_chinese_or_korean_screen(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    await seed_queue(tmp_path / "desk.sqlite3")
    (tmp_path / "config.toml").write_text('[breaks]\nreset_minutes = "two"\n', encoding="utf-8")
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = await walk_every_screen(pilot)
    assert len(seen) == 14
    # Each screen is in the agent's script: a blank or English screen is no pass.
    script = re.compile(r"[\u4e00-\u9fff]" if lang == "zh" else r"[\uac00-\ud7a3]")
    assert [name for name, text in seen.items() if len(script.findall(text)) < 4] == []
    found = {name: english_words(text) for name, text in seen.items()}
    assert {name: words for name, words in found.items() if words} == {}, "\n\n".join(
        f"--- {name}\n{text}" for name, text in seen.items() if found[name]
    )


_CJK = r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]"
_ASCII_PUNCTUATION_BY_CJK = re.compile(rf"{_CJK}[,!?:;()]|[(]{_CJK}|[)]{_CJK}")


async def test_chinese_screens_use_full_width_punctuation(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    # What the code puts together around the catalog's strings (a deadline and its date,
    # a label and its value) is written the Chinese way too.
    await seed_queue(tmp_path / "desk.sqlite3")
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        seen = await walk_every_screen(pilot)
    # The seeded complaints' descriptions are what an agent typed, shown as typed.
    typed = "快递未到,客户要求"
    found = {
        name: sorted(set(_ASCII_PUNCTUATION_BY_CJK.findall(text.replace(typed, ""))))
        for name, text in seen.items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}, "\n\n".join(
        f"--- {name}\n{text}" for name, text in seen.items() if found[name]
    )


def test_the_scan_finds_what_the_issue_saw() -> None:
    assert ascii_words("검색… Search for commands… No matches found") == [
        "No",
        "Search",
        "commands",
        "for",
        "found",
        "matches",
    ]
    assert ascii_words("esc Dismiss menu") == ["Dismiss", "esc", "menu"]
    assert ascii_words("{customer}，您好！") == ["customer"]
    assert ascii_words("F2 Esc Enter inq.billing.balance agentdesk Lin") == []


def test_a_seeded_queue_is_what_the_walk_sees(tmp_path: Path) -> None:
    # The walk's queue must hold complaints, or it would check an empty list.
    asyncio.run(seed_queue(tmp_path / "desk.sqlite3"))
    import sqlite3

    with sqlite3.connect(tmp_path / "desk.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 5
