"""Budget-disclosure duties (TT 61/2017/TT-BTC Điều 6): due dates and statuses computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.finance import disclosure as d


@pytest.fixture(scope="module")
def rules() -> d.Rules:
    return d.load_rules()


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.default()


def test_shipped_duties_follow_the_circular(rules: d.Rules) -> None:
    assert set(rules.duties) == {"du_toan", "thuc_hien_ky", "thuc_hien_nam", "quyet_toan"}
    assert rules.duties["du_toan"].days == 15 and rules.duties["du_toan"].repeats
    assert (
        rules.duties["thuc_hien_nam"].day_kind is d.DayKind.WORKING
        and rules.duties["thuc_hien_nam"].days == 5
    )
    assert rules.duties["quyet_toan"].days == 15
    assert any(f.portal for f in rules.forms.values())


def test_du_toan_due_fifteen_days_after_assignment(rules: d.Rules) -> None:
    # Assigned 10/01/2026: the 15th day after is 25/01/2026 (a Sunday; not moved by default).
    assert d.due_date(rules.duties["du_toan"], date(2026, 1, 10)) == date(2026, 1, 25)
    # Across a month end: 20/12/2025 + 15 = 04/01/2026.
    assert d.due_date(rules.duties["quyet_toan"], date(2025, 12, 20)) == date(2026, 1, 4)


def test_roll_moves_a_day_off_to_the_next_working_day(rules: d.Rules, cal: WorkingCalendar) -> None:
    # 25/01/2026 is a Sunday → Monday 26/01/2026.
    assert d.due_date(rules.duties["du_toan"], date(2026, 1, 10), cal, roll=True) == date(2026, 1, 26)


def test_quarter_and_half_year_periods(rules: d.Rules) -> None:
    rows = d.expected(2026, rules)
    periods = {r.period: r.trigger_date for r in rows if r.duty == "thuc_hien_ky"}
    assert periods == {"Q1": date(2026, 3, 31), "H1": date(2026, 6, 30), "Q3": date(2026, 9, 30)}
    duty = rules.duties["thuc_hien_ky"]
    assert d.due_date(duty, periods["Q1"]) == date(2026, 4, 15)
    assert d.due_date(duty, periods["H1"]) == date(2026, 7, 15)
    assert d.due_date(duty, periods["Q3"]) == date(2026, 10, 15)
    # event duties wait for their date
    assert [r.duty for r in rows if r.trigger_date is None] == ["du_toan", "thuc_hien_nam", "quyet_toan"]
    assert d.period_end(2026, "Q4") == date(2026, 12, 31)


def test_annual_report_five_working_days(rules: d.Rules, cal: WorkingCalendar) -> None:
    # Reported Friday 06/03/2026 → Mon 9, Tue 10, Wed 11, Thu 12, Fri 13/03/2026.
    assert d.due_date(rules.duties["thuc_hien_nam"], date(2026, 3, 6), cal) == date(2026, 3, 13)
    with pytest.raises(d.DisclosureRulesError):
        d.due_date(rules.duties["thuc_hien_nam"], date(2026, 3, 6))


def test_statuses() -> None:
    due = date(2026, 4, 15)
    assert d.status(due, date(2026, 4, 15), date(2026, 5, 1)) is d.Status.ON_TIME
    assert d.status(due, date(2026, 4, 16), date(2026, 5, 1)) is d.Status.LATE
    assert d.status(due, None, date(2026, 4, 16)) is d.Status.OVERDUE
    assert d.status(due, None, date(2026, 4, 15)) is d.Status.DUE_SOON  # due today
    assert d.status(due, None, date(2026, 4, 14)) is d.Status.OPEN
    assert d.status(due, None, date(2026, 4, 10), remind_days_before=5) is d.Status.DUE_SOON
    assert d.status(due, None, date(2026, 4, 9), remind_days_before=5) is d.Status.OPEN
    assert d.status(None, None, date(2026, 4, 9)) is d.Status.WAITING


def test_on_time_share_counts_only_judged() -> None:
    s = d.Status
    ok, judged, pct = d.on_time_share([s.ON_TIME, s.ON_TIME, s.LATE, s.OVERDUE, s.OPEN, s.WAITING])
    assert (ok, judged) == (2, 4)
    assert str(pct) == "50.00"
    assert d.on_time_share([s.OPEN]) == (0, 0, None)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"duties": {}}, "không có nghĩa vụ"),
        ({"duties": {"x": {"label": "X", "trigger": "khác", "days": 1}}}, "trigger"),
        ({"duties": {"x": {"label": "X", "trigger": "event", "days": -1}}}, "days"),
        ({"duties": {"x": {"label": "X", "trigger": "event", "days": 1, "day_kind": "tuần"}}}, "day_kind"),
        ({"duties": {"x": {"label": "X", "trigger": "period_end", "days": 1}}}, "periods"),
        ({"duties": {"x": {"label": "X", "trigger": "period_end", "days": 1, "periods": ["Q5"]}}}, "Q5"),
        ({"duties": {"x": {"trigger": "event", "days": 1}}}, "label"),
    ],
)
def test_bad_rules_are_named(raw: dict, fragment: str) -> None:
    with pytest.raises(d.DisclosureRulesError, match=fragment):
        d.parse_rules(raw)
