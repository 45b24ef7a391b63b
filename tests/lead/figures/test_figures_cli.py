"""`agentdesk figures`'s refusals, said in one line before anything starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


def test_no_central_store_named_is_a_usage_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AGENTDESK_CENTRAL", raising=False)
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "figures"])
    assert result.exit_code == 2
    assert "no central store named" in result.output


def test_a_central_store_that_cannot_be_opened_is_said(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'central.db'}"
    result = CliRunner().invoke(
        main, ["--config", str(tmp_path / "none.toml"), "figures", "--central", url, "--lang", "en"]
    )
    assert result.exit_code == 3
    assert result.output.startswith("Cannot open the central store:")
