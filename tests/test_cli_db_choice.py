"""Issue #9, item 14: which database every command works on, and the group's own options.

The order is --db (the group's or the command's), then AGENTDESK_DB, then `database` in
the settings file, then the user data folder. Each case configures one level and every
level below it, with only the chosen level's file present: a command that looked one
level too low would find no database and fail.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tui import __version__
from tui.cli import main
from tui.store.db import Store

COMMANDS = [
    ["export", "calls"],
    ["export", "complaints"],
    ["export", "events"],
    ["export", "breaks"],
    ["verify"],
    ["config"],
]
LEVELS = ["--db", "AGENTDESK_DB", "config", "default"]


def make_db(path: Path) -> None:
    async def go() -> None:
        store = await Store.open(path)
        await store.close()

    path.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(go())


def candidates(tmp_path: Path) -> dict[str, Path]:
    return {
        "--db": tmp_path / "flag" / "a.sqlite3",
        "AGENTDESK_DB": tmp_path / "env" / "b.sqlite3",
        "config": tmp_path / "setting" / "c.sqlite3",
        # platformdirs' user data folder on Linux, under XDG_DATA_HOME.
        "default": tmp_path / "xdg" / "agentdesk" / "agentdesk.sqlite3",
    }


def invoke(
    tmp_path: Path, command: list[str], chosen: str, *, db_after_command: bool = False
) -> tuple[Result, Path]:
    paths = candidates(tmp_path)
    make_db(paths[chosen])
    below = LEVELS[LEVELS.index(chosen) :]
    settings = tmp_path / "config.toml"
    settings.write_text(
        f'database = "{paths["config"]}"\n' if "config" in below else "", encoding="utf-8"
    )
    env = {
        "AGENTDESK_DB": str(paths["AGENTDESK_DB"]) if "AGENTDESK_DB" in below else None,
        "AGENTDESK_CONFIG": str(settings),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    if "--db" not in below:
        args = command
    elif db_after_command:
        args = [*command, "--db", str(paths["--db"])]
    else:
        args = ["--db", str(paths["--db"]), *command]
    result = CliRunner().invoke(main, args, env=env)
    return result, paths[chosen]


@pytest.mark.parametrize("chosen", LEVELS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_the_database_in_order(
    tmp_path: Path, command: list[str], chosen: str
) -> None:
    result, expected = invoke(tmp_path, command, chosen)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if command == ["config"]:
        assert f"database: {expected} (from " in result.stdout, result.stdout
    for other in set(candidates(tmp_path).values()) - {expected}:
        assert not other.exists(), f"{other} was created"


@pytest.mark.parametrize("command", COMMANDS[:5], ids=" ".join)
def test_the_commands_own_db_counts_as_db(tmp_path: Path, command: list[str]) -> None:
    result, _ = invoke(tmp_path, command, "--db", db_after_command=True)
    assert result.exit_code == 0, result.output


def test_a_missing_chosen_database_is_named(tmp_path: Path) -> None:
    # AGENTDESK_DB names a file that is not there, the setting one that is: the error names
    # the AGENTDESK_DB file, it does not quietly fall through to the setting.
    existing = tmp_path / "setting.sqlite3"
    make_db(existing)
    settings = tmp_path / "config.toml"
    settings.write_text(f'database = "{existing}"\n', encoding="utf-8")
    wanted = tmp_path / "wanted.sqlite3"
    result = CliRunner().invoke(
        main,
        ["export", "calls"],
        env={"AGENTDESK_DB": str(wanted), "AGENTDESK_CONFIG": str(settings)},
    )
    assert result.exit_code == 2 and str(wanted) in result.stderr


def test_the_groups_config_option_reaches_the_commands(tmp_path: Path) -> None:
    target = tmp_path / "from-config.sqlite3"
    make_db(target)
    settings = tmp_path / "site.toml"
    settings.write_text(f'database = "{target}"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["--config", str(settings), "config"],
        env={"AGENTDESK_DB": None, "AGENTDESK_CONFIG": None},
    )
    assert f"settings: {settings} (exists)" in result.stdout
    assert f"database: {target} (from the settings file)" in result.stdout


def test_a_broken_settings_file_is_said_not_hidden(tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text("database = 3\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["config"],
        env={
            "AGENTDESK_DB": None,
            "AGENTDESK_CONFIG": str(settings),
            "XDG_DATA_HOME": str(tmp_path),
        },
    )
    assert result.exit_code == 0
    assert "line 1: database must be a file path in quotes" in result.stderr
    assert "(from the default)" in result.stdout


def test_the_desk_takes_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app_factory import make_app

    paths = candidates(tmp_path)
    settings = tmp_path / "config.toml"
    settings.write_text(f'database = "{paths["config"]}"\n', encoding="utf-8")
    monkeypatch.setenv("AGENTDESK_DB", str(paths["AGENTDESK_DB"]))
    assert make_app(config=settings).db_path == paths["AGENTDESK_DB"]
    assert make_app(db=paths["--db"], config=settings).db_path == paths["--db"]
    monkeypatch.delenv("AGENTDESK_DB")
    assert make_app(config=settings).db_path == paths["config"]


@pytest.mark.parametrize(
    "args",
    [
        ["-h"],
        ["--help"],
        ["export", "-h"],
        ["export", "calls", "-h"],
        ["verify", "-h"],
        ["promise", "-h"],
        ["config", "-h"],
    ],  # fmt: skip
    ids=" ".join,
)
def test_h_is_help_everywhere(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0
        assert result.stdout == f"agentdesk, version {__version__}\n"
