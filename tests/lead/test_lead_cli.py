"""`agentdesk lead --serve`: each browser tab's board gets the store from the
environment, never from a command line another user could read."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


def test_serve_hands_the_store_over_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: dict[str, object] = {}

    def serve(args: Sequence[str], **where: object) -> None:
        served.update(args=list(args), env=os.environ.get("AGENTDESK_CENTRAL"), **where)

    monkeypatch.setattr("tui.lead.serve.serve", serve)
    monkeypatch.delenv("AGENTDESK_CENTRAL", raising=False)
    url = f"sqlite:///{tmp_path / 'central.db'}"
    result = CliRunner().invoke(
        main,
        ["--config", str(tmp_path / "none.toml"), "lead", "--central", url, "--serve",
         "--lead", "zhou", "--port", "8123"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert served["args"] == ["lead", "--refresh", "5.0", "--lead", "zhou"]
    assert served["env"] == url
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)


def test_an_unreachable_store_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://lead:s3cret@127.0.0.1:1/central"
    result = CliRunner().invoke(
        main, ["--config", str(tmp_path / "none.toml"), "lead", "--central", url]
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "s3cret" not in result.output
