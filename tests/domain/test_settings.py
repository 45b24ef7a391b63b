from __future__ import annotations

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
