"""`agentdesk verify` on a broken file: one line that names the file and what to do, the
documented exit code, never a traceback and never "intact"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.broken_files import (
    NOT_UTF8,
    MountImpossible,
    edit,
    make_database,
    not_sqlite,
    read_only_folder,
    scramble_a_page,
    truncate,
)
from tui.cli import main
from tui.services.fault_lines import EXIT_CANNOT_WRITE, EXIT_DAMAGED, EXIT_TOO_NEW
from tui.store.migrations import known_migrations


def verify(db: Path, *more: str) -> Result:
    result = CliRunner().invoke(main, ["verify", "--db", str(db), *more])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    return result


def empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("damage", "what"),
    [
        (truncate, "is damaged or is not an agentdesk database (database disk image is malformed)"),
        (not_sqlite, "is damaged or is not an agentdesk database (not an SQLite database)"),
        (
            lambda db: scramble_a_page(db, "calls"),
            "is damaged or is not an agentdesk database (Page ",
        ),
        (empty, "is empty (0 bytes): there is no register in it to verify."),
    ],
    ids=["truncated", "not-sqlite", "random-bytes-in-the-middle", "zero-length"],
)
def test_a_broken_file_is_one_line_and_exit_4(
    tmp_path: Path, damage: Callable[[Path], None], what: str
) -> None:
    db = tmp_path / "desk.sqlite3"
    make_database(db, calls=40)
    damage(db)
    result = verify(db)
    assert result.exit_code == EXIT_DAMAGED
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{db} {what}")


KNOWN = known_migrations()[-1].version


def test_a_newer_database_is_refused_as_cleanly_as_by_the_desk(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    make_database(db, calls=1)
    edit(db, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    result = verify(db, "--lang", "zh")
    assert result.exit_code == EXIT_TOO_NEW
    assert result.stderr.splitlines() == [
        f"{db} 由更新版本的 agentdesk 写入（结构版本999，本程序只认识到{KNOWN}）："
        "请升级 agentdesk。文件未被改动"
    ]


def test_an_event_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    _, events = make_database(db, calls=1)
    target = events[-1]
    edit(
        db, f"UPDATE complaint_events SET payload = CAST({NOT_UTF8} AS TEXT) WHERE id = '{target}'"
    )
    result = verify(db)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "The complaint register has been altered (1 finding):"
    assert target in lines[1] and "(seq 2): its text is not valid UTF-8" in lines[1]
    assert "intact" not in result.output


def test_a_database_in_a_read_only_folder_says_how_to_verify_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    make_database(folder / "desk.sqlite3", calls=1)
    try:
        with read_only_folder(folder) as view:
            db = view / "desk.sqlite3"
            result = verify(db)
    except MountImpossible as exc:
        pytest.skip(f"cannot mount a read-only view here: {exc}")
    assert result.exit_code == EXIT_CANNOT_WRITE
    assert result.stderr.splitlines() == [
        f"{db} cannot be opened in its read-only folder (unable to open database file): copy"
        " the file (and its -wal file, if any) to a writable folder and verify the copy"
    ]
