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


def test_every_mistake_is_told_each_with_its_line_and_only_those_settings_fall_back() -> None:
    text = (
        'agent = "Wang"\nlanguage = "fr"\ntheme = "dracula"\ncolour = 1\n'
        '[breaks]\nmax_snoozes = -1\nreset_minutes = "2"\nsnooze_minutes = 3\n'
    )
    settings, problems = parse_settings(text, themes={"dracula", "nord"})
    assert [(p.line, p.key) for p in problems] == [
        (2, "language"),
        (4, ""),
        (6, "breaks.max_snoozes"),
        (7, "breaks.reset_minutes"),
    ]
    assert not any(p.whole_file for p in problems)
    assert settings.agent == "Wang" and settings.theme == "dracula" and settings.lang == "zh"
    assert settings.breaks.snooze_minutes == 3 and settings.breaks.max_snoozes == 2


def test_a_file_that_is_not_toml_is_not_used_and_all_its_mistakes_are_told() -> None:
    text = 'agent = "Wang"\ntheme = "nord\nlanguage = ko\n[breaks]\nmax_snoozes = -1\n'
    settings, problems = parse_settings(text)
    assert settings == Settings()
    assert [(p.line, p.code) for p in problems] == [
        (2, "toml_quote"),
        (3, "toml_value"),
        (5, "breaks.between"),
    ]
    assert problems[0].whole_file


def test_mistakes_are_said_in_the_agents_language() -> None:
    _, problems = parse_settings("[breaks]\nreset_minutes = true\n")
    assert problems[0].line_text("en") == "line 2: breaks.reset_minutes: must be a number"
    assert problems[0].line_text("ko") == "2번째 줄: breaks.reset_minutes: 숫자여야 합니다"
    assert problems[0].line_text("zh") == "第2行：breaks.reset_minutes：必须是数字"


def test_any_theme_given_is_accepted_and_a_near_miss_is_named() -> None:
    themes = {"dracula", "nord", "textual-dark"}
    settings, problems = parse_settings('theme = "dracula"\n', themes=themes)
    assert problems == [] and settings.theme == "dracula"
    settings, problems = parse_settings('theme = "drakula"\n', themes=themes)
    assert settings.theme == "textual-dark" and "dracula" in problems[0].message


def test_a_keymap_is_read_by_binding_id_with_its_lines() -> None:
    groups = [{"desk.new_call": ("f2",), "desk.reasons": ("f3",)}]
    text = '[keymap]\n"desk.new_call" = "F12"\ndesk.reasons = "ctrl+banana"\n'
    settings, problems = parse_settings(text, bindings=lambda: groups)
    assert settings.keymap == {"desk.new_call": "f12"}
    assert [(p.line, p.key) for p in problems] == [(3, "keymap.desk.reasons")]
