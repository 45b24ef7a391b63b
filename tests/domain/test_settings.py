from __future__ import annotations

from datetime import time

from tui.domain.settings import Settings, parse_settings


def test_valid_file() -> None:
    settings, problems = parse_settings(
        'language = "ko"\nagent = "김민지"\ntheme = "nord"\n[breaks]\nreset_minutes = 3\n'
    )
    assert problems == []
    assert settings.lang == "ko" and settings.agent == "김민지" and settings.theme == "nord"
    assert settings.breaks.reset_minutes == 3


def test_syntax_error_names_the_line_and_falls_back_to_defaults() -> None:
    settings, problems = parse_settings('language = "en"\nagent = "Li\n')
    assert settings == Settings()
    assert problems[0].line == 2
    assert str(problems[0]).startswith("line 2:")


def test_bad_value_names_its_line_and_keeps_the_good_ones() -> None:
    settings, problems = parse_settings('agent = "Wang"\n\nlanguage = "fr"\n')
    assert settings.agent == "Wang" and settings.lang == "zh"
    assert [p.line for p in problems] == [3]
    assert "fr" in problems[0].message


def test_unknown_key_is_reported() -> None:
    _, problems = parse_settings('colour = "red"\n')
    assert problems[0].line == 1 and "colour" in problems[0].message


def test_a_bad_break_setting_names_its_line_and_keeps_the_default_policy() -> None:
    settings, problems = parse_settings('agent = "Wang"\n[breaks]\n\nmax_snoozes = -1\n')
    assert settings.agent == "Wang"
    assert settings.breaks.max_snoozes == 2
    assert [p.line for p in problems] == [4]
    assert "max_snoozes" in problems[0].message


def test_zone_and_shift_start() -> None:
    settings, problems = parse_settings('zone = "Asia/Seoul"\nshift_start = "22:00"\n')
    assert problems == []
    assert settings.zone == "Asia/Seoul" and settings.shift_start == time(22, 0)
    settings, problems = parse_settings("shift_start = 07:30:00\n")
    assert problems == [] and settings.shift_start == time(7, 30)
    assert Settings().zone == "" and Settings().shift_start is None


def test_a_bad_zone_names_its_line_and_keeps_the_system_zone() -> None:
    for bad in ('"Asia/Beijing"', '"asia/shanghai"', '"Asia"', '""', "8"):
        settings, problems = parse_settings(f'agent = "Wang"\n\nzone = {bad}\n')
        assert settings.agent == "Wang" and settings.zone == ""
        assert [p.line for p in problems] == [3], bad
        assert "IANA" in problems[0].message


def test_a_bad_shift_start_names_its_line() -> None:
    for bad in ('"25:00"', '"10pm"', '"22"', "22"):
        settings, problems = parse_settings(f"shift_start = {bad}\n")
        assert settings.shift_start is None
        assert [p.line for p in problems] == [1], bad
        assert "HH:MM" in problems[0].message or "time of day" in problems[0].message
