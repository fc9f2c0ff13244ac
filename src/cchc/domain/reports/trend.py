"""A figure's trend over past periods and where it leads by a deadline: what the director's overview shows
beside each target ("giá trị theo kỳ", "dự báo đến hạn").

- :func:`trend_periods`: the reporting quarters (the windows of ../shared/standards.md §8: 15th → 14th, so
  quý I runs 15/12 → 14/3) up to the one holding ``today`` — the periods a figure is measured over to draw its
  trend, the same windows the periodic reports measure — each dated at its last day, or ``today`` for the
  quarter still running;
- :func:`project`: the least-squares straight line through the dated values (x = days), read at the
  deadline — the same fit :mod:`cchc.domain.target_status` judges a target by, so the state and the shown
  projection agree. Fewer than :data:`MIN_POINTS` distinct days: no projection, "không đủ số liệu";
  a deadline already past: no projection either (the target is judged on its value);
- :func:`direction`: whether the last value is above, below or level with the first (the arrow shown).

Plain Python, no Django; labels are marked for translation with ``gettext_noop``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import gettext_noop
from ..measures import window
from .periods import quarter_of

__all__ = [
    "MIN_POINTS",
    "NOT_ENOUGH",
    "PAST_DEADLINE",
    "Point",
    "Projection",
    "TrendPeriod",
    "direction",
    "project",
    "trend_periods",
]

MIN_POINTS = 2  # a straight line needs two dated values (target_status projects from two as well)
NOT_ENOUGH = gettext_noop("không đủ số liệu")
PAST_DEADLINE = gettext_noop("đã qua hạn")
NO_DEADLINE = gettext_noop("không có hạn")
_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Point:
    day: date
    value: Decimal


@dataclass(frozen=True, slots=True)
class Projection:
    value: Decimal | None  # the line read at the deadline (None: see ``note``)
    slope_per_day: Decimal | None  # change of the value per day along the line
    points: int  # distinct days the line was drawn through
    note: str  # "" when projected; otherwise why not (a msgid: NOT_ENOUGH, PAST_DEADLINE, NO_DEADLINE)

    @property
    def projected(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class TrendPeriod:
    text: str  # "2026-Q1": the reporting quarter's name, as shown
    start: date  # first day of the quarter's §8 window (15th of the month before it)
    end: date  # last day of the window (14th of its last month)
    day: date  # the day its value stands for: ``end``, or today for the quarter still running

    @property
    def window(self) -> str:
        """The window as every measured source reads it (``cchc.domain.measures.span``)."""
        return window(self.start, self.end)


def trend_periods(today: date, count: int = 4) -> list[TrendPeriod]:
    """The ``count`` reporting quarters ending with the one whose window holds ``today``, oldest first."""
    out: list[TrendPeriod] = []
    if count < 1:
        return out
    quarter = quarter_of(today)
    for _ in range(count):
        out.append(TrendPeriod(quarter.text, quarter.start, quarter.end, min(quarter.end, today)))
        quarter = quarter_of(quarter.start - timedelta(days=1))
    return out[::-1]


def _points(values: Iterable[tuple[date, Decimal | float | int | str | None]]) -> list[Point]:
    """One value per day (the later given wins), None values dropped, oldest first."""
    by_day: dict[date, Decimal] = {}
    for day, value in values:
        if value is not None:
            by_day[day] = Decimal(str(value))
    return [Point(d, v) for d, v in sorted(by_day.items())]


def project(
    values: Iterable[tuple[date, Decimal | float | int | str | None]],
    *,
    deadline: date | None,
    today: date,
    min_points: int = MIN_POINTS,
) -> Projection:
    """The straight line (least squares over days) through ``values`` read at ``deadline``.

    Only values dated up to ``today`` count. With fewer than ``min_points`` distinct days the projection is
    None with the note "không đủ số liệu"; with the deadline passed or absent it is None as well."""
    points = [p for p in _points(values) if p.day <= today]
    n = len(points)
    if deadline is None:
        return Projection(None, None, n, NO_DEADLINE)
    if today > deadline:
        return Projection(None, None, n, PAST_DEADLINE)
    if n < max(min_points, 2):
        return Projection(None, None, n, NOT_ENOUGH)
    x0 = points[0].day
    xs = [Decimal((p.day - x0).days) for p in points]
    ys = [p.value for p in points]
    zero = Decimal(0)
    mx, my = sum(xs, zero) / n, sum(ys, zero) / n
    sxx = sum(((x - mx) ** 2 for x in xs), zero)
    slope = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), zero) / sxx
    at = my + slope * (Decimal((deadline - x0).days) - mx)
    return Projection(at.quantize(_PLACES, rounding=ROUND_HALF_UP), slope.quantize(Decimal("0.0001")), n, "")


def direction(values: Iterable[Decimal | float | int | str | None]) -> str:
    """ "up", "down" or "flat": the last known value against the first ("" with fewer than two)."""
    known = [Decimal(str(v)) for v in values if v is not None]
    if len(known) < 2:
        return ""
    if known[-1] > known[0]:
        return "up"
    if known[-1] < known[0]:
        return "down"
    return "flat"
