"""The storage form of an instant is exactly pendulum's UTC ISO text, whatever the zone:
the register's hashes are computed over it. The wall-clock text is exactly pendulum's
format of the same tokens."""

from __future__ import annotations

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.clock import to_iso, wall_time

ZONES = ("UTC", "Asia/Shanghai", "Asia/Seoul", "America/New_York", "Australia/Lord_Howe")


@given(
    st.floats(min_value=-2e9, max_value=2.5e11, allow_nan=False),
    st.sampled_from(ZONES),
    st.booleans(),
)
def test_to_iso_is_pendulums_utc_text(stamp: float, zone: str, whole: bool) -> None:
    when = pendulum.from_timestamp(stamp, tz="UTC").in_timezone(zone)
    if whole:
        when = when.replace(microsecond=0)
    assert to_iso(when) == when.in_timezone("UTC").isoformat()


@given(
    st.floats(min_value=-2e9, max_value=2.5e11, allow_nan=False),
    st.sampled_from(ZONES),
    st.booleans(),
    st.booleans(),
)
def test_wall_time_is_pendulums_format(stamp: float, zone: str, seconds: bool, day: bool) -> None:
    when = pendulum.from_timestamp(stamp, tz="UTC").in_timezone(zone)
    pattern = ("MM-DD " if day else "") + ("HH:mm:ss" if seconds else "HH:mm")
    assert wall_time(when, seconds=seconds, day=day) == when.format(pattern)
