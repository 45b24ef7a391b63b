"""`agentdesk verify --central` and `agentdesk reassign`, through the real commands."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.sync.places import (
    T0,
    central_for,
    local_rows,
    make_station,
    note_on,
    open_on,
    sync,
    works_at,
)
from tui.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_verify_central_says_every_chain_is_intact(tmp_path: Path, central_url: str) -> None:
    a = make_station(tmp_path, "ws-a")
    cid = open_on(a, "lin")
    note_on(a, cid, "lin", T0.add(minutes=3))
    open_on(a, "lin", T0.add(minutes=4))
    sync(a, central_url)
    result = run("verify", "--central", central_url)
    assert result.exit_code == 0, result.output
    assert "Central complaint register intact" in result.output
    assert "2 complaints, 3 entries" in result.output
    assert "PGPASSWORD" not in result.output


def test_verify_central_names_every_altered_chain(tmp_path: Path, central_url: str) -> None:
    a = make_station(tmp_path, "ws-a")
    first = open_on(a, "lin")
    note = note_on(a, first, "lin", T0.add(minutes=3))
    second = open_on(a, "lin", T0.add(minutes=4))
    last = note_on(a, second, "lin", T0.add(minutes=5))
    sync(a, central_url)
    with central_for(central_url) as central, central.transaction():
        # Someone with the store's owner rights goes around its guards.
        if central.backend == "sqlite":
            central.execute("DROP TRIGGER complaint_events_no_update")
            central.execute("DROP TRIGGER complaint_events_no_delete")
        else:
            central.execute("ALTER TABLE complaint_events DISABLE TRIGGER USER")
        central.execute(
            "UPDATE complaint_events SET payload = ? WHERE id = ?", ('{"text":"无事"}', note)
        )
        central.execute("DELETE FROM complaint_events WHERE id = ?", (last,))
    result = run("verify", "--central", central_url, "--lang", "en")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].endswith("has 2 findings:")
    assert f"complaint {first}, event {note} (note," in lines[1]
    assert "no longer matches what was recorded" in lines[1]
    assert f"complaint {second}, event {last}" in lines[2]
    assert "its end was removed or changed" in lines[2]


def test_verify_central_without_a_store_changes_nothing(tmp_path: Path) -> None:
    where = tmp_path / "none.db"
    result = run("verify", "--central", f"sqlite:///{where}")
    assert result.exit_code == 2
    assert "holds no agentdesk central store yet" in result.output
    assert not where.exists()


def test_reassign_by_reference_reaches_the_new_owner(tmp_path: Path, central_url: str) -> None:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    works_at(central_url, "wang", "ws-b")
    cid = open_on(a, "lin", reference="ORD-7731")
    sync(a, central_url)
    result = run(
        "reassign", "--central", central_url, "ORD-7731", "wang", "--by", "zhou",
        "--reason", "lin is on leave",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Complaint {cid} reassigned to wang (entry 2)" in result.output
    sync(b, central_url)
    assert [row[3] for row in local_rows(b)] == ["opened", "reassigned"]

    same = run("reassign", "--central", central_url, cid, "wang", "--by", "zhou")
    assert same.exit_code == 1
    assert len(same.output.strip().splitlines()) == 1
    unknown = run("reassign", "--central", central_url, "ORD-0000", "wang", "--by", "zhou")
    assert unknown.exit_code == 1
    assert "No complaint ORD-0000" in unknown.output
