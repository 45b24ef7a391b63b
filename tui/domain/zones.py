"""The desk's time zone: one IANA zone in which every time on the desk is shown and said.

Deadlines are still worked out in each calendar's own zone (a Seoul calendar counts
Seoul's business hours); only what the agent reads and tells the customer is in the
desk's zone, so a Beijing customer never hears a Seoul time.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo


def is_zone(name: str) -> bool:
    """True for an IANA zone name this machine knows, such as "Asia/Shanghai"."""
    if not name or name != name.strip():
        return False
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # unknown, malformed, or a folder of zones
        return False
    return True
