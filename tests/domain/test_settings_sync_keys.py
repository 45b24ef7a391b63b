"""`central` and `station` in config.toml: read for `agentdesk sync`, a mistake named."""

from __future__ import annotations

from tui.domain.settings import parse_settings


def test_central_and_station_are_read() -> None:
    settings, problems = parse_settings(
        'central = "postgresql://sync@db.example/calls"\nstation = "floor2-07"\n'
    )
    assert problems == []
    assert (settings.central, settings.station) == (
        "postgresql://sync@db.example/calls",
        "floor2-07",
    )


def test_an_empty_or_unquoted_value_is_a_mistake_with_its_line() -> None:
    settings, problems = parse_settings('agent = "Lin"\ncentral = "db.example:5432"\nstation = 7\n')
    assert [(p.line, p.code) for p in problems] == [(2, "central"), (3, "station")]
    assert (settings.central, settings.station) == ("", "")
    assert "central must be a central store URL" in problems[0].text("en")


def test_a_broken_central_url_is_never_echoed() -> None:
    _, problems = parse_settings('central = "mysql://root:pw-9@db/x"\n')
    assert [p.code for p in problems] == ["central"]
    assert all("pw-9" not in problems[0].line_text(lang) for lang in ("zh", "en", "ko"))


def test_a_station_name_is_what_a_host_name_may_hold() -> None:
    for bad in ("", " floor2", "-x", "a" * 65, "工位7"):
        _, problems = parse_settings(f'station = "{bad}"\n')
        assert [p.code for p in problems] == ["station"], bad
