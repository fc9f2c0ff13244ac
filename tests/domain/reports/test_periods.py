"""Reporting periods of §8 (581/BNV-CCHC), checked against dates written by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cchc.domain.measures import span
from cchc.domain.reports.periods import BadReportPeriod, Kind, quarter_of, report_period, year_of


def test_the_first_quarter_runs_from_15_december_to_14_march_due_on_the_20th():
    q1 = report_period("2026-Q1")
    assert (q1.kind, q1.start, q1.end, q1.due) == (
        Kind.QUARTER,
        date(2025, 12, 15),
        date(2026, 3, 14),
        date(2026, 3, 20),
    )
    assert q1.label == "quý I năm 2026"


def test_six_months_and_year_are_cumulative_from_15_december():
    h1, year = report_period("2026-H1"), report_period("2026")
    assert (h1.start, h1.end, h1.due) == (date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 20))
    assert (year.start, year.end, year.due) == (date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 20))
    assert h1.label == "6 tháng đầu năm 2026" and year.label == "năm 2026"


def test_the_third_quarter_window_as_the_source_lists_it_with_its_cumulative_window():
    q3 = report_period("2026-Q3")
    assert (q3.start, q3.end, q3.due) == (date(2026, 6, 15), date(2026, 9, 14), date(2026, 9, 20))
    assert q3.cumulative_period == "2025-12-15..2026-09-14"


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 3, 14), "2026-Q1"),
        (date(2026, 3, 15), "2026-Q2"),
        (date(2026, 6, 14), "2026-Q2"),
        (date(2026, 6, 15), "2026-Q3"),
        (date(2026, 9, 15), "2026-Q4"),
        (date(2026, 12, 14), "2026-Q4"),
        (date(2026, 12, 15), "2027-Q1"),
        (date(2026, 1, 1), "2026-Q1"),
        (date(2026, 1, 15), "2026-Q1"),
        (date(2026, 4, 30), "2026-Q2"),
    ],
)
def test_a_day_falls_in_the_quarter_whose_window_holds_it(day, quarter):
    found = quarter_of(day)
    assert found.text == quarter and day in found


def test_the_quarters_tile_the_reporting_year_without_gap_or_overlap():
    day, seen = date(2025, 12, 15), []
    while day <= date(2026, 12, 14):
        hits = [q for q in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4") if day in report_period(q)]
        assert hits == [quarter_of(day).text]
        seen.append(day)
        day += timedelta(days=1)
    assert len(seen) == 365 and {year_of(d) for d in seen} == {2026}


def test_the_window_reads_as_a_period_of_the_measured_sources():
    q1 = report_period("2026-q1")
    days = span(q1.measure_period)
    assert (days.start, days.end) == (q1.start, q1.end)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-H2", "26", "quý 1"])
def test_a_bad_period_is_refused_in_vietnamese(text):
    with pytest.raises(BadReportPeriod, match="không hợp lệ"):
        report_period(text)
