"""Reading the deadline rules file: the shipped seed, and mistakes named by line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tui.domain.calendars import Names, Span
from tui.domain.deadline_rules import (
    RulesError,
    UnknownClassError,
    load_rules,
    parse_duration,
    parse_rules,
    revision_of,
)

SEED = Path(__file__).parents[2] / "db" / "seed" / "deadlines.toml"

GOOD = """\
# a small rules file
[calendars.office]
zone = "Asia/Shanghai"
holidays = "CN"
mon = ["09:00-12:00", "13:00-18:00"]
tue = ["09:00-12:00", "13:00-18:00"]
extra_closed = [2026-12-31, { date = 2027-01-05, name = "盘点" }]
extra_open = ["2027-01-09"]

[calendars."24x7"]
zone = "Asia/Seoul"
always_open = true

[classes.simple]
labels = { zh = "易查问题", en = "Easy to check", ko = "간단 확인 건" }
within = "1h30m"
calendar = "office"
due_soon = { fraction = 0.25, at_least = "10m" }
warnings = ["75%", "due-soon", "overdue"]

[classes.photo]
labels = { zh = "相片返工", en = "Photo rework", ko = "사진 재작업" }
within = "same-day"
cutoff = "16:00"
calendar = "office"
"""


def test_the_shipped_rules_have_every_handbook_class() -> None:
    rules = load_rules(SEED)
    expected = {
        "simple": (timedelta(hours=2), "business"),
        "complex": (timedelta(hours=24), "business"),
        "source": (timedelta(hours=48), "wall"),
        "rework-photo": (None, "same-day"),
        "rework-album": (timedelta(hours=24), "business"),
        "rework-frame": (timedelta(hours=48), "business"),
    }
    for code, (within, counting) in expected.items():
        deadline_class = rules.get(code)
        assert deadline_class.within == within
        assert deadline_class.counting == counting
        assert all(deadline_class.labels)
        assert deadline_class.warnings == ("50%", "due-soon", "overdue")
        assert deadline_class.due_soon_fraction == 0.2
        assert deadline_class.due_soon_at_least == timedelta(minutes=30)
    assert rules.get("source").calendar.zone == "Asia/Seoul"
    assert rules.get("simple").calendar.country == "CN"
    assert rules.calendars["24x7"].always_open
    assert rules.source == "deadlines.toml"
    assert rules.revision == revision_of(SEED.read_text(encoding="utf-8"))
    assert len(rules.revision) == 12


def test_a_good_file_is_read_in_full() -> None:
    rules = parse_rules(GOOD, source="site.toml")
    office = rules.calendars["office"]
    assert office.weekly[0] == (Span(540, 720), Span(780, 1080))
    assert office.weekly[2] == ()
    assert office.workday_hours == office.weekly[0]
    assert dict(office.extra_closed) == {
        date(2026, 12, 31): None,
        date(2027, 1, 5): Names.same("盘点"),
    }
    assert office.extra_open == frozenset({date(2027, 1, 9)})
    simple = rules.get("simple")
    assert simple.within == timedelta(minutes=90)
    assert (simple.due_soon_fraction, simple.due_soon_at_least) == (0.25, timedelta(minutes=10))
    assert simple.warnings == ("75%", "due-soon", "overdue")
    photo = rules.get("photo")
    assert photo.within is None and photo.cutoff == 16 * 60


def test_revision_follows_the_text() -> None:
    assert parse_rules(GOOD).revision == parse_rules(GOOD).revision
    assert parse_rules(GOOD).revision != parse_rules(GOOD + "\n# edited\n").revision


def test_unknown_class_names_the_known_ones() -> None:
    rules = parse_rules(GOOD)
    with pytest.raises(UnknownClassError) as caught:
        rules.get("complex")
    assert str(caught.value) == "unknown deadline class 'complex'; known classes: photo, simple"


@pytest.mark.parametrize(
    ("text", "duration"),
    [("2h", timedelta(hours=2)), ("90m", timedelta(minutes=90)), ("1h30m", timedelta(minutes=90))],
)
def test_parse_duration(text: str, duration: timedelta) -> None:
    assert parse_duration(text) == duration


@pytest.mark.parametrize("text", ["", "2", "h", "0h", "2d", "1.5h", "-2h", "30m2h"])
def test_parse_duration_refuses(text: str) -> None:
    assert parse_duration(text) is None


def _error(text: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules(text, source="deadlines.toml")
    return caught.value


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def _line_of(text: str, fragment: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(lines) == 1, fragment
    return lines[0]


@pytest.mark.parametrize(
    ("old", "new", "marker", "reason"),
    [
        (
            'zone = "Asia/Shanghai"',
            'zone = "Asia/Shangai"',
            "Asia/Shangai",
            "unknown time zone 'Asia/Shangai'",
        ),
        (
            'tue = ["09:00-12:00", "13:00-18:00"]',
            'tue = ["09:00-12:00", "13:00-18:00"]\nwed = ["13:00-18:00", "12:00-13:30"]',
            "wed =",
            "overlapping hours 12:00-13:30 and 13:00-18:00 on wed",
        ),
        (
            'tue = ["09:00-12:00", "13:00-18:00"]',
            'tue = ["9h-12h"]',
            "9h-12h",
            "bad time span '9h-12h'; write it as HH:MM-HH:MM on tue",
        ),
        (
            'within = "1h30m"\n',
            "",
            "[classes.simple]",
            'class \'simple\' has no duration: add within = "2h" or "same-day"',
        ),
        (
            'within = "1h30m"',
            'within = "90 minutes"',
            "90 minutes",
            'bad duration \'90 minutes\'; write e.g. "2h", "1h30m" or "same-day"',
        ),
        (
            'within = "same-day"\ncutoff = "16:00"\ncalendar = "office"',
            'within = "same-day"\ncutoff = "16:00"\ncalendar = "ofice"',
            '"ofice"',
            "unknown calendar 'ofice'",
        ),
        (
            'cutoff = "16:00"',
            'cutoff = "4pm"',
            "4pm",
            "bad time '4pm'; write it as HH:MM",
        ),
        (
            'holidays = "CN"',
            'holidays = "XX"',
            '"XX"',
            "unknown holiday country 'XX'",
        ),
        (
            "always_open = true",
            'always_open = true\nmon = ["09:00-18:00"]',
            'mon = ["09:00-18:00"]',
            "round-the-clock calendar '24x7' takes no 'mon'",
        ),
        (
            'labels = { zh = "相片返工", en = "Photo rework", ko = "사진 재작업" }',
            'labels = { zh = "相片返工", en = "Photo rework" }',
            "Photo rework",
            "labels needs a ko text",
        ),
        (
            'warnings = ["75%", "due-soon", "overdue"]',
            'warnings = ["75%", "soon", "overdue"]',
            "warnings =",
            'unknown warning level \'soon\'; use "NN%", "due-soon" or "overdue"',
        ),
        (
            'due_soon = { fraction = 0.25, at_least = "10m" }',
            'due_soon = { fraction = 1.5, at_least = "10m" }',
            "fraction = 1.5",
            "due_soon fraction 1.5 must be from 0 to below 1",
        ),
        (
            'calendar = "office"\ndue_soon',
            'calendar = "office"\nwithin_hours = 2\ndue_soon',
            "within_hours",
            "unknown key 'within_hours' in [classes.simple]",
        ),
        (
            'extra_open = ["2027-01-09"]',
            'extra_open = ["2027-01-09",\n  "2027-02-30",\n]',
            '"2027-02-30"',
            "bad date '2027-02-30' in extra_open; write 2026-10-01",
        ),
    ],
)
def test_a_mistake_is_named_with_its_line(old: str, new: str, marker: str, reason: str) -> None:
    text = _with(old, new)
    error = _error(text)
    assert error.reason == reason
    assert error.source == "deadlines.toml"
    assert error.line == _line_of(text, marker)
    assert str(error) == f"deadlines.toml:{error.line}: {reason}"


def test_overlap_inside_a_multi_line_array_names_the_span_line() -> None:
    text = _with(
        'tue = ["09:00-12:00", "13:00-18:00"]',
        'tue = [\n  "09:00-12:00",\n  "12:00-13:30",\n  "13:00-18:00",\n]',
    )
    error = _error(text)
    assert error.reason == "overlapping hours 12:00-13:30 and 13:00-18:00 on tue"
    assert error.line == _line_of(text, '"13:00-18:00",')


def test_the_issue_example_reads_as_documented() -> None:
    lines = GOOD.splitlines()
    # Put the overlapping day on line 14 exactly, as in the issue's example.
    text = "\n".join(lines[:5] + ["#"] * 8 + ['wed = ["12:00-13:30", "13:00-18:00"]'] + lines[5:])
    assert str(_error(text)) == (
        "deadlines.toml:14: overlapping hours 12:00-13:30 and 13:00-18:00 on wed"
    )


def test_toml_syntax_error_gives_the_parser_line() -> None:
    text = _with('within = "1h30m"', 'within = "1h30m')
    error = _error(text)
    assert error.line == _line_of(text, 'within = "1h30m')
    assert error.reason.startswith("TOML syntax error: ")
    assert "(at line" not in error.reason


def test_quoted_and_dotted_keys_are_located() -> None:
    text = GOOD.replace(
        '[calendars."24x7"]\nzone = "Asia/Seoul"', '[calendars."24x7"]\nzone = "Asia/Seul"'
    )
    assert _error(text).line == _line_of(text, "Asia/Seul")
    dotted = 'calendars.extra.zone = "Nowhere/Land"\n' + GOOD
    error = _error(dotted)
    assert (error.line, error.reason) == (1, "unknown time zone 'Nowhere/Land'")


def test_missing_parts() -> None:
    assert _error("").reason == "missing table [calendars]"
    only_calendars = GOOD.split("[classes.simple]")[0]
    assert _error(only_calendars).reason == "missing table [classes]"
    no_calendar = GOOD.replace('calendar = "office"\ndue_soon', "due_soon")
    error = _error(no_calendar)
    assert (error.reason, error.line) == (
        "class 'simple' names no calendar",
        _line_of(no_calendar, "[classes.simple]"),
    )


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path / "missing.toml")
    assert caught.value.source == "missing.toml"
    assert caught.value.line is None
    assert str(caught.value).startswith("missing.toml: cannot read the rules file: ")


def test_load_rules_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "site-rules.toml"
    path.write_text(GOOD.replace('"1h30m"', '"1h30x"'), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(f"site-rules.toml:{_line_of(GOOD, '1h30m')}: bad duration")
