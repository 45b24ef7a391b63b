"""`agentdesk promise`: text and JSON output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from tui.commands.promise import promise

SEED = Path(__file__).parents[1] / "db" / "seed" / "deadlines.toml"


def run(*args: str) -> Result:
    return CliRunner().invoke(promise, list(args))


def test_text_output_shows_due_words_and_explanation() -> None:
    result = run("--class", "simple", "--opened", "2026-01-09T17:30")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "due       2026-01-12 10:30 Mon  (Asia/Shanghai)  2026-01-12T02:30:00+00:00" in out
    assert "zh        周一10:30前" in out
    assert "en        by Monday 10:30" in out
    assert "ko        월요일 10:30까지" in out
    assert "Calendar: China office hours (cn-office, Asia/Shanghai)" in out
    assert "  Weekend: Fri 9 Jan 18:00 to Mon 12 Jan 09:00" in out
    assert "Due soon: 2026-01-12 10:00 Mon" in out


def test_explanation_language_can_be_chosen() -> None:
    result = run("--class", "complex", "--opened", "2026-09-30T15:00", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "节假日：10月1日（周四）00:00至10月8日（周四）00:00（国庆节" in result.stdout


def test_json_output() -> None:
    result = run("--class", "complex", "--opened", "2026-09-30T15:00+08:00", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["class"] == "complex"
    assert data["calendar"] == "cn-workdays"
    assert data["opened"] == "2026-09-30T07:00:00+00:00"
    assert data["due"] == "2026-10-08T07:00:00+00:00"
    assert data["due_local"] == "2026-10-08T15:00:00+08:00"
    assert data["business_seconds"] == 24 * 3600
    assert data["words"] == {
        "zh": "10月8日15:00前",
        "en": "by 8 Oct 15:00",
        "ko": "10월 8일 15:00까지",
    }
    assert [w["level"] for w in data["warnings"]] == ["50%", "due-soon", "overdue"]
    assert len(data["revision"]) == 12
    (skipped,) = data["explanation"]["skipped"]
    assert skipped["kind"] == "holiday"
    assert skipped["days"][0] == {
        "date": "2026-10-01",
        "kind": "holiday",
        "names": {"zh": "国庆节", "en": "National Day", "ko": "National Day"},
    }
    assert set(data["explanation"]["text"]) == {"zh", "en", "ko"}


def test_tz_reads_the_opening_and_shows_the_due() -> None:
    # 04:30 in New York is 17:30 in Shanghai: the same Friday-evening promise.
    result = run(
        "--class", "simple", "--opened", "2026-01-09T04:30", "--tz", "America/New_York", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["opened"] == "2026-01-09T09:30:00+00:00"
    assert data["due"] == "2026-01-12T02:30:00+00:00"
    assert data["due_local"] == "2026-01-11T21:30:00-05:00"
    assert data["words"]["en"] == "by Sunday 21:30"


def test_an_explicit_offset_wins_over_tz() -> None:
    result = run("--class", "source", "--opened", "2026-02-16T09:00+09:00", "--tz", "UTC", "--json")
    data = json.loads(result.stdout)
    assert data["due"] == "2026-02-18T00:00:00+00:00"


def test_rules_file_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SEED.read_text(encoding="utf-8").replace('within = "2h"', 'within = "1h"'))
    result = run(
        "--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(path), "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["due"] == "2026-01-12T02:00:00+00:00"
    assert json.loads(result.stdout)["rules"] == "site.toml"


def _one_line_error(result: Result) -> str:
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_class() -> None:
    line = _one_line_error(run("--class", "urgent", "--opened", "2026-01-12T09:00"))
    assert line == (
        "agentdesk promise: unknown deadline class 'urgent'; known classes: "
        "complex, rework-album, rework-frame, rework-photo, simple, source"
    )


def test_broken_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "deadlines.toml"
    text = SEED.read_text(encoding="utf-8").replace('zone = "Asia/Seoul"', 'zone = "Asia/Soul"')
    path.write_text(text, encoding="utf-8")
    line_no = next(n for n, line in enumerate(text.splitlines(), 1) if "Asia/Soul" in line)
    line = _one_line_error(
        run("--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(path))
    )
    assert line == f"agentdesk promise: deadlines.toml:{line_no}: unknown time zone 'Asia/Soul'"


def test_toml_syntax_error_in_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "deadlines.toml"
    path.write_text("[classes.simple\nwithin = 2h\n", encoding="utf-8")
    line = _one_line_error(
        run("--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(path))
    )
    assert line.startswith("agentdesk promise: deadlines.toml:1: TOML syntax error: ")


def test_missing_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    line = _one_line_error(
        run("--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(path))
    )
    assert line.startswith("agentdesk promise: none.toml: cannot read the rules file")


def test_bad_opening_and_zone() -> None:
    line = _one_line_error(run("--class", "simple", "--opened", "17:30"))
    assert line.startswith("agentdesk promise: cannot read --opened '17:30'")
    line = _one_line_error(run("--class", "simple", "--opened", "2026-02-30T10:00"))
    assert "cannot read --opened" in line
    line = _one_line_error(
        run("--class", "simple", "--opened", "2026-01-12T09:00", "--tz", "Mars/Base")
    )
    assert line == "agentdesk promise: unknown time zone 'Mars/Base'"
