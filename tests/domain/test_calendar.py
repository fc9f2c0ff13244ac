"""Working-day calendar: hand-checked against the yearly notices (standards.md §6)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.calendar import CalendarOverride, WorkingCalendar


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar.default()


def test_tet_2026_is_monday_16_to_friday_20_february(cal: WorkingCalendar) -> None:
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day))
        assert cal.holiday_name(date(2026, 2, day))
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


def test_2025_swap_saturday_26_april_worked_friday_2_may_off(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.worked_saturdays(2025) == [date(2025, 4, 26)]
    assert "26/4/2025" in (cal.holiday_name(date(2025, 5, 2)) or "")


def test_2025_has_twelve_weekdays_off(cal: WorkingCalendar) -> None:
    days = [d for d, _ in cal.days_off(2025)]
    expected = [date(2025, 1, 1), *(date(2025, 1, d) for d in range(27, 32))]
    expected += [date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)]
    expected += [date(2025, 9, 1), date(2025, 9, 2)]
    assert days == expected


def test_gio_to_2026_falls_on_sunday_and_is_made_up_monday_27_april(cal: WorkingCalendar) -> None:
    assert cal.holiday_name(date(2026, 4, 26))  # Sunday, named
    assert not cal.is_working_day(date(2026, 4, 27))
    assert "nghỉ bù" in (cal.holiday_name(date(2026, 4, 27)) or "")


def test_ten_working_day_deadline_across_tet_2026(cal: WorkingCalendar) -> None:
    # Received Wed 11/2/2026: working days 12, 13, (Tết 16–20), 23, 24, 25, 26, 27, 2/3, 3/3, 4/3.
    assert cal.add_working_days(date(2026, 2, 11), 10) == date(2026, 3, 4)
    assert cal.subtract_working_days(date(2026, 3, 4), 10) == date(2026, 2, 11)
    assert cal.working_days_between(date(2026, 2, 11), date(2026, 3, 4)) == 10
    assert cal.working_days_between(date(2026, 3, 4), date(2026, 2, 11)) == -10


def test_national_day_2023_on_saturday_is_made_up_monday_4_september(cal: WorkingCalendar) -> None:
    assert not cal.is_working_day(date(2023, 9, 1))
    assert cal.holiday_name(date(2023, 9, 2))
    assert not cal.is_working_day(date(2023, 9, 4))
    assert cal.next_working_day(date(2023, 9, 1)) == date(2023, 9, 5)


def test_culture_day_24_november_is_off_from_2026(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2025, 11, 24))
    assert not cal.is_working_day(date(2026, 11, 24))


def test_weekend_and_zero_days(cal: WorkingCalendar) -> None:
    sat = date(2026, 3, 7)
    assert not cal.is_working_day(sat)
    assert cal.holiday_name(sat) is None
    assert cal.add_working_days(sat, 0) == sat
    assert cal.add_working_days(sat, 1) == date(2026, 3, 9)
    assert cal.next_working_day(sat) == date(2026, 3, 9)
    assert cal.working_days_between(sat, sat) == 0


def test_runtime_override_wins_over_package_and_data() -> None:
    cal = WorkingCalendar.default(
        overrides=[
            CalendarOverride(day=date(2026, 5, 4), working=False, name="Nghỉ bù theo quyết định tỉnh"),
            CalendarOverride(day=date(2025, 5, 2), working=True),
        ]
    )
    assert cal.holiday_name(date(2026, 5, 4)) == "Nghỉ bù theo quyết định tỉnh"
    assert cal.is_working_day(date(2025, 5, 2))
    assert cal.add_working_days(date(2026, 5, 1), 1) == date(2026, 5, 5)


def test_calendar_rows_index_difference_counts_working_days(cal: WorkingCalendar) -> None:
    rows = cal.calendar_rows(date(2026, 2, 1), date(2026, 3, 31))
    index = {d: i for d, _, i in rows}
    assert index[date(2026, 3, 4)] - index[date(2026, 2, 11)] == 10
    assert rows[0] == (date(2026, 2, 1), False, 0)
    assert sum(w for _, w, _ in rows) == rows[-1][2]
