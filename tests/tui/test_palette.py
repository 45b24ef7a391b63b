"""Ctrl+P, keys of the agent's own ([keymap]), themes and the settings file's mistakes,
in zh, en and ko (issue 10, items 5, 6, 7, 8 and 13)."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

from tests.test_cli_verify import make_register
from tests.tui.conftest import MakeDesk, complaints_of, desk_ready, palette_open, settle
from tests.tui.test_complaint_form import type_text, until
from tests.tui.test_queue import T0, open_queue, seed
from tui.app import AgentDeskApp
from tui.domain.i18n import Lang, t
from tui.screens.complaint_form import ComplaintFormScreen
from tui.services.verify_words import verify_totals

LANGS = ["zh", "en", "ko"]


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def notices(app: AgentDeskApp) -> list[str]:
    return app.notices.messages


async def palette(pilot: Pilot[int], query: str = "") -> list[str]:
    """Open Ctrl+P, type `query`, and read the list as shown (title, then help)."""
    app = pilot.app
    if not palette_open(app):
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_open(app), "the palette opens")
    await type_text(pilot, query)
    await settle(pilot)
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def run_command(pilot: Pilot[int], query: str) -> None:
    await palette(pilot, query)
    opened = pilot.app.screen
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not opened, "the command runs")
    await settle(pilot)


# Item 5: [keymap] --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_a_key_remapped_in_the_settings_file_starts_the_call(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    path = config(tmp_path, '# my keys\n[keymap]\n"desk.new_call" = "f12"\n')
    app = make_desk(lang, config=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        active = app.active_bindings
        assert active["f12"].binding.id == "desk.new_call"
        assert "f2" not in active
        await pilot.press("f2")
        await settle(pilot)
        assert not app.session.in_call, "F2 still starts a call"
        # The palette shows the key the agent has now.
        shown = await palette(pilot)
        assert any(line.startswith(f"F12  {t(lang, 'command.desk.new_call')}") for line in shown)
        await pilot.press("escape")
        await until(pilot, lambda: not palette_open(app), "the palette closes")
        await pilot.press("f12")
        await settle(pilot)
        assert app.session.in_call
        assert not notices(app)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_keymap_mistake_is_told_by_line_and_its_key_keeps_its_default(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    path = config(
        tmp_path,
        '[keymap]\n"desk.new_cal" = "f12"\n"desk.wrap_up" = "ctrl+banana"\n'
        '"desk.reasons" = "f4"\n"desk.queue" = "f11"\n',
    )
    app = make_desk(lang, config=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        (notice,) = notices(app)
        lines = notice.splitlines()
        assert lines[0] == t(lang, "config.notice_ignored", file="config.toml")
        assert lines[1].startswith(t(lang, "config.line", line=2, problem="")[:2])
        assert "desk.new_call" in lines[1]  # the id meant
        assert "ctrl+banana" in lines[2] and "desk.phrases" in lines[3]
        assert len(lines) == 4
        # What the message says: those keep their keys, the good entry is used.
        bindings = app.active_bindings
        assert bindings["f2"].binding.id == "desk.new_call"
        assert bindings["f11"].binding.id == "desk.queue" and "f6" not in bindings
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.in_call
        # F3 tags a call, so it is live only now; its mistaken entry left it on F3.
        assert app.active_bindings["f3"].binding.id == "desk.reasons"


# Item 6: the palette -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_palette_offers_the_queue_and_the_desk_in_the_agents_language(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("王女士", "13800138000", "simple", T0))
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        shown = "\n".join(await palette(pilot))
        for ident in ("queue.note", "queue.contact", "queue.extend", "queue.escalate"):
            assert t(lang, f"command.{ident}") in shown, ident
        for ident in ("palette.export", "palette.verify", "palette.theme", "palette.quit"):
            assert t(lang, f"command.{ident}") in shown, ident
        # Textual's English system commands are gone.
        for english in ("Keys", "Screenshot", "Change the current theme"):
            assert english not in shown
        # A queue command really runs on the queue: N opens the note form.
        await pilot.press("escape")
        await settle(pilot)
        await run_command(pilot, {"zh": "tjbz", "en": "note", "ko": "ㅁㅁ"}[lang])
        from tui.screens.event_form import EventFormScreen

        assert isinstance(app.screen, EventFormScreen)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_palette_offers_the_complaint_forms_keys(make_desk: MakeDesk, lang: Lang) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ComplaintFormScreen), "the form")
        await settle(pilot)
        shown = "\n".join(await palette(pilot))
        for ident in ("cform.save", "cform.explain", "cform.copy_promise", "cform.discard"):
            assert t(lang, f"command.{ident}") in shown, ident
        assert t(lang, "command.desk.new_call") not in shown  # the desk is behind the form


@pytest.mark.parametrize(
    ("lang", "query", "first"),
    [
        ("zh", "xld", "command.desk.new_call"),
        ("zh", "daochu", "command.palette.export"),
        ("ko", "ㅌㅎ ㅁㅁ", "command.desk.wrap_up"),
        ("ko", "ㅁㅇ ㄷㅈ", "command.palette.verify"),
        ("en", "wrap", "command.desk.wrap_up"),
        ("en", "f9", "command.desk.wrap_up"),
    ],
)
async def test_commands_are_found_as_reasons_are(
    make_desk: MakeDesk, lang: Lang, query: str, first: str
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        if first == "command.desk.wrap_up":  # offered only when there is a call to wrap up
            await pilot.press("f2")
            await settle(pilot)
        shown = await palette(pilot, query)
        assert shown and t(lang, first) in shown[0].splitlines()[0], shown


@pytest.mark.parametrize("lang", LANGS)
async def test_the_palettes_own_words_are_the_agents(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    # Textual waits half a second of wall time before saying so; tests never wait on it.
    monkeypatch.setattr(CommandPalette, "_NO_MATCHES_COUNTDOWN", 0.001)
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await palette(pilot)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert placeholder == t(lang, "palette.placeholder")
        await palette(pilot, "qqqq")
        await until(
            pilot,
            lambda: app.screen.query_one(CommandList).option_count == 1,
            "no matches is said",
        )
        said = str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        assert t(lang, "palette.no_matches") in said


@pytest.mark.parametrize("lang", LANGS)
async def test_export_writes_the_shifts_calls_where_the_agent_keeps_documents(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await run_command(pilot, {"zh": "dc", "en": "export", "ko": "ㄴㅂ"}[lang])
        assert notices(app)[-1] == t(lang, "palette.export_none")
        await pilot.press("f2")
        await type_text(pilot, "13812345678")
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"
        await run_command(pilot, {"zh": "dc", "en": "export", "ko": "ㄴㅂ"}[lang])
        target = documents / "agentdesk" / "agentdesk-calls-2026-11-24.csv"
        assert notices(app)[-1] == t(lang, "palette.export_done", count=1, path=target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,started_at")
    assert "5678" in text and "13812345678" not in text  # masked
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("lang", LANGS)
async def test_verify_from_the_palette_proves_the_register_or_names_the_change(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    db = tmp_path / "desk.sqlite3"
    events = await asyncio.to_thread(make_register, db)
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await run_command(pilot, {"zh": "hd", "en": "verify", "ko": "ㅁㅇ ㄷㅈ"}[lang])
        assert notices(app)[-1] == t(lang, "verify.ok", **verify_totals(1, 3, lang))
        raw = sqlite3.connect(db)
        raw.execute("DROP TRIGGER complaint_events_no_update")
        raw.execute(
            "UPDATE complaint_events SET payload = ? WHERE id = ?", ('{"text":"x"}', events[1].id)
        )
        raw.commit()
        raw.close()
        await run_command(pilot, {"zh": "hd", "en": "verify", "ko": "ㅁㅇ ㄷㅈ"}[lang])
        said = notices(app)[-1]
        assert said.startswith(t(lang, "verify.altered", count=1)[:6])
        assert events[1].id in said and "complaint_events_no_update" in said


# Item 7: themes ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_every_textual_theme_is_accepted_and_a_picked_one_is_saved_with_comments(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    path = config(
        tmp_path,
        '# my desk\nagent = "Lin"  # me\ntheme = "dracula"   # night shift\n\n'
        "[breaks]\n# gentle\nmax_snoozes = 3\n",
    )
    app = make_desk(lang, config=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert app.theme == "dracula" and not notices(app)
        await run_command(pilot, {"zh": "zt", "en": "theme", "ko": "테마"}[lang])
        shown = await palette(pilot, "nord")
        assert shown[0].startswith("nord")
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert placeholder == t(lang, "palette.theme_placeholder")
        await pilot.press("enter")
        await until(pilot, lambda: app.theme == "nord", "the theme changes")
        await until(pilot, lambda: "nord" in path.read_text(encoding="utf-8"), "saved")
        await settle(pilot)
        assert notices(app)[-1] == t(lang, "palette.theme_saved", theme="nord", path=path)
    text = path.read_text(encoding="utf-8")
    assert text == (
        '# my desk\nagent = "Lin"  # me\ntheme = "nord"   # night shift\n\n'
        "[breaks]\n# gentle\nmax_snoozes = 3\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".config.toml.*")), "no temporary file left behind"
    # The next start remembers it.
    again = make_desk(lang, config=path)
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert again.theme == "nord"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_theme_is_not_saved_into_a_broken_file_and_that_is_said(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    path = config(tmp_path, 'agent = "Lin"\nagent = "Wang"\n')
    app = make_desk(lang, config=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await run_command(pilot, {"zh": "zt", "en": "theme", "ko": "테마"}[lang])
        await palette(pilot, "nord")
        await pilot.press("enter")
        await until(pilot, lambda: app.theme == "nord", "the theme changes")
        await until(pilot, lambda: "nord" in notices(app)[-1], "it is said")
        said = notices(app)[-1]
    assert said.startswith(
        t(lang, "palette.theme_not_saved_broken", theme="nord", path=path, line=2)[:8]
    )
    assert path.read_text(encoding="utf-8") == 'agent = "Lin"\nagent = "Wang"\n'


# Items 8 and 13: the settings file's mistakes ------------------------------------------


BROKEN = (
    'agent = "Wang"\n'
    'language = "fr"\n'
    'theme = "drakula"\n'
    "[breaks]\n"
    'reset_minutes = "2"\n'
    "max_snoozes = -1\n"
)


@pytest.mark.parametrize("lang", LANGS)
async def test_every_mistake_is_told_with_its_line_in_the_agents_language(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    app = make_desk(lang, config=config(tmp_path, BROKEN))
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        (notice,) = notices(app)
    lines = notice.splitlines()
    assert lines[0] == t(lang, "config.notice_ignored", file="config.toml")
    numbers = [2, 3, 5, 6]
    assert len(lines) == 1 + len(numbers)
    for line, number in zip(lines[1:], numbers, strict=True):
        assert line.startswith(t(lang, "config.line", line=number, problem=""))
    assert t(lang, "config.breaks.number") in lines[3]
    assert "dracula" in lines[2]  # the theme meant
    if lang != "en":
        assert "must" not in notice and "unknown" not in notice
    # What it says it did: the good setting is used, each mistaken one keeps its default.
    assert app.settings.agent == "Wang"
    assert app.settings.theme == "textual-dark" and app.theme == "textual-dark"
    assert app.settings.breaks.reset_minutes == 2 and app.settings.breaks.max_snoozes == 2


@pytest.mark.parametrize("lang", LANGS)
async def test_a_file_that_is_not_toml_is_not_used_at_all_and_says_so(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    text = 'agent = "Wang"\ntheme = "nord\nlanguage = ko\n[breaks]\nmax_snoozes = -1\n'
    app = make_desk(lang, config=config(tmp_path, text))
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        (notice,) = notices(app)
    lines = notice.splitlines()
    assert lines[0] == t(lang, "config.notice_unread", file="config.toml")
    assert len(lines) == 4
    for line, number in zip(lines[1:], (2, 3, 5), strict=True):
        assert line.startswith(t(lang, "config.line", line=number, problem=""))
    assert app.agent == "Lin" and app.theme == "textual-dark"  # nothing of the file used
    assert app.settings.agent == "" and app.settings.breaks.max_snoozes == 2
