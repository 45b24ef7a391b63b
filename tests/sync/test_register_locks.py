"""On PostgreSQL the register's writers lock each complaint they may append to, not the
whole register, when they write a few: a day's pushes from stations whose complaints
differ go side by side; two writers of one complaint still queue; a writer of many
complaints (a nightly batch) takes the whole register, and waits for the others."""

from __future__ import annotations

import psycopg
import pytest

from tests.sync.places import central_for
from tui.central.connection import Central
from tui.sync import central_register as reg


def _waits(central: Central, ids: list[str] | None) -> bool:
    """Whether `lock_register(ids)` must wait (given up on after 200 ms)."""
    try:
        with central.transaction():
            central.execute("SET LOCAL lock_timeout = '200ms'")
            reg.lock_register(central, ids)
    except psycopg.errors.LockNotAvailable:
        return True
    return False


@pytest.mark.parametrize(
    ("held", "wanted", "waits"),
    [
        (["k-1", "k-2"], ["k-3"], False),
        (["k-1", "k-2"], ["k-2", "k-9"], True),
        (["k-1"], None, True),
        (None, ["k-3"], True),
        ([f"k-{i}" for i in range(reg.LOCK_EACH_MAX + 1)], ["zz"], True),
        ([], ["k-1"], False),
    ],
)
def test_writers_of_other_complaints_do_not_wait(
    pg_url: str, held: list[str] | None, wanted: list[str] | None, waits: bool
) -> None:
    with central_for(pg_url) as first, central_for(pg_url) as second:
        with first.transaction():
            reg.lock_register(first, held)
            assert _waits(second, wanted) is waits
        assert _waits(second, wanted) is False
