"""The `agentdesk` command line: export of calls, config example."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import stat
from pathlib import Path

import pendulum
from click.testing import CliRunner

from tui.cli import main
from tui.domain.calls import Call
from tui.domain.settings import parse_settings
from tui.store.calls import save_call
from tui.store.db import Store


def seed_calls(path: Path) -> None:
    async def go() -> None:
        store = await Store.open(path)
        start = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
        await save_call(
            store,
            Call(
                "c1",
                "林",
                start,
                start.add(minutes=2),
                "13812345678",
                "inq.billing.balance",
                "answered",
                "calm",
                5,
                "客户 고객 🙂",
            ),
        )
        await store.close()

    asyncio.run(go())


def test_export_calls_masks_numbers_by_default(tmp_db: Path) -> None:
    seed_calls(tmp_db)
    result = CliRunner().invoke(
        main, ["export", "calls", "--db", str(tmp_db)], catch_exceptions=False
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["caller"] == "1******5678"
    assert rows[0]["reason_path"].startswith("Inquiry")
    assert rows[0]["note"] == "客户 고객 🙂"
    assert {
        "id",
        "started_at",
        "ended_at",
        "agent",
        "reason_code",
        "reason_path",
        "outcome",
        "mood",
        "satisfaction",
        "caller",
        "note",
    } <= set(rows[0])


def test_export_calls_unmasked_json(tmp_db: Path) -> None:
    seed_calls(tmp_db)
    result = CliRunner().invoke(
        main,
        ["export", "calls", "--db", str(tmp_db), "--format", "json", "--unmask"],
        catch_exceptions=False,
    )
    assert json.loads(result.output)[0]["caller"] == "13812345678"


def test_export_without_a_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "calls", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_the_example_config_parses_cleanly() -> None:
    result = CliRunner().invoke(main, ["config", "--example"], catch_exceptions=False)
    settings, problems = parse_settings(result.output)
    assert problems == []
    assert settings.breaks.max_snoozes == 2


def test_the_example_config_documents_the_zone_and_the_shift_start() -> None:
    result = CliRunner().invoke(main, ["config", "--example"], catch_exceptions=False)
    text = result.output.replace("# zone = ", "zone = ").replace(
        "# shift_start = ", "shift_start = "
    )
    settings, problems = parse_settings(text)
    assert problems == []
    assert settings.zone == "Asia/Shanghai" and settings.shift_start is not None


def test_a_bad_zone_or_shift_start_option_is_refused_before_the_desk_starts() -> None:
    result = CliRunner().invoke(main, ["--zone", "Asia/Beijing"])
    assert result.exit_code == 2 and "unknown time zone 'Asia/Beijing'" in result.output
    result = CliRunner().invoke(main, ["--shift-start", "25:00"])
    assert result.exit_code == 2 and "HH:MM" in result.output


def test_export_breaks_lists_breaks_and_reminders(tmp_db: Path) -> None:
    from tui.domain.breaks import Reminder
    from tui.store import breaks as break_store

    async def go() -> None:
        store = await Store.open(tmp_db)
        now = pendulum.datetime(2026, 11, 24, 2, 0, tz="UTC")
        taken = Reminder(id="r1", trigger="abusive_call", created_at=now).show(now)
        await break_store.save_reminder(store, taken, agent="Lin")
        started = await break_store.start_break(store, agent="Lin", code="meal", now=now)
        await break_store.end_break(store, started.id, now=now.add(minutes=30))
        await store.close()

    asyncio.run(go())
    result = CliRunner().invoke(
        main,
        ["export", "breaks", "--db", str(tmp_db), "--format", "json"],
        catch_exceptions=False,
    )
    records = json.loads(result.output)
    kinds = {(r["kind"], r.get("code") or r.get("trigger"), r["state"]) for r in records}
    assert ("break", "meal", "ended") in kinds
    assert ("reminder", "abusive_call", "shown") in kinds


def test_the_command_keeps_the_string_catalog_in_the_user_cache_folder(tmp_path: Path) -> None:
    from tui.domain import i18n

    try:
        result = CliRunner(env={"XDG_CACHE_HOME": str(tmp_path)}).invoke(
            main, ["promise", "--class", "simple", "--opened", "2026-01-09T17:30"]
        )
        assert result.exit_code == 0, result.output
        (cached,) = (tmp_path / "agentdesk").glob("catalog-*.json")
        assert stat.S_IMODE(cached.stat().st_mode) == 0o600
        assert not list(i18n.LOCALES_DIR.glob("**/catalog-*.json"))
    finally:
        i18n.use_cache_dir(None)
