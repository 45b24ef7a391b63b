"""The desk's pushes during the day judge only the chains with new events; the nightly
run still checks every chain, so tampering with an old event is caught there."""

from __future__ import annotations

from pathlib import Path

from tests.sync.places import (
    T0,
    behind_the_guards,
    central_rows,
    make_station,
    note_on,
    open_on,
    quarantined,
    sync,
)


def test_a_daytime_push_sends_new_events_and_leaves_the_whole_check_to_the_night(
    central_url: str, tmp_path: Path
) -> None:
    desk = make_station(tmp_path, "desk-1")
    old = open_on(desk, "lin")
    first_note = note_on(desk, old, "lin", T0.add(minutes=1))
    sync(desk, central_url)
    # An old event edited behind the guards, then a new complaint during the day.
    behind_the_guards(
        desk, ("UPDATE complaint_events SET payload = ? WHERE id = ?", ('{"text":"x"}', first_note))
    )
    new = open_on(desk, "lin", T0.add(hours=1))
    day = sync(desk, central_url, pull=False, whole_register=False)
    assert day.counts.pushed.get("complaints") == 1
    assert {row[1] for row in central_rows(central_url)} == {old, new}
    assert quarantined(central_url) == []  # the untouched chain was not read
    again = sync(desk, central_url, pull=False, whole_register=False)
    assert again.counts.pushed == {}
    night = sync(desk, central_url)
    assert [(q[1], q[2]) for q in quarantined(central_url)] == [(old, first_note)]
    assert night.counts.quarantined == 1
