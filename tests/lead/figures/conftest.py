"""The central stores (SQLite and PostgreSQL) the figures' tests run against."""

from tests.central.conftest import central_url, pg_password, pg_url  # noqa: F401
from tests.tui.conftest import clock  # noqa: F401
