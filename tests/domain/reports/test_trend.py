"""The overview's trend and projection: cases computed by hand, and the projection agreeing with the one
target_status judges by."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from cchc.domain.reports.trend import (
    NOT_ENOUGH,
    PAST_DEADLINE,
    direction,
    project,
    trend_periods,
)
from cchc.domain.target_status import TargetState, target_status

D = Decimal
TODAY = date(2026, 1, 21)


def test_three_points_on_a_line_project_along_it():
    # 10 → 20 → 30 over ten-day steps: 1 per day; 31/1 is ten days after the last point → 40.
    p = project([(date(2026, 1, 1), 10), (date(2026, 1, 11), 20), (date(2026, 1, 21), 30)],
                deadline=date(2026, 1, 31), today=TODAY)  # fmt: skip
    assert (p.value, p.slope_per_day, p.points, p.note) == (D("40.00"), D("1.0000"), 3, "")


def test_scattered_points_follow_the_least_squares_line():
    # x = 0, 10, 20; y = 10, 30, 20: mean (10, 20), Sxx = 200, Sxy = 100 → slope 0.5; at x = 30: 20 + 0.5·20 = 30.
    p = project([(date(2026, 1, 1), 10), (date(2026, 1, 11), 30), (date(2026, 1, 21), 20)],
                deadline=date(2026, 1, 31), today=TODAY)  # fmt: skip
    assert (p.value, p.slope_per_day) == (D("30.00"), D("0.5000"))


def test_a_falling_figure_projects_below_today():
    # 60 % → 45 % in 90 days (−1/6 per day); 180 days after the first point: 60 − 30 = 30.
    p = project([(date(2025, 10, 1), D("60")), (date(2025, 12, 30), D("45"))],
                deadline=date(2026, 3, 30), today=date(2026, 1, 1))  # fmt: skip
    assert p.value == D("30.00") and direction([60, 45]) == "down"


def test_too_few_points_say_so():
    one = project([(date(2026, 1, 1), 10)], deadline=date(2026, 6, 30), today=TODAY)
    assert one.value is None and one.note == NOT_ENOUGH == "không đủ số liệu"
    # Two values on the same day are one point (the later wins); None values do not count.
    same_day = project([(date(2026, 1, 1), 10), (date(2026, 1, 1), 12), (date(2026, 1, 5), None)],
                       deadline=date(2026, 6, 30), today=TODAY)  # fmt: skip
    assert same_day.value is None and same_day.points == 1
    # A value dated after today is not yet known.
    future = project(
        [(date(2026, 1, 1), 10), (date(2026, 2, 1), 20)], deadline=date(2026, 6, 30), today=TODAY
    )
    assert future.value is None and future.note == NOT_ENOUGH


def test_no_projection_past_the_deadline():
    p = project([(date(2026, 1, 1), 10), (date(2026, 1, 11), 20)], deadline=date(2026, 1, 15), today=TODAY)
    assert p.value is None and p.note == PAST_DEADLINE


def test_the_projection_is_the_one_target_status_judges_by():
    values = [(date(2026, 1, 1), D(40)), (date(2026, 1, 11), D(50)), (date(2026, 1, 21), D(55))]
    deadline = date(2026, 3, 31)
    p = project(values, deadline=deadline, today=TODAY)
    s = target_status(
        value=D(55), value_on=TODAY, target=80, deadline=deadline, today=TODAY, trend=values[:2]
    )
    assert s.projected is not None and s.projected.quantize(D("0.01")) == p.value
    # x = 0, 10, 20; y = 40, 50, 55: slope = (−10·−8.33 + 10·6.67)/200 = 0.75; at x = 89: 48.33 + 0.75·79 = 107.58
    assert p.value == D("107.58") and s.state is TargetState.ON_TRACK


def test_trend_periods_are_the_reporting_quarters_up_to_today():
    # §8 windows: the 15th of the month before the quarter → the 14th of its last month.
    ps = trend_periods(date(2026, 12, 5))
    assert [p.text for p in ps] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert (ps[0].start, ps[0].end, ps[0].day) == (date(2025, 12, 15), date(2026, 3, 14), date(2026, 3, 14))
    assert (ps[-1].start, ps[-1].end, ps[-1].day) == (
        date(2026, 9, 15),
        date(2026, 12, 14),
        date(2026, 12, 5),
    )
    assert ps[0].window == "2025-12-15..2026-03-14"
    # The windows touch: each starts the day after the one before ends.
    assert all(b.start - a.end == timedelta(days=1) for a, b in pairwise(ps))
    # 15/12 already opens next year's quý I; 14/3 is still in quý I.
    assert trend_periods(date(2026, 12, 15), 1)[0].text == "2027-Q1"
    across = trend_periods(date(2026, 3, 14), 3)
    assert [p.text for p in across] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert across[1].end == date(2025, 12, 14) and trend_periods(date(2026, 2, 10), 0) == []


def test_direction():
    assert direction([1, None, 3]) == "up" and direction([3, 3]) == "flat" and direction([None, 2]) == ""
