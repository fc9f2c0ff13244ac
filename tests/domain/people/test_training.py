"""Digital-skills status and the share trained against Kế hoạch 01-KH/BCĐTW's targets (standards §13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from cchc.domain.people import training as tr
from cchc.domain.people.training import Attendance, Rule, Status


def test_status_takes_the_best_digital_skills_record():
    assert tr.status([]) == Status.NOT_STARTED
    assert tr.status([Attendance(False, date(2026, 1, 5), "X1")]) == Status.NOT_STARTED  # not digital skills
    assert tr.status([Attendance(True)]) == Status.IN_PROGRESS
    assert tr.status([Attendance(True), Attendance(True, date(2026, 2, 1))]) == Status.COMPLETED
    assert tr.status([Attendance(True, date(2026, 2, 1), "BDHVS-001"), Attendance(True)]) == Status.CERTIFIED
    # as of a date: a course finished later is still in progress then
    assert tr.status([Attendance(True, date(2026, 2, 1), "C")], on=date(2026, 1, 31)) == Status.IN_PROGRESS


def test_rule_decides_who_counts():
    assert tr.counts_as_trained(Status.COMPLETED, Rule.COURSE)
    assert not tr.counts_as_trained(Status.COMPLETED, Rule.CERTIFICATE)
    assert tr.counts_as_trained(Status.CERTIFIED, Rule.CERTIFICATE)
    assert not tr.counts_as_trained(Status.IN_PROGRESS)
    with pytest.raises(tr.TrainingError):
        tr.parse_rule("bằng cấp")


def test_targets_of_the_plan():
    assert tr.target_for(2024) is None
    assert tr.target_for(2025) == 80 and tr.target_for(2026) == 100 and tr.target_for(2027) == 100


def test_share_and_gap():
    statuses = (
        [Status.CERTIFIED] * 3 + [Status.COMPLETED] * 4 + [Status.IN_PROGRESS] * 2 + [Status.NOT_STARTED]
    )
    s = tr.trained_share(statuses, 2025)
    # 7 of 10 = 70 %; 80 % of 10 = 8 → one more person
    assert (s.trained, s.staff, s.value, s.target, s.gap, s.reached) == (7, 10, D(70), D(80), 1, False)
    c = tr.trained_share(statuses, 2026, Rule.CERTIFICATE)
    # 3 of 10 = 30 %; 100 % → 7 more
    assert (c.trained, c.value, c.gap) == (3, D(30), 7)
    odd = tr.trained_share([Status.COMPLETED] * 2 + [Status.NOT_STARTED], 2025)
    # 2/3 = 66,67 %; 80 % of 3 = 2,4 → 3 people → one more
    assert (odd.value, odd.gap) == (D("66.67"), 1)
    full = tr.trained_share([Status.COMPLETED] * 5, 2026)
    assert (full.value, full.reached, full.gap) == (D(100), True, 0)
    empty = tr.trained_share([], 2026)
    assert empty.value is None and empty.reached is None
