from __future__ import annotations

import os

import pytest

# Pin the local timezone so nothing depends on the machine running the tests.
os.environ["TZ"] = "Asia/Shanghai"


@pytest.fixture
def tmp_db(tmp_path):
    return tmp_path / "agentdesk.sqlite3"
