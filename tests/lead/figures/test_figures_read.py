"""The lead's figures and scorecards read from a central store filled by the real sync,
on SQLite and PostgreSQL, against sums made by hand from tests.lead.figures.team_month.py."""

from __future__ import annotations

from pathlib import Path

from tests.lead.figures.team_month import NOW, ZONE, fill_team
from tui.central.opener import open_central
from tui.domain.shift_figures import month_period, shift_period
from tui.lead.figures_read import read_figures, read_scorecards


def test_the_shift_figures_match_the_hand_count(tmp_path: Path, central_url: str) -> None:
    fill_team(tmp_path, central_url)
    with open_central(central_url) as central:
        figures = read_figures(central, shift_period(NOW, ZONE), NOW)
    # 00:00 to 10:00 in Shanghai: ten hours, four calls at 8 and four at 9.
    assert [h.calls for h in figures.hours] == [0] * 8 + [4, 4]
    assert figures.hours[8].start.in_timezone(ZONE).hour == 8
    assert figures.calls == 8
    # l2 counts as forwarded: the lead's correction stands.
    assert [(r.group, r.calls) for r in figures.mix.rows] == [("inq", 3), ("fwd", 2), ("hdl", 1)]
    assert figures.mix.complaints == 2
    assert (figures.satisfaction.rated, figures.satisfaction.satisfied) == (7, 6)
    assert figures.satisfaction.below_line
    # A kept at 09:50, C broken at 03:00; B settled on the 20th.
    assert (figures.promises.kept, figures.promises.broken) == (1, 1)


def test_the_month_figures_reach_back_to_the_first(tmp_path: Path, central_url: str) -> None:
    fill_team(tmp_path, central_url)
    with open_central(central_url) as central:
        figures = read_figures(central, month_period(NOW, ZONE), NOW)
    assert figures.calls == 9
    assert len(figures.days) == 24 and figures.days[9].calls == 1 and figures.days[23].calls == 8
    assert (figures.satisfaction.rated, figures.satisfaction.satisfied) == (8, 6)
    assert (figures.promises.kept, figures.promises.broken) == (1, 2)


def test_the_scorecards_match_the_hand_scoring(tmp_path: Path, central_url: str) -> None:
    ids = fill_team(tmp_path, central_url)
    with open_central(central_url) as central:
        cards = {c.agent: c for c in read_scorecards(central, month_period(NOW, ZONE), NOW)}
    assert set(cards) == {"Lin", "Park"}
    lin, park = cards["Lin"], cards["Park"]

    def traced(card_point: object) -> tuple[object, ...]:
        from tui.domain.scorecard import Point

        assert isinstance(card_point, Point)
        return (
            card_point.score,
            sorted(r.id for r in card_point.earned),
            sorted(r.id for r in card_point.lost),
        )

    assert traced(lin.point("process")) == (1, [ids["A"]], [ids["B"]])
    assert traced(lin.point("facts")) == (1, [ids["A"]], [ids["B"]])
    assert traced(lin.point("records")) == (0, ["call-l5"], ["call-l2", "call-l6"])
    assert traced(lin.point("on_time")) == (1, [ids["A"]], [ids["B"]])
    # 4 of 5 rated calls satisfied: 80%, under the line.
    assert traced(lin.point("satisfaction")) == (
        0, ["call-l1", "call-l2", "call-l3", "call-l6"], ["call-l4"],
    )  # fmt: skip
    assert (lin.total, lin.out_of) == (3, 10)

    assert park.point("process").score is None and park.point("records").score is None
    assert traced(park.point("facts")) == (1, [], [ids["C"]])
    assert park.point("facts").lost[0].why == "scorecard.why.no_department"
    assert traced(park.point("on_time")) == (1, [], [ids["C"]])
    assert traced(park.point("satisfaction")) == (0, ["call-p1", "call-p2"], ["call-p0"])
    assert (park.total, park.out_of) == (2, 6)
    # The records a lead opens carry masked numbers and the complaint's reference.
    assert park.point("on_time").lost[0].number == "1******8000"
    assert park.point("on_time").lost[0].reference == "ORD-5150"
