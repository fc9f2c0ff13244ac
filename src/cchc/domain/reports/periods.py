"""Reporting periods of the periodic CCHC reports (../shared/standards.md §8, văn bản 581/BNV-CCHC).

The windows are not calendar quarters: the data of a report runs from the 15th of the month before the period
to the 14th of its last month. Per the sourced table:

- quý I: 15/12 of the previous year → 14/3; 6 tháng: 15/12 → 14/6; năm: 15/12 → 14/12 (cumulative);
- quý III: 15/6 → 14/9 (the quarter's own window, as the source lists it).

Every period also carries its *cumulative* window (15/12 of the previous year → its end), so a report can
show "trong kỳ" and "lũy kế từ đầu năm" side by side; quý II (15/3 → 14/6) and quý IV (15/9 → 14/12) exist
for the quarter a day falls in. A report is due by the 20th of the period's last month.

Period texts: ``2026-Q1`` … ``2026-Q4``, ``2026-H1`` (6 tháng), ``2026`` (năm). A day belongs to the quarter
whose window holds it: 14/3/2026 → 2026-Q1, 15/3/2026 → 2026-Q2, 15/12/2026 → 2027-Q1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..errors import UserError
from ..measures import window

CUT_DAY = 14  # the last day of data in a period's last month
DUE_DAY = 20  # the report is due by this day of the period's last month


class BadReportPeriod(UserError):
    """A report period text that cannot be read (Vietnamese message)."""


class Kind(StrEnum):
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    text: str  # "2026-Q1", "2026-H1", "2026"
    kind: Kind
    year: int
    start: date  # first day of data in the period's own window
    end: date  # last day of data (inclusive)
    cumulative_start: date  # 15/12 of the previous year
    due: date  # the report is due by this day

    @property
    def label(self) -> str:
        if self.kind is Kind.YEAR:
            return f"năm {self.year}"
        if self.kind is Kind.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
        return f"quý {_ROMAN[int(self.text[-1])]} năm {self.year}"

    @property
    def measure_period(self) -> str:
        """The window as the registry of measured sources reads it (cchc.domain.measures.span)."""
        return window(self.start, self.end)

    @property
    def cumulative_period(self) -> str:
        return window(self.cumulative_start, self.end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _window_start(year: int, last_month: int) -> date:
    """The 15th of the month three months before ``last_month`` (15/12 of the previous year for March)."""
    month = last_month - 3
    return date(year - 1, 12, CUT_DAY + 1) if month <= 0 else date(year, month, CUT_DAY + 1)


def report_period(text: str) -> ReportPeriod:
    text = text.strip().upper()
    cumulative = lambda y: date(y - 1, 12, CUT_DAY + 1)  # noqa: E731
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, q = int(m[1]), int(m[2])
        last = 3 * q
        return ReportPeriod(
            text, Kind.QUARTER, year, _window_start(year, last), date(year, last, CUT_DAY), cumulative(year),
            date(year, last, DUE_DAY),
        )  # fmt: skip
    if m := re.fullmatch(r"(\d{4})-H1", text):
        year = int(m[1])
        start = cumulative(year)
        return ReportPeriod(
            text, Kind.HALF_YEAR, year, start, date(year, 6, CUT_DAY), start, date(year, 6, DUE_DAY)
        )
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m[1])
        start = cumulative(year)
        return ReportPeriod(
            text, Kind.YEAR, year, start, date(year, 12, CUT_DAY), start, date(year, 12, DUE_DAY)
        )
    raise BadReportPeriod(
        f"Kỳ báo cáo “{text}” không hợp lệ; dùng 2026-Q1 … 2026-Q4 (quý), 2026-H1 (6 tháng) hoặc 2026 (năm)."
    )


def quarter_of(day: date) -> ReportPeriod:
    """The quarter whose reporting window holds ``day`` (15/12 opens the next year's first quarter)."""
    month = day.month + 1 if day.day > CUT_DAY else day.month  # windows run from the 15th to the 14th
    year = day.year
    if month == 13:
        year, month = year + 1, 1
    return report_period(f"{year}-Q{(month - 1) // 3 + 1}")


def year_of(day: date) -> int:
    """The reporting year ``day`` counts in: 15/12/2026 already counts in 2027."""
    return day.year + 1 if (day.month, day.day) > (12, CUT_DAY) else day.year
