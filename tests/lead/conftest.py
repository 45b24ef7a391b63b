"""The lead board's tests take central stores on both backends, and desks to sync."""

from __future__ import annotations

from tests.central.conftest import central_url, pg_password, pg_url  # noqa: F401
from tests.tui.conftest import clock, make_desk  # noqa: F401
