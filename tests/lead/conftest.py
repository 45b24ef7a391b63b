"""The lead board's tests take central stores on both backends, and desks to sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.central.conftest import central_url, pg_password, pg_url  # noqa: F401
from tests.lead.board_places import Team, make_team
from tests.tui.conftest import clock, make_desk  # noqa: F401


@pytest.fixture
def team(tmp_path: Path, central_url: str) -> Team:  # noqa: F811
    return make_team(tmp_path, central_url)
