"""Issue #9, item 15: `agentdesk promise` at the edges. Every input ends in a result or in
one line on stderr with exit status 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main

SEED = Path(__file__).parents[1] / "db" / "seed" / "deadlines.toml"
NY = "America/New_York"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["promise", *args])


def refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    return line


@pytest.mark.parametrize("offset", ["+24:00", "-24:00", "+99:00"])
def test_offsets_of_a_whole_day_are_refused(offset: str) -> None:
    line = refused(run("--class", "simple", "--opened", f"2026-01-09T17:30{offset}"))
    assert "offset" in line or "cannot read --opened" in line


def test_the_largest_offsets_still_work() -> None:
    for offset in ("+23:59", "-23:59"):
        result = run("--class", "simple", "--opened", f"2026-01-09T17:30{offset}", "--json")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "opened", ["0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31T23:59+08:00"]
)
def test_years_at_the_ends_of_the_calendar_are_refused(opened: str) -> None:
    line = refused(run("--class", "complex", "--opened", opened))
    assert "deadlines are worked out for 1900 to 2999" in line


def test_an_absurd_duration_is_refused_at_load_with_its_line(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line == 'within = "2h"')
    lines[number - 1] = 'within = "99999999h"'
    path = tmp_path / "deadlines.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Refused when the file loads, whichever class is asked for.
    line = refused(run("--class", "complex", "--opened", "2026-01-12T09:00", "--rules", str(path)))
    assert line == (
        f"agentdesk promise: deadlines.toml:{number}: duration '99999999h' is longer than the"
        " 744h a promise may run"
    )


def test_a_time_the_clocks_skip_is_refused_with_the_reason() -> None:
    line = refused(run("--class", "simple", "--opened", "2026-03-08T02:30", "--tz", NY))
    assert line == (
        "agentdesk promise: --opened '2026-03-08T02:30' does not exist in America/New_York:"
        " the clocks skip it, moving forward from -05:00 to -04:00; give a time outside the"
        " jump, or an explicit offset"
    )


def test_a_time_that_happens_twice_asks_which() -> None:
    line = refused(run("--class", "simple", "--opened", "2026-11-01T01:30", "--tz", NY))
    assert "happens twice in America/New_York" in line
    assert "--fold 0 for the first or --fold 1 for the second" in line


@pytest.mark.parametrize(
    ("fold", "utc", "which"), [("0", "05:30", "first"), ("1", "06:30", "second")]
)
def test_fold_chooses_and_says_which(fold: str, utc: str, which: str) -> None:
    result = run("--class", "simple", "--opened", "2026-11-01T01:30", "--tz", NY, "--fold", fold,
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["opened"] == f"2026-11-01T{utc}:00+00:00"
    assert data["fold"] == int(fold)
    assert result.stderr == (
        f"agentdesk promise: --opened '2026-11-01T01:30' happens twice in America/New_York;"
        f" used the {which} (--fold {fold})\n"
    )


def test_fold_is_not_needed_for_an_ordinary_time() -> None:
    result = run("--class", "simple", "--opened", "2026-07-01T10:00", "--tz", NY, "--fold", "1")
    assert result.exit_code == 0 and result.stderr == ""


# ---------------------------------------------------------------- the fuzz

_TWO = st.integers(0, 99).map("{:02d}".format)
_OFFSET = st.one_of(
    st.just(""),
    st.just("Z"),
    st.tuples(st.sampled_from("+-"), st.integers(0, 30), st.integers(0, 70)).map(
        lambda t: f"{t[0]}{t[1]:02d}:{t[2]:02d}"
    ),
)
_OPENED = st.one_of(
    st.tuples(st.integers(0, 9999), _TWO, _TWO, st.sampled_from("T "), _TWO, _TWO, _OFFSET).map(
        lambda t: f"{t[0]:04d}-{t[1]}-{t[2]}{t[3]}{t[4]}:{t[5]}{t[6]}"
    ),
    st.text(max_size=30),
)
_ZONE = st.sampled_from([None, NY, "Asia/Shanghai", "Asia/Seoul", "UTC", "Mars/Base", ""])
_CLASS = st.sampled_from(["simple", "complex", "source", "rework-photo", "rework-frame", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CLASS, _OPENED, _ZONE, st.sampled_from([None, "0", "1"]), st.booleans())
def test_fuzz_exits_are_documented_and_never_a_traceback(
    code: str, opened: str, zone: str | None, fold: str | None, as_json: bool
) -> None:
    args = ["--class", code, "--opened", opened]
    if zone is not None:
        args += ["--tz", zone]
    if fold is not None:
        args += ["--fold", fold]
    if as_json:
        args.append("--json")
    result = run(*args)
    assert result.exit_code in (0, 2), (args, result.output, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr
    elif as_json:
        json.loads(result.stdout)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.from_regex(r"\A[0-9]{1,30}h(?:[0-9]{1,5}m)?\Z"), st.text(max_size=12)))
def test_fuzz_durations_in_a_rules_file(within: str) -> None:
    import tempfile

    text = SEED.read_text(encoding="utf-8").replace(
        'within = "2h"', f"within = {json.dumps(within)}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deadlines.toml"
        path.write_text(text, encoding="utf-8")
        result = run("--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(path))
    assert result.exit_code in (0, 2), (within, result.output, result.exception)
    assert "Traceback" not in result.output
