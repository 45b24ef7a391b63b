from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from tui.commands.verify import EXIT_ALTERED, EXIT_NO_DATABASE, verify
from tui.domain.register import Event
from tui.store.complaints import append_event, events_for, open_complaint
from tui.store.db import Store

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "김민수",
    "contact": "010-1234-5678",
    "class_code": "easy",
    "what_happened": "사진이 늦게 도착했습니다",
}


def make_register(path: Path) -> list[Event]:
    async def go() -> list[Event]:
        store = await Store.open(path, seed=False)
        try:
            cid = await open_complaint(store, FORM, T0.add(hours=2), 1, "kim", T0)
            await append_event(store, cid, "note", "kim", T0.add(minutes=5), {"text": "확인 중"})
            await append_event(
                store, cid, "forwarded", "kim", T0.add(minutes=9), {"department": "제작팀"}
            )
            return await events_for(store, cid)
        finally:
            await store.close()

    return asyncio.run(go())


def test_an_untouched_register_exits_zero(tmp_db: Path) -> None:
    make_register(tmp_db)
    result = CliRunner().invoke(verify, ["--db", str(tmp_db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    assert "1 complaint, 3 entries" in result.output


def test_the_default_database_is_the_users(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_register(tmp_db)
    monkeypatch.setenv("AGENTDESK_DB", str(tmp_db))
    result = CliRunner().invoke(verify, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_an_edited_event_is_named_and_the_exit_is_non_zero(tmp_db: Path) -> None:
    events = make_register(tmp_db)
    target = events[1]
    raw = sqlite3.connect(tmp_db)
    raw.execute("DROP TRIGGER complaint_events_no_update")
    raw.execute("UPDATE complaint_events SET payload = ? WHERE id = ?", ('{"text":"x"}', target.id))
    raw.commit()
    raw.close()

    result = CliRunner().invoke(verify, ["--db", str(tmp_db)], catch_exceptions=False)
    assert result.exit_code == EXIT_ALTERED
    first_finding = result.output.splitlines()[1]
    for part in (target.complaint_id, target.id, target.kind, target.at):
        assert part in first_finding
    assert "complaint_events_no_update" in result.output
    assert events[0].id not in result.output


def test_the_report_speaks_the_agents_language(tmp_db: Path) -> None:
    events = make_register(tmp_db)
    raw = sqlite3.connect(tmp_db)
    raw.execute("DROP TRIGGER complaints_no_update")
    raw.execute("UPDATE complaints SET customer_name = '홍길동'")
    raw.commit()
    raw.close()
    result = CliRunner().invoke(verify, ["--db", str(tmp_db), "--lang", "zh"])
    assert result.exit_code == EXIT_ALTERED
    assert "投诉登记表已被改动" in result.output
    assert events[0].id in result.output and "投诉基本信息与受理记录不符" in result.output


def test_no_database_is_not_a_clean_bill(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    result = CliRunner().invoke(verify, ["--db", str(missing)])
    assert result.exit_code == EXIT_NO_DATABASE
    assert str(missing) in result.output
    assert not missing.exists()
