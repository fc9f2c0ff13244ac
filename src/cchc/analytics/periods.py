"""Reporting periods: "2026-03" (month), "2026-Q1" (quarter), "2026" (year), "2026-01-01..2026-03-31"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from cchc.domain.errors import UserError

Grain = Literal["month", "quarter", "year", "range"]
# When a dossier still open at the cut-off is judged: at the end of its period (capped by the cut-off; the
# default, what the portal's monthly figures do) or at the cut-off itself, even for a period long closed.
JudgeOpen = Literal["period_end", "as_of"]
JUDGE_OPEN: tuple[JudgeOpen, ...] = ("period_end", "as_of")
GRAIN_INTERVAL = {"month": "1 month", "quarter": "3 months", "year": "1 year"}


class PeriodError(UserError):
    """Unparseable period (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # exclusive
    grain: Grain
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def parse_period(text: str) -> Period:
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        start = date(int(m[1]), int(m[2]), 1) if 1 <= int(m[2]) <= 12 else None
        if start:
            return Period(start, _add_months(start, 1), "month", f"{start:%Y-%m}")
    elif m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
        start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return Period(start, _add_months(start, 3), "quarter", f"{m[1]}-Q{m[2]}")
    elif m := re.fullmatch(r"(\d{4})", text):
        return Period(date(int(m[1]), 1, 1), date(int(m[1]) + 1, 1, 1), "year", m[1])
    elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        a, b = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if a <= b:
            return Period(a, b + timedelta(days=1), "range", text)
    raise PeriodError(f"Kỳ '{text}' không hợp lệ; dùng 2026-03, 2026-Q1, 2026 hoặc 2026-01-01..2026-03-31")


def period_label(start: date, grain: Grain) -> str:
    if grain == "month":
        return f"{start:%Y-%m}"
    if grain == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def midnight(day: date) -> datetime:
    """The first instant of ``day``: period bounds as the store's (naive, Vietnam time) timestamps."""
    return datetime.combine(day, datetime.min.time())


def parse_as_of(text: str) -> datetime:
    """The cut-off instant of an ``--as-of`` text, exclusive: dossiers are judged at it.

    A day ("2026-02-28" or "28/02/2026") includes that whole day: the cut-off is the next midnight.
    A time ("2026-02-28T10:30" or "2026-02-28 10:30") is taken as it is (Vietnam time, naive).
    """
    raw = text.strip()
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        raw = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return midnight(date.fromisoformat(raw) + timedelta(days=1))
        return datetime.fromisoformat(raw).replace(tzinfo=None)
    except ValueError:
        raise PeriodError(
            f"Thời điểm đánh giá '{text}' không hợp lệ; dùng 2026-02-28 (tính cả ngày đó) "
            "hoặc 2026-02-28T17:00"
        ) from None


def check_judge_open(value: str) -> JudgeOpen:
    """The option as given, or a Vietnamese error naming the two choices."""
    if value not in JUDGE_OPEN:
        raise PeriodError(
            f"Cách đánh giá hồ sơ chưa xong '{value}' không hợp lệ; chọn period_end (cuối kỳ) hoặc as_of "
            "(tại thời điểm đánh giá)"
        )
    return value  # type: ignore[return-value]
