"""Reference data out to the workstations: `agentdesk publish` makes a checked revision in
the central store, `pull_reference` applies the newest one on a workstation whole.

Every test runs on a SQLite central file and on the real PostgreSQL (`central_url`)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.sync.reference_station import (
    central_store,
    edit,
    make_station,
    open_local,
    publish,
    reference_copy,
    sync_context,
)
from tui.central.reference import newest_revision, read_revision
from tui.cli import main
from tui.domain.deadline_rules import revision_of
from tui.domain.reference_set import FILES
from tui.store.paths import db_dir
from tui.sync.reference import STEP_MID_APPLY, applied_revision, pull_reference

NEW_GREETING = "Hello, thanks for calling the new line. How can I help?"
OLD_GREETING = "Hello, thank you for calling. How can I help you?"
ROOT = Path(__file__).parents[2]


def phrase_text(conn: sqlite3.Connection, code: str = "greeting.plain", lang: str = "en") -> str:
    row = conn.execute(
        "SELECT text FROM phrases WHERE code = ? AND lang = ?", (code, lang)
    ).fetchone()
    assert row is not None
    return str(row[0])


def reference_state(conn: sqlite3.Connection) -> tuple[object, ...]:
    """Everything a revision changes, read in one transaction."""
    conn.execute("BEGIN")
    try:
        return (
            conn.execute("SELECT * FROM reasons ORDER BY code").fetchall(),
            conn.execute("SELECT * FROM phrases ORDER BY code, lang").fetchall(),
            conn.execute("SELECT * FROM forbidden_phrases ORDER BY lang, phrase").fetchall(),
            conn.execute("SELECT revision FROM reference_revisions").fetchall(),
        )
    finally:
        conn.execute("COMMIT")


def new_phrases(tmp_path: Path) -> Path:
    folder = reference_copy(tmp_path / "ref")
    edit(folder / "phrases.toml", f'en = "{OLD_GREETING}"', f'en = "{NEW_GREETING}"')
    return folder


# ---------------------------------------------------------------- publish, then pull


def test_a_published_revision_is_applied_by_the_pull(central_url: str, tmp_path: Path) -> None:
    folder = new_phrases(tmp_path)
    result = publish(central_url, folder, "--by", "back office")
    assert result.exit_code == 0, result.output
    assert result.output == "published revision 1\n"
    with central_store(central_url) as central:
        published = read_revision(central, 1)
    assert published is not None and published.published_by == "back office"
    assert published.texts["phrases.toml"] == (folder / "phrases.toml").read_text(encoding="utf-8")

    db = make_station(tmp_path / "desk.sqlite3")
    with sync_context(db, central_url) as ctx:
        assert phrase_text(ctx.local) == OLD_GREETING
        pull_reference(ctx)
        assert phrase_text(ctx.local) == NEW_GREETING
        assert applied_revision(ctx.local) == 1
        assert ctx.counts.reference_revision == 1
        rules_text = (folder / "deadlines.toml").read_text(encoding="utf-8")
        row = ctx.local.execute(
            "SELECT deadlines_revision, deadlines_toml, breaks_toml, applied_at"
            " FROM reference_revisions"
        ).fetchone()
        assert row[0] == revision_of(rules_text) and row[1] == rules_text
        assert row[2] == (folder / "breaks.toml").read_text(encoding="utf-8")
        before = reference_state(ctx.local)
        pull_reference(ctx)  # nothing newer: nothing changes
        assert reference_state(ctx.local) == before


def test_the_default_folder_is_the_shipped_seed(central_url: str, tmp_path: Path) -> None:
    result = publish(central_url)
    assert result.exit_code == 0, result.output
    with central_store(central_url) as central:
        published = read_revision(central, newest_revision(central))
    assert published is not None
    for name in FILES:
        assert published.texts[name] == (db_dir() / "seed" / name).read_bytes().decode()


def test_an_identical_publish_publishes_nothing(central_url: str, tmp_path: Path) -> None:
    folder = new_phrases(tmp_path)
    assert publish(central_url, folder).output == "published revision 1\n"
    again = publish(central_url, folder)
    assert again.exit_code == 0, again.output
    assert again.output == "nothing to publish: the files are exactly revision 1\n"
    with central_store(central_url) as central:
        assert newest_revision(central) == 1
    # A change, then the first content again: that is a new revision, not a no-op.
    edit(folder / "phrases.toml", NEW_GREETING, OLD_GREETING)
    assert publish(central_url, folder).output == "published revision 2\n"
    edit(folder / "phrases.toml", OLD_GREETING, NEW_GREETING)
    assert publish(central_url, folder).output == "published revision 3\n"


# ---------------------------------------------------------------- broken files


def _syntax_error(folder: Path) -> None:
    edit(folder / "reasons.toml", 'en = "Bills and charges"', 'en = "Bills and charges')


def _bad_rule(folder: Path) -> None:
    edit(folder / "deadlines.toml", 'within = "2h"\ncalendar', 'within = "2 hours"\ncalendar')


def _missing_language(folder: Path) -> None:
    edit(folder / "reasons.toml", 'ko = "영수증 발급"\n', "")


def _bad_break_policy(folder: Path) -> None:
    edit(folder / "breaks.toml", "max_snoozes = 2", "max_snoozes = 99")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("breaks", "where"),
    [
        (_syntax_error, ("reasons.toml", 'en = "Bills and charges', "TOML syntax error")),
        (_bad_rule, ("deadlines.toml", 'within = "2 hours"', "bad duration '2 hours'")),
        (_missing_language, ("reasons.toml", 'code = "inq.billing.invoice"', "no 'ko'")),
        (_bad_break_policy, ("breaks.toml", "max_snoozes = 99", "breaks.max_snoozes")),
    ],
    ids=["toml-syntax", "deadline-rule", "reason-language", "break-policy"],
)
def test_a_broken_file_is_refused_whole_with_its_line(
    central_url: str, tmp_path: Path, breaks: object, where: tuple[str, str, str]
) -> None:
    assert publish(central_url).exit_code == 0  # revision 1: the shipped set
    folder = new_phrases(tmp_path)  # a good change to phrases.toml ...
    breaks(folder)  # type: ignore[operator]  # ... and a mistake in another file
    name, needle, reason = where
    line = _line_of(folder / name, needle)
    if breaks is _missing_language:
        line -= 1  # the entry's [[reason]] header, just above its code
    result = publish(central_url, folder)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith(f"agentdesk publish: {name}:{line}: "), message
    assert reason in message and message.endswith("; nothing was published")
    assert "\n" not in message and "Traceback" not in message
    with central_store(central_url) as central:
        assert newest_revision(central) == 1


def test_a_missing_file_or_folder_is_refused(central_url: str, tmp_path: Path) -> None:
    folder = reference_copy(tmp_path / "ref")
    (folder / "breaks.toml").unlink()
    result = publish(central_url, folder)
    assert result.exit_code == 2
    assert "breaks.toml" in result.stderr and "nothing was published" in result.stderr
    result = publish(central_url, tmp_path / "nowhere")
    assert result.exit_code == 2 and "not a folder" in result.stderr
    with central_store(central_url) as central:
        assert newest_revision(central) == 0


def test_central_refuses_to_change_or_remove_a_revision(central_url: str) -> None:
    assert publish(central_url).exit_code == 0
    with central_store(central_url) as central:
        for sql in (
            "UPDATE reference_revisions SET phrases_toml = ''",
            "DELETE FROM reference_revisions",
        ):
            with pytest.raises(Exception, match="append-only"):
                with central.transaction():
                    central.execute(sql)
        assert newest_revision(central) == 1


# ---------------------------------------------------------------- atomic on the workstation


def test_a_reader_during_the_apply_sees_the_old_set_whole(central_url: str, tmp_path: Path) -> None:
    folder = new_phrases(tmp_path)
    edit(folder / "reasons.toml", 'en = "Balance"', 'en = "Balance left"')
    assert publish(central_url, folder).exit_code == 0
    db = make_station(tmp_path / "desk.sqlite3")
    reader = open_local(db)
    old = reference_state(reader)
    seen: list[tuple[object, ...]] = []

    def look(step: str) -> None:
        if step == STEP_MID_APPLY:
            seen.append(reference_state(reader))

    with sync_context(db, central_url, step=look) as ctx:
        pull_reference(ctx)
    assert seen == [old], "mid-apply, another connection must still see the old set"
    new = reference_state(reader)
    assert new != old and phrase_text(reader) == NEW_GREETING
    reader.close()


KILL_SCRIPT = ROOT / "tests" / "sync" / "reference_kill.py"


def test_a_kill_mid_apply_leaves_the_old_set_and_the_next_pull_applies(
    central_url: str, tmp_path: Path
) -> None:
    folder = new_phrases(tmp_path)
    assert publish(central_url, folder).exit_code == 0
    db = make_station(tmp_path / "desk.sqlite3")
    reader = open_local(db)
    old = reference_state(reader)
    done = subprocess.run(
        [sys.executable, str(KILL_SCRIPT), str(db), central_url, STEP_MID_APPLY],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert reference_state(reader) == old
    assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with sync_context(db, central_url) as ctx:
        pull_reference(ctx)
    assert phrase_text(reader) == NEW_GREETING and applied_revision(reader) == 1
    reader.close()


# ---------------------------------------------------------------- reasons never vanish


def test_a_reason_no_longer_published_stays_for_old_calls(central_url: str, tmp_path: Path) -> None:
    folder = reference_copy(tmp_path / "ref")
    edit(
        folder / "reasons.toml",
        '[[reason]]\ncode = "inq.billing.invoice"\nzh = "发票开具"\nen = "Invoices and receipts"\n'
        'ko = "영수증 발급"\n\n',
        "",
    )
    assert publish(central_url, folder).exit_code == 0
    db = make_station(tmp_path / "desk.sqlite3")
    with sync_context(db, central_url) as ctx:
        local = ctx.local
        local.execute(
            "INSERT INTO calls (id, agent, started_at, ended_at, reason_code, outcome, mood)"
            " VALUES ('c1', 'Lin', '2026-11-24T01:00:00+00:00', '2026-11-24T01:05:00+00:00',"
            " 'inq.billing.invoice', 'answered', 'calm')"
        )
        pull_reference(ctx)
        row = local.execute(
            "SELECT r.label_en, r.active, r.parent_code FROM calls c"
            " JOIN reasons r ON r.code = c.reason_code WHERE c.id = 'c1'"
        ).fetchone()
        assert row == ("Invoices and receipts", 0, "inq.billing")
        assert local.execute("PRAGMA foreign_key_check").fetchall() == []
        active = local.execute("SELECT COUNT(*) FROM reasons WHERE active = 1").fetchone()[0]
        assert active == len(
            [n for n in (folder / "reasons.toml").read_text().splitlines() if n == "[[reason]]"]
        )
        # Published again: it is active again, with its published place.
        edit(
            folder / "reasons.toml",
            '[[reason]]\ncode = "inq.billing.payment"',
            '[[reason]]\ncode = "inq.billing.invoice"\nzh = "发票"\nen = "Invoices"\nko = "영수증"\n\n'
            '[[reason]]\ncode = "inq.billing.payment"',
        )
        assert publish(central_url, folder).output == "published revision 2\n"
        pull_reference(ctx)
        assert local.execute(
            "SELECT label_en, active FROM reasons WHERE code = 'inq.billing.invoice'"
        ).fetchone() == ("Invoices", 1)


def test_agentdesk_promise_uses_the_rules_the_database_applied(
    central_url: str, tmp_path: Path
) -> None:
    folder = reference_copy(tmp_path / "ref")
    edit(folder / "deadlines.toml", 'within = "2h"\ncalendar', 'within = "4h"\ncalendar')
    assert publish(central_url, folder).exit_code == 0
    db = make_station(tmp_path / "desk.sqlite3")
    ask = ["promise", "--class", "simple", "--opened", "2026-11-24T09:00+08:00", "--json"]
    before = CliRunner().invoke(main, ["--db", str(db), *ask], catch_exceptions=False)
    assert json.loads(before.stdout)["due_local"] == "2026-11-24T11:00:00+08:00"
    with sync_context(db, central_url) as ctx:
        pull_reference(ctx)
    after = CliRunner().invoke(main, ["--db", str(db), *ask], catch_exceptions=False)
    data = json.loads(after.stdout)
    assert data["due_local"] == "2026-11-24T14:30:00+08:00"
    assert data["rules"] == "deadlines.toml (published revision 1)"
    shipped = db_dir() / "seed" / "deadlines.toml"
    chosen = CliRunner().invoke(main, ["--db", str(db), *ask, "--rules", str(shipped)])
    assert json.loads(chosen.stdout)["due_local"] == "2026-11-24T11:00:00+08:00"
