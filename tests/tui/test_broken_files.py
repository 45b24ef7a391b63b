"""The desk on a broken database file: one line naming the file and what to do, with the
exit code the README documents, never a traceback; one unreadable row is named and
skipped, never the end of the desk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.broken_files import (
    NOT_UTF8,
    MountImpossible,
    edit,
    fill_database,
    make_database,
    not_sqlite,
    read_only_folder,
    scramble_a_page,
    truncate,
)
from tests.tui.conftest import desk_ready, settle
from tests.tui.desk_process import run_desk
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.services.fault_lines import EXIT_CANNOT_WRITE, EXIT_DAMAGED, EXIT_TOO_NEW
from tui.store.migrations import known_migrations

ENV = {"AGENTDESK_CONFIG": "/nonexistent/config.toml"}


def desk_on(db: Path) -> list[str]:
    ran = run_desk(["--db", str(db), "--lang", "en", "--agent", "Lin"], ENV)
    assert "Traceback" not in ran.stderr and "locals" not in ran.stderr
    assert len(ran.left_on_screen) == 1, ran.left_on_screen
    return [str(ran.code), ran.left_on_screen[0]]


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (truncate, "database disk image is malformed"),
        (not_sqlite, "file is not a database"),
        (scramble_a_page, "database disk image is malformed"),
    ],
    ids=["truncated", "not-sqlite", "random-bytes-in-the-middle"],
)
def test_a_damaged_file_stops_the_desk_with_one_line(
    tmp_path: Path, damage: Callable[[Path], None], detail: str
) -> None:
    db = tmp_path / "desk.sqlite3"
    make_database(db)
    damage(db)
    code, line = desk_on(db)
    assert code == str(EXIT_DAMAGED)
    assert line == (
        f"{db} is damaged or is not an agentdesk database ({detail}): keep a copy for your"
        " lead, then restore a backup or start with --db on a new file"
    )


KNOWN = known_migrations()[-1].version


def test_a_newer_database_is_refused_in_the_agents_language(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    make_database(db, calls=1)
    edit(db, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    before = db.read_bytes()
    ran = run_desk(["--db", str(db), "--lang", "ko", "--agent", "Lin"], ENV)
    assert ran.code == EXIT_TOO_NEW
    assert ran.left_on_screen == [
        f"{db}은 더 새로운 agentdesk가 쓴 파일입니다(스키마 999, 이 버전은 {KNOWN}까지):"
        " agentdesk를 업데이트하세요. 파일은 그대로 두었습니다"
    ]
    assert db.read_bytes() == before


@pytest.mark.parametrize("existing", [True, False], ids=["existing-file", "new-file"])
def test_a_read_only_file_or_folder_stops_the_desk_with_one_line(
    tmp_path: Path, existing: bool
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    if existing:
        make_database(folder / "desk.sqlite3", calls=3)
    try:
        with read_only_folder(folder) as view:
            db = view / "desk.sqlite3"
            code, line = desk_on(db)
    except MountImpossible as exc:
        pytest.skip(f"cannot mount a read-only view here: {exc}")
    assert code == str(EXIT_CANNOT_WRITE)
    assert line == (
        f"{db} cannot be written (Read-only file system): make the file and its folder"
        " writable for you, or start with --db on a file you can write"
    )


async def test_an_unreadable_note_is_named_and_skipped(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    calls, _ = await fill_database(db)
    bad = calls[-1]
    edit(db, f"UPDATE calls SET note = CAST({NOT_UTF8} AS TEXT) WHERE id = '{bad}'")

    app = make_app(
        db=db,
        agent="Lin",
        lang="en",
        config=tmp_path / "config.toml",
        clock=FakeClock("2026-11-24T14:00:00+08:00"),
        clipboard=MemoryClipboard(),
    )
    async with app.run_test() as pilot:
        await desk_ready(pilot)
        notices = app.notices.messages
        named = [n for n in notices if bad in n]
        assert named == [
            f"Skipped a damaged record in {db} (id {bad}, field note: not valid UTF-8 text)."
            " Everything else works; tell your lead"
        ]
        assert app.day_stats.calls == len(calls)
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.in_call
    assert app.return_code in (None, 0)
