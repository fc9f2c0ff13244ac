"""Working-day calendar of Vietnamese state agencies (plain Python, no Django).

Three layers, each overriding the one before (see docs/calendar.md):

1. the ``holidays`` package (Labour Code Điều 112 holidays incl. lunar Tết and Giỗ Tổ, in-lieu days,
   make-up Saturdays in ``weekend_workdays``);
2. the shipped yearly notices in ``data/vn_calendar.toml`` (Tết days, swaps, worked Saturdays), because
   the exact days are fixed each year by a notice and the package only approximates future years;
3. run-time :class:`CalendarOverride` rows (the Django app keeps an editable table and passes them in).

Saturdays and Sundays are days off unless a layer says otherwise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["CalendarOverride", "WorkingCalendar", "load_notices"]

_DATA_FILE = "vn_calendar.toml"
# Guard against endless loops on a calendar that (by a bad override) has no working day at all.
_MAX_SCAN_DAYS = 3660


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """One day forced to be working (``working=True``) or off (``working=False``)."""

    day: date
    working: bool
    name: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class _Exception:
    working: bool
    name: str


def load_notices(path: Path | None = None) -> dict[int, list[CalendarOverride]]:
    """Read the yearly notices file into overrides per year (days off, then worked days)."""
    if path is None:
        text = resources.files("cchc.domain.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    raw: dict[str, Any] = tomllib.loads(text).get("years", {})
    notices: dict[int, list[CalendarOverride]] = {}
    for year_key, entry in raw.items():
        rows: list[CalendarOverride] = []
        for item in entry.get("days_off", []):
            rows.append(_row(item, working=False))
        for item in entry.get("worked_days", []):
            rows.append(_row(item, working=True))
        notices[int(year_key)] = rows
    return notices


def _row(item: dict[str, Any], *, working: bool) -> CalendarOverride:
    day = item["date"] if isinstance(item["date"], date) else date.fromisoformat(str(item["date"]))
    return CalendarOverride(
        day=day, working=working, name=item.get("name", ""), source=item.get("source", "")
    )


@cache
def _package_year(year: int) -> tuple[tuple[date, bool, str], ...]:
    """Exceptions to the Mon–Fri week from the ``holidays`` package for one year (cached: it is slow)."""
    import holidays

    vn = holidays.country_holidays("VN", years=year, language="vi")
    rows: list[tuple[date, bool, str]] = [(d, False, str(name)) for d, name in vn.items() if d.year == year]
    for d in getattr(vn, "weekend_workdays", ()):  # make-up Saturdays (hoán đổi)
        if d.year == year:
            rows.append((d, True, "Ngày làm bù"))
    return tuple(rows)


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days; immutable once built."""

    def __init__(
        self,
        *,
        notices: dict[int, list[CalendarOverride]] | None = None,
        overrides: Iterable[CalendarOverride] = (),
        use_package: bool = True,
    ) -> None:
        self._notices = notices or {}
        self._use_package = use_package
        self._overrides: dict[date, _Exception] = {
            o.day: _Exception(o.working, o.name or ("Ngày làm việc" if o.working else "Ngày nghỉ"))
            for o in overrides
        }
        self._years: dict[int, dict[date, _Exception]] = {}

    @classmethod
    def default(
        cls, overrides: Iterable[CalendarOverride] | None = None, *, notices_path: Path | None = None
    ) -> WorkingCalendar:
        """Shipped yearly notices + ``holidays`` package, with optional run-time overrides on top."""
        return cls(notices=load_notices(notices_path), overrides=overrides or ())

    # -- layers -------------------------------------------------------------------------------
    def _year(self, year: int) -> dict[date, _Exception]:
        table = self._years.get(year)
        if table is None:
            table = {}
            if self._use_package:
                for d, working, name in _package_year(year):
                    # A holiday name wins over the generic "make-up day" label on the same date.
                    if d not in table or not working:
                        table[d] = _Exception(working, name)
            for o in self._notices.get(year, ()):
                table[o.day] = _Exception(o.working, o.name)
            for d, exc in self._overrides.items():
                if d.year == year:
                    table[d] = exc
            self._years[year] = table
        return table

    # -- queries ------------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        exc = self._year(d.year).get(d)
        if exc is not None:
            return exc.working
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """Name of the holiday/swap day off on ``d`` (weekends included), None for a working day."""
        exc = self._year(d.year).get(d)
        if exc is not None and not exc.working:
            return exc.name
        return None

    def next_working_day(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the next one."""
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise ValueError("Không tìm thấy ngày làm việc trong 10 năm tiếp theo")

    def add_working_days(self, d: date, n: int) -> date:
        """The day on which the ``n``-th working day after ``d`` falls (``d`` itself not counted)."""
        if n < 0:
            return self.subtract_working_days(d, -n)
        return self._step(d, n, 1)

    def subtract_working_days(self, d: date, n: int) -> date:
        if n < 0:
            return self.add_working_days(d, -n)
        return self._step(d, n, -1)

    def _step(self, d: date, n: int, direction: int) -> date:
        step = timedelta(days=direction)
        scanned = 0
        while n > 0:
            d += step
            scanned += 1
            if scanned > _MAX_SCAN_DAYS + n * 7:
                raise ValueError("Không tìm thấy đủ ngày làm việc")
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (−count of (b, a]) when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + timedelta(days=1)
        while d <= b:
            count += self.is_working_day(d)
            d += timedelta(days=1)
        return count

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Weekdays (Mon–Fri) off in ``year`` with their names, in date order."""
        return sorted(
            (d, exc.name)
            for d, exc in self._year(year).items()
            if not exc.working and d.weekday() < 5 and d.year == year
        )

    def worked_saturdays(self, year: int) -> list[date]:
        """Weekend days worked in ``year`` (make-up days of a swap)."""
        return sorted(d for d, exc in self._year(year).items() if exc.working and d.weekday() >= 5)

    def calendar_rows(self, start: date, end: date) -> list[tuple[date, bool, int]]:
        """(day, is_working, cumulative working index) for start..end inclusive.

        The index counts working days from ``start`` up to and including the day, so
        ``idx(b) - idx(a)`` = working days in (a, b] — the SQL calendar-table trick (docs/analytics.md).
        """
        rows: list[tuple[date, bool, int]] = []
        idx = 0
        d = start
        while d <= end:
            working = self.is_working_day(d)
            idx += working
            rows.append((d, working, idx))
            d += timedelta(days=1)
        return rows
