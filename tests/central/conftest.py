"""Central stores for the tests: every test that takes `central_url` runs twice, on a
SQLite file and on the real PostgreSQL that scripts/test starts (a schema of its own in
the run's throwaway database). A missing server fails the test; it is never skipped."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

PG_ENV = "AGENTDESK_TEST_PG"
PG_PASSWORD_ENV = "AGENTDESK_TEST_PG_PASSWORD"


def pg_base_url() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.fail(
            f"{PG_ENV} is not set: run the tests through scripts/test, or first "
            '`eval "$(scripts/pg_test_server)"`',
            pytrace=False,
        )
    return base


@pytest.fixture
def pg_password(monkeypatch: pytest.MonkeyPatch) -> str:
    password = os.environ.get(PG_PASSWORD_ENV, "")
    monkeypatch.setenv("PGPASSWORD", password)
    return password


@pytest.fixture
def pg_url(pg_password: str) -> Iterator[str]:
    """A fresh, empty schema of the run's database, as a URL the sync can open."""
    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url
