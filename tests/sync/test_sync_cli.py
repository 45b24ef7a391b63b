"""`agentdesk sync` under bad conditions: each one line on stderr, no traceback, never a
password, and its own exit status (README, "Back office")."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiosqlite
import pytest
from click.testing import CliRunner, Result

from tests.sync.conftest import assert_all_exactly_once, central_dump, make_workstation
from tui.central.migrations import central_migrations, central_version, migrate_central
from tui.central.opener import open_central
from tui.cli import main
from tui.store.migrations import apply_migrations, known_migrations

ROOT = Path(__file__).resolve().parents[2]


def sync(tmp_path: Path, *args: str) -> Result:
    config = tmp_path / "config.toml"
    result = CliRunner().invoke(main, ["--config", str(config), "sync", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def file_state(path: Path) -> dict[str, str]:
    state = {}
    for suffix in ("", "-wal"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            state[suffix] = hashlib.sha256(side.read_bytes()).hexdigest()
    return state


def test_first_run_of_a_new_workstation(tmp_path: Path, central_url: str) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=3)
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no progress bar: stderr is not a terminal
    (line,) = result.stdout.splitlines()
    assert "station ws-1 (first sync of this station)" in line
    assert "3 calls" in line
    assert_all_exactly_once(local, central_url)
    again = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1",
                 "--json")  # fmt: skip
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert (report["ok"], report["pushed"], report["first_sync"]) == (True, {}, False)


def test_central_and_station_from_the_settings_file(tmp_path: Path) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=2)
    central = tmp_path / "central.db"
    (tmp_path / "config.toml").write_text(
        f'central = "sqlite:///{central}"\nstation = "desk-7"\n', encoding="utf-8"
    )
    result = sync(tmp_path, "--db", str(local))
    assert result.exit_code == 0, result.stderr
    assert "station desk-7" in result.stdout
    assert_all_exactly_once(local, f"sqlite:///{central}", station="desk-7")


def test_no_central_store_named(tmp_path: Path) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=1)
    result = sync(tmp_path, "--db", str(local))
    assert result.exit_code == 2
    assert "--central" in one_line(result)


def test_central_unreachable_changes_nothing_locally(tmp_path: Path) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=2)
    before = file_state(local)
    for url in (f"sqlite:///{tmp_path}/gone/central.db", "postgresql://clerk@127.0.0.1:1/central"):
        result = sync(tmp_path, "--central", url, "--db", str(local), "--station", "ws-1")
        assert result.exit_code == 3
        line = one_line(result)
        assert "gone" in line or "127.0.0.1" in line
    assert file_state(local) == before
    conn = sqlite3.connect(local)
    assert conn.execute("SELECT COUNT(*) FROM station_identity").fetchone() == (0,)
    conn.close()


def test_wrong_password_names_the_host_and_reason_never_the_password(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=1)
    good = os.environ["PGPASSWORD"]
    monkeypatch.setenv("PGPASSWORD", "not-the-Secret-771")
    parts = urlsplit(pg_url)
    in_url = parts._replace(netloc=f"{parts.username}:Hunter2-url-pw@{parts.hostname}:{parts.port}")
    for url in (pg_url, urlunsplit(in_url)):
        with monkeypatch.context() as env:
            if "Hunter2" in url:
                env.delenv("PGPASSWORD")
            result = sync(tmp_path, "--central", url, "--db", str(local), "--station", "ws-1")
        assert result.exit_code == 3
        line = one_line(result)
        assert "127.0.0.1" in line and "password authentication failed" in line
        assert "not-the-Secret-771" not in result.output + result.stderr
        assert "Hunter2" not in result.output + result.stderr
    monkeypatch.setenv("PGPASSWORD", good)  # for the fixture's own clean-up


def corrupt(path: Path) -> None:
    """Scribble over a page in the middle of the file, as a failing disk would."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(os.urandom(size))


def test_a_damaged_workstation_file_is_refused_and_named_nothing_sent(
    tmp_path: Path, central_url: str
) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=200)
    corrupt(local)
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 4
    line = one_line(result)
    assert str(local) in line and "damaged" in line and "nothing was sent" in line
    with open_central(central_url) as central:
        assert central_version(central) == 0  # not even its schema was made


def test_an_older_central_store_is_migrated(tmp_path: Path, central_url: str) -> None:
    with open_central(central_url) as central:
        first = central_migrations(central.backend)[0]
        with central.transaction():
            central.execute("CREATE TABLE central_schema (version INTEGER PRIMARY KEY)")
            central.script(first.sql)
            central.execute("INSERT INTO central_schema (version) VALUES (1)")
    local = make_workstation(tmp_path / "ws.db", calls=2)
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 0, result.stderr
    assert "central store schema brought up to date" in result.stdout
    with open_central(central_url) as central:
        assert central_version(central) == len(central_migrations(central.backend))
    assert_all_exactly_once(local, central_url)


def test_a_newer_central_store_is_refused_untouched(tmp_path: Path, central_url: str) -> None:
    with open_central(central_url) as central:
        migrate_central(central)
        central.execute("INSERT INTO central_schema (version) VALUES (99)")
    before = central_dump(central_url)
    local = make_workstation(tmp_path / "ws.db", calls=2)
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 5
    assert "schema version 99" in one_line(result)
    assert central_dump(central_url) == before


def test_a_station_id_another_machine_uses_is_refused(tmp_path: Path, central_url: str) -> None:
    first = make_workstation(tmp_path / "first.db", tag="first", calls=2)
    second = make_workstation(tmp_path / "second.db", tag="second", calls=3)
    ok = sync(tmp_path, "--central", central_url, "--db", str(first), "--station", "ws-1")
    assert ok.exit_code == 0
    result = sync(tmp_path, "--central", central_url, "--db", str(second), "--station", "ws-1")
    assert result.exit_code == 6
    assert "'ws-1' is already used by another workstation" in one_line(result)
    assert_all_exactly_once(first, central_url)  # nothing of the second one's


def test_a_newer_workstation_database_is_refused_untouched(
    tmp_path: Path, central_url: str
) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=1)
    conn = sqlite3.connect(local)
    conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    conn.commit()
    conn.close()
    before = file_state(local)
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 5
    assert "schema version 999" in one_line(result)
    assert file_state(local) == before


def test_an_older_workstation_database_is_migrated_and_its_breaks_pushed(
    tmp_path: Path, central_url: str
) -> None:
    local = tmp_path / "old.db"

    async def before_the_sync_existed() -> None:
        async with aiosqlite.connect(local) as conn:
            await apply_migrations(conn, known_migrations()[:6])
            await conn.execute(
                "INSERT INTO breaks (id, agent, code, started_at, ended_at)"
                " VALUES ('b1', 'Lin', 'rest', '2026-11-24T01:00:00+00:00',"
                " '2026-11-24T01:10:00+00:00')"
            )
            await conn.commit()

    asyncio.run(before_the_sync_existed())
    result = sync(tmp_path, "--central", central_url, "--db", str(local), "--station", "ws-1")
    assert result.exit_code == 0, result.stderr
    assert "workstation database brought up to date" in result.stdout
    with open_central(central_url) as central:
        assert central.fetchall("SELECT id, station FROM breaks") == [("b1", "ws-1")]


def test_no_workstation_database_at_the_path(tmp_path: Path) -> None:
    result = sync(tmp_path, "--central", f"sqlite:///{tmp_path}/c.db", "--db",
                  str(tmp_path / "none.db"), "--station", "ws-1")  # fmt: skip
    assert result.exit_code == 2
    assert "no workstation database" in one_line(result)


def test_a_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=3)
    master, terminal = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--config", str(tmp_path / "config.toml"), "sync",
         "--central", f"sqlite:///{tmp_path}/c.db", "--db", str(local), "--station", "ws-1"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=terminal, timeout=120,
    )  # fmt: skip
    os.close(terminal)
    drawn = b""
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    assert done.returncode == 0
    assert b"push:calls:after-commit" in drawn and drawn.endswith(b"\r\x1b[K")
    assert done.stdout.count(b"\n") == 1  # the summary alone
