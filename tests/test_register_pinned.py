"""Issue #9, item 3: the register's hash, pinned to values written out by hand.

Every other test seals and verifies with the same code, so a change to the canonical
form would keep them green while every stored chain broke. These values were computed
once and are written here literally: if the canonical form, the hashed fields or their
encoding change, these tests fail. Never update them to make a change pass; a change to
the form needs a migration of every stored chain.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import pendulum
from click.testing import CliRunner

from tui.cli import main
from tui.domain.register import GENESIS, canonical_json, chain_hash, seal
from tui.store.db import Store

COMPLAINT = "0192b3c4-0000-7000-8000-000000000001"
OPENED_ID = "0192b3c4-0000-7000-8000-000000000002"
NOTE_ID = "0192b3c4-0000-7000-8000-000000000003"
OPENED_PAYLOAD = (
    '{"class_code":"simple","facts":{"call_id":null,"class_code":"simple",'
    '"contact":"13812345678","customer_name":"王小明","department":"",'
    '"id":"0192b3c4-0000-7000-8000-000000000001","opened_at":"2026-11-24T01:00:00+00:00",'
    '"opened_by":"林小雨","reference":"A-1001","remedy_requested":"","what_happened":"快递未到"},'
    '"promised_at":"2026-11-24T03:00:00+00:00","rule_revision":"623313bcf875"}'
)
OPENED_HASH = "2e068387091203b230bdde0aebf29af32b91f661915c86831d8bfa096abea4d6"
NOTE_PAYLOAD = '{"text":"客户已确认 🙂"}'
NOTE_HASH = "fda9bb42aa0b5dce0073e3ab3e4a7187809163aecab1a0c2381c12b909796192"
FACTS = {
    "id": COMPLAINT,
    "call_id": None,
    "opened_at": "2026-11-24T01:00:00+00:00",
    "opened_by": "林小雨",
    "customer_name": "王小明",
    "contact": "13812345678",
    "reference": "A-1001",
    "class_code": "simple",
    "department": "",
    "what_happened": "快递未到",
    "remedy_requested": "",
}


def test_canonical_json_of_a_known_payload() -> None:
    payload = {
        "z": 1,
        "a": "客户 고객 🙂",
        "n": None,
        "t": True,
        "f": 1.5,
        "l": [3, "b"],
        "nested": {"y": "\u2028", "b": '"q"\\'},
    }
    assert canonical_json(payload) == (
        '{"a":"客户 고객 🙂","f":1.5,"l":[3,"b"],"n":null,'
        '"nested":{"b":"\\"q\\"\\\\","y":"\u2028"},"t":true,"z":1}'
    )


def test_the_hashed_body_is_this_exact_text() -> None:
    # The bytes hashed for the note event, spelled out: field names sorted, compact, the
    # payload as its stored text (a JSON string inside the JSON), UTF-8 as is.
    body = (
        '{"actor":"林小雨","at":"2026-11-24T01:05:00+00:00",'
        '"complaint_id":"0192b3c4-0000-7000-8000-000000000001",'
        '"id":"0192b3c4-0000-7000-8000-000000000003","kind":"note",'
        '"payload":"{\\"text\\":\\"客户已确认 🙂\\"}",'
        f'"prev_hash":"{OPENED_HASH}","seq":2}}'
    )
    assert hashlib.sha256(body.encode("utf-8")).hexdigest() == NOTE_HASH
    assert (
        chain_hash(
            event_id=NOTE_ID,
            complaint_id=COMPLAINT,
            seq=2,
            kind="note",
            actor="林小雨",
            at="2026-11-24T01:05:00+00:00",
            payload=NOTE_PAYLOAD,
            prev_hash=OPENED_HASH,
        )
        == NOTE_HASH
    )


def test_sealing_known_events_gives_known_hashes() -> None:
    at = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
    opened = seal(
        event_id=OPENED_ID,
        complaint_id=COMPLAINT,
        seq=1,
        kind="opened",
        actor="林小雨",
        at=at,
        payload={
            "facts": FACTS,
            "promised_at": "2026-11-24T03:00:00+00:00",
            "rule_revision": "623313bcf875",
            "class_code": "simple",
        },
        prev_hash=GENESIS,
    )
    assert (opened.payload, opened.hash) == (OPENED_PAYLOAD, OPENED_HASH)
    note = seal(
        event_id=NOTE_ID,
        complaint_id=COMPLAINT,
        seq=2,
        kind="note",
        actor="林小雨",
        at=at.add(minutes=5),
        payload={"text": "客户已确认 🙂"},
        prev_hash=opened.hash,
    )
    assert (note.at, note.payload, note.hash) == (
        "2026-11-24T01:05:00+00:00",
        NOTE_PAYLOAD,
        NOTE_HASH,
    )


def _database_with_the_literal_rows(path: Path, note_hash: str) -> None:
    async def create() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(create())
    with sqlite3.connect(path) as conn:
        conn.execute(
            f"INSERT INTO complaints ({', '.join(FACTS)}) VALUES ({', '.join('?' * len(FACTS))})",
            list(FACTS.values()),
        )
        conn.executemany(
            "INSERT INTO complaint_events (id, complaint_id, seq, kind, actor, at, payload,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    OPENED_ID,
                    COMPLAINT,
                    1,
                    "opened",
                    "林小雨",
                    "2026-11-24T01:00:00+00:00",
                    OPENED_PAYLOAD,
                    GENESIS,
                    OPENED_HASH,
                ),
                (
                    NOTE_ID,
                    COMPLAINT,
                    2,
                    "note",
                    "林小雨",
                    "2026-11-24T01:05:00+00:00",
                    NOTE_PAYLOAD,
                    OPENED_HASH,
                    note_hash,
                ),
            ],  # fmt: skip
        )


def test_verify_accepts_a_register_written_by_hand(tmp_path: Path) -> None:
    # Rows stored by an earlier agentdesk must still verify: the proof runs over these
    # literal rows, not over ones this build sealed.
    path = tmp_path / "pinned.sqlite3"
    _database_with_the_literal_rows(path, NOTE_HASH)
    result = CliRunner().invoke(main, ["verify", "--db", str(path)])
    assert result.exit_code == 0, result.output


def test_verify_rejects_one_changed_hash_digit(tmp_path: Path) -> None:
    path = tmp_path / "pinned.sqlite3"
    _database_with_the_literal_rows(path, NOTE_HASH[:-1] + "0")
    result = CliRunner().invoke(main, ["verify", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert NOTE_ID in result.output
