"""target_status: hand-computed cases of each state, the projection and the plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.domain.target_status import TargetState, meets, target_status

S = TargetState
D = Decimal
START = date(2026, 1, 1)
DEADLINE = date(2026, 12, 31)  # 364 days after START


def st(**kw):
    kw.setdefault("deadline", DEADLINE)
    kw.setdefault("target", 100)
    return target_status(**kw)


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (D("80"), D("80"), ">=", True),
        (D("80"), D("80"), ">", False),
        (D("4.9"), D("5"), "<", True),
        (D("5"), D("5"), "<=", True),
        (D("5.01"), D("5"), "<=", False),
        (D("100"), D("100"), "=", True),
        (D("99"), D("100"), "=", False),
        (D("101"), D("100"), "?", True),  # unknown reads as >=
    ],
)
def test_meets(value, target, direction, expected):
    assert meets(value, target, direction) is expected


def test_no_value_before_the_deadline_is_no_data_after_it_missed():
    assert st(value=None, today=date(2026, 6, 1)).state is S.NO_DATA
    assert st(value=None, today=DEADLINE).state is S.NO_DATA  # the deadline day itself is not past
    assert st(value=None, today=date(2027, 1, 1)).state is S.MISSED


def test_met_whatever_the_date():
    assert st(value=100, today=date(2026, 3, 1)).state is S.MET
    assert st(value=100, today=date(2027, 3, 1)).state is S.MET
    assert st(value=3, target=5, direction="<=", today=date(2026, 3, 1)).state is S.MET


def test_missed_once_the_deadline_has_passed():
    assert st(value=99, today=date(2027, 1, 1)).state is S.MISSED
    assert st(value=6, target=5, direction="<=", today=date(2027, 1, 1)).state is S.MISSED


def test_no_deadline_is_not_due():
    assert target_status(value=10, target=100, deadline=None, today=date(2030, 1, 1)).state is S.NOT_DUE


def test_the_plan_from_the_baseline_decides_on_track_or_at_risk():
    # Baseline 20 on 01/01, target 100 on 31/12: on 02/07 (182 of 364 days) the plan is at 20 + 80/2 = 60.
    today = date(2026, 7, 2)
    on = st(value=60, baseline=20, start=START, today=today)
    assert on.state is S.ON_TRACK
    assert on.expected == D("60.0000")
    assert on.projected == D("100.0000")  # the line 20 → 60 over 182 days reaches 100 at 364
    behind = st(value=59, baseline=20, start=START, today=today)
    assert behind.state is S.AT_RISK
    assert behind.projected == D("98.0000")  # 20 + 39 × 2
    ahead = st(value=70, baseline=20, start=START, today=today)
    assert ahead.state is S.ON_TRACK and ahead.projected == D("120.0000")


def test_a_target_to_reduce():
    # Baseline 12 % on 01/01, at most 5 % by 31/12; on 02/07 the plan is at 12 − 7/2 = 8,5.
    today = date(2026, 7, 2)
    on = st(value=D("8.5"), target=5, direction="<=", baseline=12, start=START, today=today)
    assert on.expected == D("8.5000") and on.projected == D("5.0000")
    assert on.state is S.ON_TRACK
    late = st(value=9, target=5, direction="<=", baseline=12, start=START, today=today)
    assert late.state is S.AT_RISK and late.projected == D("6.0000")  # 12 − 3 × 2


def test_the_trend_is_a_least_squares_line():
    # Values 10, 30, 20 at days 0, 10, 20: mean day 10, mean value 20, slope (−10·−10 + 10·0)/200 = 0,5/day.
    # On day 40 the line reads 20 + 0,5 × 30 = 35.
    d0 = date(2026, 1, 1)
    r = target_status(
        value=20,
        value_on=date(2026, 1, 21),
        trend=[(d0, 10), (date(2026, 1, 11), 30)],
        target=35,
        deadline=date(2026, 2, 10),
        today=date(2026, 1, 25),
    )
    assert r.projected == D("35.0000") and r.observations == 3
    assert r.state is S.ON_TRACK
    short = target_status(
        value=20,
        value_on=date(2026, 1, 21),
        trend=[(d0, 10), (date(2026, 1, 11), 30)],
        target=D("35.01"),
        deadline=date(2026, 2, 10),
        today=date(2026, 1, 25),
    )
    assert short.state is S.AT_RISK


def test_a_falling_trend_on_a_rising_target_is_at_risk_however_far_the_deadline():
    r = st(value=40, value_on=date(2026, 3, 1), trend=[(date(2026, 2, 1), 50)], today=date(2026, 3, 2))
    assert r.state is S.AT_RISK and r.projected is not None and r.projected < 40


def test_one_observation_is_not_due_until_close_to_the_deadline():
    assert st(value=50, today=date(2026, 12, 16)).state is S.NOT_DUE  # 15 days before
    assert st(value=50, today=date(2026, 12, 17)).state is S.AT_RISK  # 14 days before (the default)
    assert st(value=50, today=date(2026, 12, 1), at_risk_from=date(2026, 12, 1)).state is S.AT_RISK
    assert st(value=50, today=date(2026, 11, 30), at_risk_from=date(2026, 12, 1)).state is S.NOT_DUE
    assert st(value=50, today=date(2026, 6, 1)).projected is None


def test_observations_after_today_and_on_one_day_count_once():
    # Two values on the same day: the given value wins over the trend; a future point is ignored.
    r = st(
        value=60,
        value_on=date(2026, 7, 2),
        trend=[(date(2026, 7, 2), 10), (date(2027, 1, 1), 0)],
        today=date(2026, 7, 2),
    )
    assert r.observations == 1 and r.projected is None


def test_an_equal_target_reads_its_direction_from_the_baseline():
    today = date(2026, 7, 2)
    up = st(value=60, baseline=20, start=START, direction="=", today=today)
    assert up.state is S.ON_TRACK  # projects to 100
    down = st(value=60, target=0, baseline=100, start=START, direction="=", today=today)
    assert down.projected == D("20.0000") and down.state is S.AT_RISK  # 100 − 40 × 2


def test_expected_stays_at_the_baseline_before_the_start():
    r = st(value=None, baseline=20, start=date(2026, 3, 1), today=date(2026, 2, 1))
    assert r.expected == D("20.0000") and r.state is S.NO_DATA


def test_regression_14_of_15_chua_dat():
    """The reported case: fifteen targets, one met, and the other fourteen all shown "Chưa đạt" whether their
    deadline had passed, was near, or was months away. Each now gets its own state."""
    today = date(2026, 12, 5)
    cases = [
        (dict(value=100, deadline=date(2026, 12, 31)), S.MET),
        (dict(value=80, deadline=date(2026, 6, 30)), S.MISSED),  # past, unmet
        (dict(value=None, deadline=date(2026, 6, 30)), S.MISSED),  # past, never measured
        (dict(value=None, deadline=date(2027, 6, 30)), S.NO_DATA),
        (dict(value=80, deadline=date(2027, 12, 31)), S.NOT_DUE),  # one figure, a year to go
        (dict(value=80, deadline=date(2026, 12, 15)), S.AT_RISK),  # one figure, 10 days to go
        (dict(value=90, deadline=date(2027, 12, 31), baseline=50, start=date(2025, 12, 31)), S.ON_TRACK),
        (dict(value=55, deadline=date(2027, 12, 31), baseline=50, start=date(2025, 12, 31)), S.AT_RISK),
    ]
    states = [target_status(target=100, today=today, **kw).state for kw, _ in cases]
    assert states == [s for _, s in cases]
    assert len({s for s in states if s is not S.MET}) == 5
