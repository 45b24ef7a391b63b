"""`central` and `station` in config.toml: read for `agentdesk sync`, a mistake named."""

from __future__ import annotations

from tui.domain.settings import parse_settings


def test_central_and_station_are_read() -> None:
    settings, problems = parse_settings(
        'central = "postgresql://sync@db.example/calls"\nstation = " floor2-07 "\n'
    )
    assert problems == []
    assert (settings.central, settings.station) == (
        "postgresql://sync@db.example/calls",
        "floor2-07",
    )


def test_an_empty_or_unquoted_value_is_a_mistake_with_its_line() -> None:
    settings, problems = parse_settings('agent = "Lin"\ncentral = ""\nstation = 7\n')
    assert [(p.line, p.code) for p in problems] == [(2, "central_empty"), (3, "station_empty")]
    assert (settings.central, settings.station) == ("", "")
    assert "central must be a central store URL" in problems[0].text("en")
