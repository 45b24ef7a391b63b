"""Every key shown works: the footer fits, hides what does nothing, and help, footer and
queue legend all read the same live bindings (#10, keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList

from tests.tui.conftest import MakeDesk, complaints_of, desk_ready, settle
from tests.tui.screen_cells import screen_lines
from tests.tui.test_complaint_form import until
from tests.tui.test_desk_breaks import rows, take_call
from tests.tui.test_queue import T0, event_form, open_queue, seed
from tui.app import AgentDeskApp
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang, catalog, t
from tui.screens.break_picker import BreakPickerScreen
from tui.screens.complaint_form import ComplaintFormScreen
from tui.screens.help import (
    SECTIONS,
    HelpScreen,
    declared_bindings,
    help_key,
    help_rows,
    node_class,
)
from tui.screens.reset import ResetScreen
from tui.widgets.break_banner import BreakBanner
from tui.widgets.dismiss_reason import DismissReasonScreen
from tui.widgets.key_footer import KeyFooter

LANGS = ["zh", "en", "ko"]


def bottom_line(app: AgentDeskApp) -> str:
    """The screen's last row as the terminal shows it."""
    return screen_lines(app)[-1]


def footer(app: AgentDeskApp) -> str:
    return app.screen.query_one(KeyFooter).render().plain


def notices(app: AgentDeskApp) -> list[str]:
    return app.notices.messages


def words(lang: str, key: str) -> str:
    text = t(lang, key)  # type: ignore[arg-type]
    return text[:1].upper() + text[1:]


def assert_fits(app: AgentDeskApp, width: int, lang: str) -> str:
    """The footer's line: every key on it whole, and ^P last (a dialog has none)."""
    line = bottom_line(app)
    assert cell_len(line) == width
    keys, palette = app.screen.query_one(KeyFooter).shown()
    for key in keys:
        assert f"{key.label} {key.description}" in line, (key, line)
    if not app.screen.is_modal:
        assert palette is not None
        words = f"^P {t(lang, 'key.app.palette')}"  # type: ignore[arg-type]
        assert line.rstrip().endswith("▏" + words), line
    return line


# 1. The footer with the reminder fits, and names Shift+F8 as the banner does --------


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_footer_with_the_reminder_fits_and_says_what_the_banner_says(
    make_desk: MakeDesk, clock: FakeClock, lang: str, width: int
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(width, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        assert pilot.app.screen.query_one(BreakBanner).reminder is not None
        line = assert_fits(app, width, lang)
        assert "F20" not in line and "Shift" not in line
        assert f"⇧F8 {words(lang, 'breaks.banner.dismiss')}" in line
        assert f"F8 {words(lang, 'breaks.banner.start')}" in line
        banner = pilot.app.screen.query_one(BreakBanner).render().plain
        assert f"⇧F8 {t(lang, 'breaks.banner.dismiss')}" in banner  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_footer_at_60_columns_drops_whole_keys_and_keeps_the_palette(
    make_desk: MakeDesk, lang: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(60, 24)) as pilot:
        await desk_ready(pilot)
        line = assert_fits(app, 60, lang)
        assert "F2 " in line and "F8 " in line


# 2. Keys that do nothing leave the footer -------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_keys_that_do_nothing_leave_the_footer_and_say_why_when_pressed(
    make_desk: MakeDesk, lang: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        idle = footer(app)
        assert "F9 " not in idle and "F3 " not in idle, "no call: nothing to wrap up or tag"
        assert "F2 " in idle and "F8 " in idle
        await pilot.press("f9")
        await pilot.pause()
        assert notices(app)[-1] == t(lang, "desk.no_call")  # type: ignore[arg-type]

        await pilot.press("f2")
        await pilot.pause()
        in_call = footer(app)
        assert "F9 " in in_call and "F3 " in in_call
        assert "F8 " not in in_call and "F2 " not in in_call, "no break, no second call"
        await pilot.press("f8")
        await pilot.pause()
        assert notices(app)[-1] == t(lang, "desk.no_break_in_call")  # type: ignore[arg-type]
        assert app.on_break is None


@pytest.mark.parametrize("lang", LANGS)
async def test_f7_leaves_the_footer_when_no_snoozes_are_left(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path, lang: str
) -> None:
    (tmp_path / "config.toml").write_text("[breaks]\nmax_snoozes = 0\n", encoding="utf-8")
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        banner = pilot.app.screen.query_one(BreakBanner)
        assert banner.reminder is not None and banner.snoozes_left == 0
        line = footer(app)
        assert "F7 " not in line and "⇧F8 " in line
        await pilot.press("f7")
        await pilot.pause()
        assert notices(app)[-1] == t(lang, "breaks.error.snoozes_used_up")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_queue_keys_show_only_with_a_complaint_to_act_on(
    make_desk: MakeDesk, tmp_path: Path, lang: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_queue(pilot)
        empty = {k.binding_id for k in queue.legend_keys()}
        assert empty == {"queue.back"}, empty
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is queue, "N on an empty queue opens nothing"
    await seed(tmp_path / "desk.sqlite3", ("王先生", "13812345678", "simple", T0))
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_queue(pilot)
        shown = {k.binding_id for k in queue.legend_keys()}
        assert {"queue.note", "queue.extend", "queue.close_complaint"} <= shown
        legend = str(queue.query_one("#queue-keys").render())
        assert f"N {t(lang, 'key.queue.note')}" in legend  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
async def test_f2_during_a_reset_ends_it_and_starts_the_call(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path, lang: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ResetScreen), "the reset opens")
        assert "F2 " in footer(app)
        clock.advance(seconds=40)
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, ResetScreen)
        assert app.on_break is None and app.session.in_call
        assert isinstance(app.focused, Input) and app.focused.id == "caller"
        started = app.session.started_at
    ((code, ended),) = rows(tmp_path / "desk.sqlite3", "SELECT code, ended_at FROM breaks")
    from tui.domain.clock import from_iso

    assert code == "reset" and from_iso(ended) == started


# 3. Queue letters in either case, and from a Korean input method ---------------------


@pytest.mark.parametrize(("lang", "key"), [("zh", "N"), ("en", "N"), ("ko", "ㅜ")])
async def test_queue_letters_work_with_shift_caps_lock_or_korean_input(
    make_desk: MakeDesk, tmp_path: Path, lang: str, key: str
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("王先生", "13812345678", "simple", T0))
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        form = await event_form(pilot, key)
        assert form.query_one("#ev-text", Input)  # the note form: N is "note"


def test_every_queue_letter_folds_from_shift_and_from_the_korean_layout() -> None:
    from tui.domain.keyboard import fold_key

    for letter, jamo in zip("ncxperfk", "ㅜㅊㅌㅔㄷㄱㄹㅏ", strict=True):
        assert fold_key(letter.upper()) == letter
        assert fold_key(jamo) == letter
        assert fold_key(letter) == letter
    assert fold_key("f2") == "f2" and fold_key("1") == "1"


# 4. Every list picks with the arrows and Enter ----------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_break_picker_picks_with_arrows_and_enter(make_desk: MakeDesk, lang: str) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, BreakPickerScreen), "the picker")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.on_break is not None and app.on_break.code == "training"


@pytest.mark.parametrize("lang", LANGS)
async def test_the_dismiss_reasons_pick_with_arrows_and_enter(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path, lang: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        await pilot.press("f20")
        await until(pilot, lambda: isinstance(app.screen, DismissReasonScreen), "the reasons")
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("down", "down", "enter")
        await settle(pilot)
    assert rows(tmp_path / "desk.sqlite3", "SELECT dismiss_reason FROM reminders") == [("later",)]


# 5. Help from the live bindings --------------------------------------------------------


def help_lines(app: AgentDeskApp, lang: str) -> dict[str, list[tuple[str, str]]]:
    """What the open help shows: each section's title and its (keys, words) rows."""
    assert isinstance(app.screen, HelpScreen)
    return {
        title: [(row.keys, row.text) for row in section]
        for title, section in help_rows(app, lang)  # type: ignore[arg-type]
    }


def screen_text(app: AgentDeskApp) -> str:
    return "\n".join(screen_lines(app))


@pytest.mark.parametrize("lang", LANGS)
async def test_help_lists_the_queue_the_form_and_the_fill_prompt_keys(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        sections = help_lines(app, lang)
        shown = screen_text(app)
        assert t(lang, "help.section.desk") in shown
        assert t(lang, "help.f1") in shown

    def section(key: str, opener: str = "") -> list[tuple[str, str]]:
        return sections[t(lang, key, key=opener)]

    def says(key: str) -> str:
        return t(lang, key)

    queue = section("help.section.queue", "F6")
    for key, line in [("N", "note"), ("C", "contact"), ("X", "extend"), ("P", "pause")]:
        assert (key, says(f"help.queue.{line}")) in queue
    for key, line in [("E", "escalate"), ("R", "reply"), ("F", "followup")]:
        assert (key, says(f"help.queue.{line}")) in queue
    assert ("K", says("help.queue.close_complaint")) in queue
    assert ("Enter", says("help.queue.history")) in queue
    form = section("help.section.cform", "F5")
    assert ("F9 / ^S", says("help.cform.save")) in form
    assert ("^D", says("help.cform.discard")) in form
    assert ("F3", says("help.cform.explain")) in form
    assert ("F4", says("help.cform.copy_promise")) in form
    fill = section("help.section.fill")
    assert fill == [("Enter", says("help.fill.submit")), ("Esc", says("help.fill.cancel"))]
    desk = section("help.section.desk")
    assert ("⇧F8", says("help.shift_f8")) in desk
    assert ("F2", says("help.reset.new_call")) in section("help.section.reset")


async def test_help_and_footer_show_a_remapped_key(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        app.set_keymap({"desk.wrap_up": "f10", "desk.queue": "ctrl+o"})
        await pilot.press("f2")
        await pilot.pause()
        line = footer(app)
        assert "F10 Done" in line and "F9 " not in line
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        sections = help_lines(app, "en")
        assert "Complaint queue (^O)" in sections
        assert ("F10", t("en", "help.f9")) in sections["On the desk"]


def test_every_binding_of_the_desk_has_a_line_of_help_in_every_language() -> None:
    strings = catalog()
    skipped = {"choices.next"}  # one line with choices.prev: both move the choice
    for section in SECTIONS:
        for path in section.sources:
            for bindings in declared_bindings(node_class(path)).key_to_bindings.values():
                for binding in bindings:
                    if not binding.id or binding.id in skipped:
                        continue
                    if binding.id[-1].isdigit() and not binding.id.endswith("1"):
                        continue  # 2-9 share the line of 1
                    key = help_key(binding.id, section.overrides)
                    assert key in strings or _shares_a_line(binding, path, section), (
                        path,
                        binding.id,
                    )


def _shares_a_line(binding: Any, path: str, section: Any) -> bool:
    """A second key for an action with a line already (F9 and ^S, ↑ and ↓)."""
    strings = catalog()
    action = binding.action.split("(")[0]
    return any(
        other.id
        and other.action.split("(")[0] == action
        and help_key(other.id, section.overrides) in strings
        for bindings in declared_bindings(node_class(path)).key_to_bindings.values()
        for other in bindings
    )


async def test_the_complaint_form_footer_fits_in_korean(make_desk: MakeDesk) -> None:
    app = make_desk("ko")
    async with app.run_test(size=(60, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ComplaintFormScreen), "the form")
        assert_fits(app, 60, "ko")
