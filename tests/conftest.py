from __future__ import annotations

import os
from pathlib import Path

import pytest

# Pin the local timezone so nothing depends on the machine running the tests.
os.environ["TZ"] = "Asia/Shanghai"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    # `agentdesk` keeps the merged string catalog in the user cache folder: a test run
    # that calls it keeps its own, not the machine user's.
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "agentdesk.sqlite3"
