"""Warning crossings: each level reported once, whenever and however often the desk looks."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.complaint_alerts import AlertWatcher, Crossing, Mark, loudest

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")


def minutes(n: float) -> pendulum.DateTime:
    return T0.add(seconds=int(n * 60))


SIMPLE = (Mark("50%", minutes(60)), Mark("due-soon", minutes(90)), Mark("overdue", minutes(120)))


def levels(crossings: list[Crossing]) -> list[str]:
    return [c.level for c in crossings]


def test_each_level_is_reported_once_when_reached() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    assert watcher.check(minutes(59)) == []
    assert levels(watcher.check(minutes(60))) == ["50%"]
    assert watcher.check(minutes(60)) == []
    assert watcher.check(minutes(89)) == []
    assert levels(watcher.check(minutes(95))) == ["due-soon"]
    assert levels(watcher.check(minutes(121))) == ["overdue"]
    assert watcher.check(minutes(500)) == []


def test_a_crossing_says_when_the_level_was_reached_not_when_it_was_seen() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    (crossing,) = watcher.check(minutes(70))
    assert crossing == Crossing("c1", "50%", minutes(60))


def test_tracking_the_same_promise_again_repeats_nothing() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    assert levels(watcher.check(minutes(61))) == ["50%"]
    # The queue reloads (a note was added): same promise, same signature.
    assert watcher.track("c1", SIMPLE, signature="a", since=minutes(61)) is False
    assert watcher.check(minutes(62)) == []
    assert levels(watcher.check(minutes(120))) == ["due-soon", "overdue"]


def test_a_new_promise_starts_over_without_stale_warnings() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    assert levels(watcher.check(minutes(100))) == ["50%", "due-soon"]
    # Extended at minute 100 to minute 300: its 50% (minute 200) is still ahead, but an
    # old mark of the first promise must never fire.
    extended = (Mark("50%", minutes(200)), Mark("overdue", minutes(300)))
    assert watcher.track("c1", extended, signature="b", since=minutes(100)) is True
    assert watcher.check(minutes(150)) == []
    assert levels(watcher.check(minutes(200))) == ["50%"]
    assert levels(watcher.check(minutes(301))) == ["overdue"]


def test_levels_already_past_when_tracked_count_as_seen() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=minutes(95))
    assert levels(watcher.check(minutes(96))) == []
    assert levels(watcher.check(minutes(120))) == ["overdue"]


def test_forgotten_items_never_fire() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    watcher.track("c2", SIMPLE, signature="a", since=T0)
    watcher.forget("c1")
    watcher.retain(["c2"])
    assert {c.key for c in watcher.check(minutes(200))} == {"c2"}
    assert "c1" not in watcher and "c2" in watcher and len(watcher) == 1


def test_next_at_skips_stale_entries() -> None:
    watcher = AlertWatcher()
    watcher.track("c1", SIMPLE, signature="a", since=T0)
    watcher.track("c1", (Mark("overdue", minutes(500)),), signature="b", since=T0)
    assert watcher.next_at() == minutes(500)


def test_loudest_keeps_the_most_severe_per_item() -> None:
    crossings = [
        Crossing("c1", "50%", minutes(60)),
        Crossing("c1", "due-soon", minutes(90)),
        Crossing("c1", "overdue", minutes(120)),
        Crossing("c2", "50%", minutes(30)),
    ]
    assert loudest(crossings) == [crossings[3], crossings[2]]


def test_ten_thousand_items_cost_only_what_comes_due() -> None:
    watcher = AlertWatcher()
    for n in range(10_000):
        watcher.track(f"c{n}", (Mark("overdue", minutes(60 + n)),), signature="a", since=T0)
    assert len(watcher.check(minutes(60.5))) == 1
    assert len(watcher.check(minutes(70))) == 10


@given(
    offsets=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=8),
    looks=st.lists(st.integers(min_value=0, max_value=700), max_size=30),
)
def test_every_mark_is_reported_exactly_once_however_the_checks_fall(
    offsets: list[int], looks: list[int]
) -> None:
    marks = [Mark(f"{n}%", minutes(offset)) for n, offset in enumerate(offsets, start=1)]
    watcher = AlertWatcher()
    watcher.track("c", marks, signature="s", since=T0)
    seen: list[Crossing] = []
    for look in sorted(looks):
        now = minutes(look)
        found = watcher.check(now)
        assert all(c.at <= now for c in found)
        seen.extend(found)
    seen.extend(watcher.check(minutes(10_000)))
    assert sorted(c.level for c in seen) == sorted(m.level for m in marks)
    assert [c.at for c in seen] == sorted(c.at for c in seen)
    assert all(timedelta(0) <= c.at - T0 for c in seen)
