"""What `agentdesk verify` proves, through the real command: receipts that catch a missing
tail or a missing complaint, guards checked by their definitions, and files that hold no
register never called intact.

Every tampering here is done the way someone with write access to the file would: a
plain sqlite3 connection, guards dropped and put back exactly as they were (or swapped
for look-alikes), the chain re-sealed after an edit so every hash still matches.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from tui.commands.verify import EXIT_ALTERED, EXIT_CANNOT_CHECK, verify
from tui.domain.receipt import read_receipt
from tui.domain.register import GENESIS, chain_hash
from tui.services.fault_lines import EXIT_DAMAGED
from tui.store.complaints import GUARDS, append_event, open_complaint
from tui.store.db import Store
from tui.store.migrations import known_migrations

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "김민수",
    "contact": "010-1234-5678",
    "class_code": "easy",
    "what_happened": "사진이 늦게 도착했습니다",
}


def make_register(path: Path, complaints: int = 2) -> list[str]:
    """`complaints` complaints of four events each (opened, note, escalated, note)."""

    async def go() -> list[str]:
        store = await Store.open(path, seed=False)
        ids = []
        try:
            for n in range(complaints):
                at = T0.add(hours=n)
                cid = await open_complaint(store, FORM, at.add(hours=24), 1, "kim", at)
                await append_event(store, cid, "note", "kim", at.add(minutes=5), {"text": "확인"})
                await append_event(
                    store, cid, "escalated", "kim", at.add(minutes=7), {"reason": "고객 요청"}
                )
                await append_event(store, cid, "note", "kim", at.add(minutes=9), {"text": "대기"})
                ids.append(cid)
            return ids
        finally:
            await store.close()

    return asyncio.run(go())


def add_more(path: Path, cid: str) -> None:
    async def go() -> None:
        store = await Store.open(path, seed=False)
        try:
            await append_event(store, cid, "note", "lee", T0.add(hours=9), {"text": "추가"})
            await open_complaint(store, FORM, T0.add(hours=40), 1, "lee", T0.add(hours=10))
        finally:
            await store.close()

    asyncio.run(go())


def run(*args: str) -> Result:
    return CliRunner().invoke(verify, list(args), catch_exceptions=False)


def keep_receipt(db: Path, where: Path) -> Path:
    result = run("--db", str(db), "--receipt")
    assert result.exit_code == 0, result.output
    where.write_text(result.stdout, encoding="utf-8")
    return where


def behind_the_guards(db: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Drop every trigger, edit, then put every trigger back exactly as it was."""
    raw = sqlite3.connect(db)
    try:
        triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        saved = list(triggers.fetchall())
        for name, _ in saved:
            raw.execute(f"DROP TRIGGER {name}")
        for sql, params in statements:
            raw.execute(sql, params)
        for _, sql in saved:
            raw.execute(sql)
        raw.commit()
    finally:
        raw.close()


def reseal(raw: sqlite3.Connection, cid: str) -> None:
    """Recompute every hash of a complaint's chain after an edit, as a forger would."""
    rows = raw.execute(
        "SELECT id, seq, kind, actor, at, payload FROM complaint_events"
        " WHERE complaint_id = ? ORDER BY seq",
        (cid,),
    ).fetchall()
    prev = GENESIS
    for event_id, seq, kind, actor, at, payload in rows:
        digest = chain_hash(
            event_id=event_id, complaint_id=cid, seq=seq, kind=kind, actor=actor, at=at,
            payload=payload, prev_hash=prev,
        )  # fmt: skip
        raw.execute(
            "UPDATE complaint_events SET prev_hash = ?, hash = ? WHERE id = ?",
            (prev, digest, event_id),
        )
        prev = digest


# ---------------------------------------------------------------- the seen cases


def test_the_last_events_deleted_are_caught_by_the_receipt(tmp_db: Path, tmp_path: Path) -> None:
    first, second = make_register(tmp_db)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    behind_the_guards(tmp_db, ("DELETE FROM complaint_events WHERE complaint_id = ? AND seq >= 3",
                               (second,)))  # fmt: skip

    alone = run("--db", str(tmp_db))
    # Alone, the chain is consistent and verify says so, and says what it cannot see.
    assert alone.exit_code == 0
    assert "cannot see whole complaints or their latest entries removed" in alone.output

    result = run("--db", str(tmp_db), "--against", str(receipt))
    assert result.exit_code == EXIT_ALTERED, result.output
    assert f"complaint {second} has 2 entries, the receipt holds 4" in result.output
    assert first not in result.output
    assert "intact" not in result.output


def test_a_whole_complaint_deleted_is_caught_by_the_receipt(tmp_db: Path, tmp_path: Path) -> None:
    first, second = make_register(tmp_db)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    behind_the_guards(
        tmp_db,
        ("DELETE FROM complaint_events WHERE complaint_id = ?", (first,)),
        ("DELETE FROM complaints WHERE id = ?", (first,)),
    )
    result = run("--db", str(tmp_db), "--against", str(receipt))
    assert result.exit_code == EXIT_ALTERED, result.output
    assert f"complaint {first} is missing (the receipt holds 4 entries)" in result.output
    assert second not in result.output


def test_every_complaint_deleted_is_caught_by_the_receipt(tmp_db: Path, tmp_path: Path) -> None:
    ids = make_register(tmp_db, complaints=3)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    behind_the_guards(tmp_db, ("DELETE FROM complaint_events", ()), ("DELETE FROM complaints", ()))
    result = run("--db", str(tmp_db), "--against", str(receipt), "--lang", "zh")
    assert result.exit_code == EXIT_ALTERED, result.output
    assert "发现3处缺失或改动" in result.output
    for cid in ids:
        assert f"投诉 {cid} 已不在登记表中" in result.output


def test_an_empty_file_is_never_intact(tmp_db: Path) -> None:
    tmp_db.write_bytes(b"")
    result = run("--db", str(tmp_db))
    assert result.exit_code == EXIT_DAMAGED
    assert len(result.output.strip().splitlines()) == 1
    assert str(tmp_db) in result.output and "intact" not in result.output
    assert tmp_db.read_bytes() == b""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "is not an agentdesk database"),
        (b"not a database at all\n" * 200, "not an SQLite database"),
    ],
    ids=["another-sqlite-database", "not-sqlite"],
)
def test_a_file_without_the_agentdesk_schema_is_never_intact(
    tmp_db: Path, content: bytes | None, expected: str
) -> None:
    if content is None:
        raw = sqlite3.connect(tmp_db)
        raw.execute("CREATE TABLE notes (text TEXT)")
        raw.commit()
        raw.close()
    else:
        tmp_db.write_bytes(content)
    result = run("--db", str(tmp_db))
    assert result.exit_code == EXIT_DAMAGED
    assert len(result.output.strip().splitlines()) == 1
    assert str(tmp_db) in result.output and expected in result.output
    assert "intact" not in result.output


def test_guards_swapped_for_ones_that_never_fire_are_named(tmp_db: Path) -> None:
    first, _ = make_register(tmp_db)
    raw = sqlite3.connect(tmp_db)
    guards = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for name in GUARDS:
        raw.execute(f"DROP TRIGGER {name}")
        # Same name, same table, same action: only a condition that is never true.
        sql = guards[name]
        if "\nWHEN " in sql:
            raw.execute(sql.replace("\nWHEN ", "\nWHEN 0 AND ", 1))
        else:
            raw.execute(sql.replace("\nBEGIN", "\nWHEN 0\nBEGIN", 1))
    raw.commit()
    # The look-alikes let the edit through, and the forger re-seals the chain after it.
    raw.execute(
        "UPDATE complaint_events SET kind = 'note', payload = ? WHERE complaint_id = ? AND seq = 3",
        ('{"text":"정상 처리"}', first),
    )
    reseal(raw, first)
    raw.commit()
    raw.close()

    result = run("--db", str(tmp_db))
    assert result.exit_code == EXIT_ALTERED, result.output
    assert "intact" not in result.output
    for name in GUARDS:
        assert f"The append-only guard {name} is not as agentdesk defines it" in result.output


def test_a_resealed_edit_is_caught_by_the_receipt(tmp_db: Path, tmp_path: Path) -> None:
    first, second = make_register(tmp_db)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    raw = sqlite3.connect(tmp_db)
    saved = list(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for name, _ in saved:
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute(
        "UPDATE complaint_events SET kind = 'note', payload = ? WHERE complaint_id = ? AND seq = 3",
        ('{"text":"정상 처리"}', second),
    )
    reseal(raw, second)
    for _, sql in saved:
        raw.execute(sql)
    raw.commit()
    raw.close()

    assert run("--db", str(tmp_db)).exit_code == 0  # consistent, as far as it can see alone
    result = run("--db", str(tmp_db), "--against", str(receipt))
    assert result.exit_code == EXIT_ALTERED
    assert f"complaint {second}: entry 4 is not the one the receipt holds" in result.output
    assert first not in result.output


# ---------------------------------------------------------------- receipts


def test_the_receipt_is_alone_on_stdout_and_reads_back(tmp_db: Path) -> None:
    ids = make_register(tmp_db)
    result = run("--db", str(tmp_db), "--receipt")
    assert result.exit_code == 0
    receipt = read_receipt(result.stdout)
    assert [head.complaint_id for head in receipt.heads] == sorted(ids)
    assert [head.events for head in receipt.heads] == [4, 4]
    assert result.stdout.splitlines()[0] == "agentdesk register receipt v1"
    assert "intact" in result.stderr
    # The same register gives the same receipt, byte for byte.
    assert run("--db", str(tmp_db), "--receipt").stdout == result.stdout


def test_what_was_added_since_the_receipt_is_fine(tmp_db: Path, tmp_path: Path) -> None:
    first, _ = make_register(tmp_db)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    add_more(tmp_db, first)
    result = run("--db", str(tmp_db), "--against", str(receipt))
    assert result.exit_code == 0, result.output
    digest = read_receipt(receipt.read_text(encoding="utf-8")).digest
    assert f"Everything receipt {digest} covered (2 complaints, 8 entries)" in result.output


def test_no_receipt_for_an_altered_register(tmp_db: Path) -> None:
    first, _ = make_register(tmp_db)
    behind_the_guards(tmp_db, ("UPDATE complaint_events SET actor = 'x' WHERE seq = 2", ()))
    result = run("--db", str(tmp_db), "--receipt")
    assert result.exit_code == EXIT_ALTERED
    assert result.stdout == ""
    assert "No receipt given" in result.stderr and first in result.stderr


def test_an_edited_receipt_is_refused_with_its_line(tmp_db: Path, tmp_path: Path) -> None:
    make_register(tmp_db)
    receipt = keep_receipt(tmp_db, tmp_path / "receipt.txt")
    lines = receipt.read_text(encoding="utf-8").splitlines()
    # Lower a complaint's count to hide a deleted tail, leaving the digest as it was.
    cid, count, head = lines[3].split(" ")
    lines[3] = f"{cid} 2 {head}"
    receipt.write_text("# kept by the shift lead\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = run("--db", str(tmp_db), "--against", str(receipt))
    assert result.exit_code == EXIT_CANNOT_CHECK
    assert result.output.strip() == (
        f"{receipt}, line 3: the digest does not match the receipt's lines:"
        " the receipt was edited or damaged; nothing was compared"
    )


def test_a_database_from_a_newer_agentdesk_is_not_judged(tmp_db: Path) -> None:
    make_register(tmp_db, complaints=1)
    raw = sqlite3.connect(tmp_db)
    raw.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'later')")
    raw.commit()
    raw.close()
    known = known_migrations()[-1].version
    result = run("--db", str(tmp_db))
    assert result.exit_code == EXIT_CANNOT_CHECK
    assert result.output.strip().splitlines() == [
        f"{tmp_db} was written by a newer agentdesk (schema 99; this one knows up to"
        f" {known}): update agentdesk. The file was left untouched"
    ]
