from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.central.connection import CentralError, CentralRefused, CentralUnreachable
from tui.central.migrations import CentralTooNew, central_migrations, migrate_central
from tui.central.opener import open_central
from tui.central.postgres import ARRAY_ROWS
from tui.central.url import BadCentralUrl, parse_central_url

from .conftest import pg_base_url

CALL = ("id", "station", "agent", "started_at", "ended_at", "caller", "reason_code",
        "outcome", "mood", "satisfaction", "note")  # fmt: skip


def test_first_open_creates_the_schema_and_a_second_migrates_nothing(central_url: str) -> None:
    with open_central(central_url) as central:
        assert migrate_central(central) == len(central_migrations(central.backend))
        assert migrate_central(central) == 0


def test_sqlite_central_file_is_the_owners_alone(tmp_path: Path) -> None:
    with open_central(f"sqlite:///{tmp_path / 'central.db'}") as central:
        migrate_central(central)
    assert stat.S_IMODE((tmp_path / "central.db").stat().st_mode) == 0o600


def test_load_skips_rows_it_has_and_updates_only_what_changed(central_url: str) -> None:
    row = ("c1", "s1", "a1", "2026-12-01T01:00:00Z", "2026-12-01T01:05:00Z", "",
           "inquiry", "answered", "calm", None, "50% off? '?'")  # fmt: skip
    state = ["a1", "s1", "ready", "2026-12-01T01:05:00Z", "2026-12-01T01:05:01Z"]
    columns = ["agent", "station", "state", "since", "reported_at"]
    with open_central(central_url) as central:
        migrate_central(central)
        with central.transaction():
            assert central.load("calls", CALL, [row], key=["id"]) == 1
            assert central.load("calls", CALL, [row], key=["id"]) == 0
            assert (
                central.load("agent_states", columns, [state], key=["agent"], update=columns[1:])
                == 1
            )
            assert (
                central.load("agent_states", columns, [state], key=["agent"], update=columns[1:])
                == 0
            )
            state[2] = "on_call"
            assert (
                central.load("agent_states", columns, [state], key=["agent"], update=columns[1:])
                == 1
            )
        assert central.fetchall("SELECT note FROM calls WHERE id = ?", ("c1",)) == [(row[-1],)]
        assert central.fetchall("SELECT state FROM agent_states") == [("on_call",)]


@pytest.mark.parametrize("sql", ["UPDATE calls SET note = 'x'", "DELETE FROM calls"])
def test_central_records_are_append_only(central_url: str, sql: str) -> None:
    row = ("c1", "s1", "a1", "t0", "t1", "", "inquiry", "answered", "calm", None, "")
    with open_central(central_url) as central:
        migrate_central(central)
        with central.transaction():
            central.load("calls", CALL, [row], key=["id"])
        with pytest.raises(Exception, match="append-only"):
            with central.transaction():
                central.execute(sql)
        assert central.fetchall("SELECT note FROM calls") == [("",)]


def test_a_newer_central_is_refused_untouched(central_url: str) -> None:
    with open_central(central_url) as central:
        migrate_central(central)
        with central.transaction():
            central.execute("INSERT INTO central_schema (version) VALUES (?)", (999,))
        with pytest.raises(CentralTooNew, match="999") as raised:
            migrate_central(central)
        assert "password" not in str(raised.value)


def test_unreachable_postgresql_says_where_and_why() -> None:
    with pytest.raises(CentralUnreachable) as raised:
        open_central("postgresql://someone:s3cret-pw@127.0.0.1:1/central")
    message = str(raised.value)
    assert "127.0.0.1" in message and "s3cret-pw" not in message


def test_wrong_password_names_the_host_and_reason_never_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = pg_base_url()
    monkeypatch.setenv("PGPASSWORD", "not-the-password-42")
    with pytest.raises(CentralRefused) as raised:
        open_central(base)
    message = str(raised.value)
    assert "127.0.0.1" in message and "password authentication failed" in message
    assert "not-the-password-42" not in message
    user = base.split("://", 1)[1].split("@", 1)[0]
    wrong = base.replace(f"{user}@", f"{user}:hunter2-in-url@")
    with pytest.raises(CentralError) as refused:
        open_central(wrong)
    assert "hunter2-in-url" not in str(refused.value)


def test_sqlite_central_in_a_missing_folder_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(CentralUnreachable, match="does not exist"):
        open_central(f"sqlite:///{tmp_path / 'nowhere' / 'central.db'}")


@pytest.mark.parametrize(
    "text", ["central.db", "mysql://x@y/z", "sqlite://", "postgresql://u:pw-secret@[::1/db"]
)
def test_bad_urls_are_refused_without_their_password(text: str) -> None:
    with pytest.raises(BadCentralUrl) as raised:
        parse_central_url(text)
    assert "pw-secret" not in str(raised.value)


def test_shown_url_never_carries_the_password() -> None:
    url = parse_central_url("postgresql://lead:pa55word@db.example:5433/central?sslmode=require")
    assert url.shown == "postgresql://lead@db.example:5433/central?sslmode=require"
    assert "pa55word" not in repr(url) and "pa55word" not in str(url)
    assert parse_central_url("sqlite:////srv/central.db").path == Path("/srv/central.db")


@pytest.mark.parametrize("count", [1, 3, ARRAY_ROWS, ARRAY_ROWS + 1, 3 * ARRAY_ROWS])
def test_a_load_of_any_size_inserts_skips_and_updates_the_same(
    central_url: str, count: int
) -> None:
    # PostgreSQL loads a few rows as arrays and more by COPY: the same rows either way,
    # NULLs (a column of nothing but NULLs too) and texts with quotes and percent signs.
    columns = ["id", "agent", "code", "trigger", "reminder_id", "started_at", "ended_at",
               "mood_before", "mood_after", "station"]  # fmt: skip
    rows = [
        [f"b{i:04d}", "a1", "rest", "50% 'ok'?", None, f"2026-12-01T01:{i % 60:02d}:00Z", None,
         3, None, "s1"]
        for i in range(count)
    ]  # fmt: skip
    update = columns[1:]
    with open_central(central_url) as central:
        migrate_central(central)
        with central.transaction():
            assert central.load("breaks", columns, rows, key=["id"], update=update) == count
            assert central.load("breaks", columns, iter(rows), key=["id"], update=update) == 0
            rows[-1][6] = "2026-12-01T02:00:00Z"
            assert central.load("breaks", columns, rows, key=["id"], update=update) == 1
        found = central.fetchall(
            "SELECT COUNT(*), COUNT(ended_at), MIN(trigger), MAX(mood_before) FROM breaks"
        )
        assert found == [(count, 1, "50% 'ok'?", 3)]
