"""`agentdesk export complaints` and `agentdesk export events`: masked unless --unmask."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pendulum
from click.testing import CliRunner

from tui.cli import main
from tui.domain.clock import to_iso
from tui.store.complaints import append_event, open_complaint
from tui.store.db import Store

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "王小明",
    "contact": "138-1234-5678",
    "reference": "A-1001",
    "class_code": "simple",
    "department": "物流部",
    "what_happened": "快递三天没到 📦",
    "remedy_requested": "补发",
}


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "desk.sqlite3"

    async def go() -> None:
        store = await Store.open(db)
        try:
            cid = await open_complaint(store, FORM, T0.add(hours=2), "rev1", "Lin", T0)
            await append_event(
                store,
                cid,
                "contacted",
                "Lin",
                T0.add(minutes=30),
                {"note": "已告知", "number": "13812345678"},
            )
            await append_event(
                store,
                cid,
                "extended",
                "Lin",
                T0.add(minutes=31),
                {"reason": "仓库核查", "promised_at": to_iso(T0.add(hours=5))},
            )
            await append_event(store, cid, "escalated", "Lin", T0.add(minutes=32), {"reason": "急"})
            await append_event(store, cid, "replied", "Lin", T0.add(hours=1), {"summary": "已补发"})
        finally:
            await store.close()

    asyncio.run(go())
    return db


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_complaints_as_json_masked_by_default(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    (record,) = json.loads(run("export", "complaints", "--db", str(db), "--format", "json"))
    for key in (
        "id",
        "class",
        "status",
        "owner",
        "opened_at",
        "promised_at",
        "replied_at",
        "closed_at",
        "escalated",
        "contact",
    ):
        assert key in record
    assert record["contact"] == "1******5678"
    assert record["customer_name"] == "王**"
    assert record["class"] == "simple" and record["status"] == "replied"
    assert record["owner"] == "Lin" and record["escalated"] is True
    assert record["opened_at"] == "2026-11-24T01:00:00+00:00"
    assert record["original_promised_at"] == "2026-11-24T03:00:00+00:00"
    assert record["promised_at"] == "2026-11-24T06:00:00+00:00"
    assert record["replied_at"] == "2026-11-24T02:00:00+00:00"
    assert record["closed_at"] is None and record["promise_kept"] is True


def test_complaints_unmasked_as_csv(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    rows = list(
        csv.DictReader(io.StringIO(run("export", "complaints", "--db", str(db), "--unmask")))
    )
    assert len(rows) == 1
    assert rows[0]["contact"] == "13812345678" and rows[0]["customer_name"] == "王小明"
    assert rows[0]["reference"] == "A-1001" and rows[0]["escalated"] == "true"


def test_events_as_json_mask_numbers_inside_payloads(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    events = json.loads(run("export", "events", "--db", str(db), "--format", "json"))
    assert [e["kind"] for e in events] == [
        "opened",
        "contacted",
        "extended",
        "escalated",
        "replied",
    ]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
    assert events[0]["payload"]["facts"]["contact"] == "1******5678"
    assert events[0]["payload"]["facts"]["customer_name"] == "王**"
    assert events[1]["payload"]["number"] == "1******5678"
    assert events[2]["payload"]["reason"] == "仓库核查"
    assert all(len(e["hash"]) == 64 for e in events)
    assert events[1]["prev_hash"] == events[0]["hash"]


def test_events_as_csv_unmasked_keep_the_payload_as_one_json_cell(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    rows = list(csv.DictReader(io.StringIO(run("export", "events", "--db", str(db), "--unmask"))))
    assert [r["kind"] for r in rows] == ["opened", "contacted", "extended", "escalated", "replied"]
    contacted = json.loads(rows[1]["payload"])
    assert contacted == {"note": "已告知", "number": "13812345678"}
    assert json.loads(rows[0]["payload"])["facts"]["what_happened"] == "快递三天没到 📦"


def test_export_without_a_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no database" in result.output


def test_verify_and_promise_are_registered(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    result = CliRunner().invoke(main, ["verify", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1" in result.output and "5" in result.output
    out = run("promise", "--class", "simple", "--opened", "2026-01-09T17:30+08:00", "--json")
    assert json.loads(out)["due"] == "2026-01-12T02:30:00+00:00"
    assert "promise" in run("--help") and "verify" in run("--help")
