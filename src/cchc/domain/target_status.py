"""Where a numeric target stands today: one rule for every page, export, API and report.

Call :func:`target_status` with what is known of one target; it returns a :class:`TargetStatus` — the
state, the value projected at the deadline and the value the plan expects today. The directive pages, the
Excel export, the API, the leader's home and the director's overview all read this one function (through
``cchc.apps.directives.selectors.target_status``, which only gathers the inputs from the database).

The rule, in order (docs/directives.md, "Đánh giá chỉ tiêu"):

1. **Chưa có số liệu** (``NO_DATA``): no measured value yet and the deadline has not passed.
2. **Đạt** (``MET``): the measured value reaches the target in the target's direction
   (``>=``, ``>``, ``<=``, ``<``, ``=``), whatever the date.
3. **Không đạt** (``MISSED``): the deadline has passed (``today > deadline``) and the target is not met —
   including when no value was ever measured.
4. **Chưa đến hạn** (``NOT_DUE``): no deadline at all, so nothing is late yet.
5. Before the deadline, not met: the observations — the baseline (its date, or else ``start``), every dated
   value of ``trend`` and the current value (on ``value_on``, or else ``today``), one per day, the later
   given one winning — are fitted with a straight line (least squares over days; with two observations the
   line through both) and the line is read at the deadline: that is the **projected** value.
   **Đúng tiến độ** (``ON_TRACK``) when the projection reaches the target, **Có nguy cơ không đạt**
   (``AT_RISK``) when it does not. With two observations, baseline and now, this is exactly the comparison
   of the value with the plan drawn as a straight line from the baseline at its date to the target at the
   deadline (``expected``): a value at or beyond the plan projects to at least the target.
6. Before the deadline, not met, only one observation (nothing to draw a trend from): **Có nguy cơ không
   đạt** from ``at_risk_from`` on (by default 14 days before the deadline; the app passes 10 working days),
   **Chưa đến hạn** before it.

"Reaches the target" for ``=`` means equal; for the projection an ``=`` target is read as "at least" when
the target lies above the baseline (or the first observation) and "at most" when below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from cchc.domain.i18n import gettext_noop

__all__ = [
    "COLOURS",
    "DEFAULT_AT_RISK_DAYS",
    "LABELS",
    "TargetState",
    "TargetStatus",
    "meets",
    "target_status",
]

DEFAULT_AT_RISK_DAYS = 14
_PLACES = Decimal("0.0001")  # projections and plans are compared at this precision (1/3 of a day's progress)


class TargetState(StrEnum):
    MET = "met"  # Đạt
    ON_TRACK = "on_track"  # Đúng tiến độ
    AT_RISK = "at_risk"  # Có nguy cơ không đạt
    MISSED = "missed"  # Không đạt
    NOT_DUE = "not_due"  # Chưa đến hạn (not met, nothing to judge progress by yet)
    NO_DATA = "no_data"  # Chưa có số liệu

    @property
    def is_judged(self) -> bool:
        """The four states of a judgement (met, on track, at risk, missed), not "not yet"/"no figure"."""
        return self in (TargetState.MET, TargetState.ON_TRACK, TargetState.AT_RISK, TargetState.MISSED)


# How every page, export and API names and colours a state (labels translated where shown).
LABELS: dict[TargetState, str] = {
    TargetState.MET: gettext_noop("Đạt"),
    TargetState.ON_TRACK: gettext_noop("Đúng tiến độ"),
    TargetState.AT_RISK: gettext_noop("Có nguy cơ không đạt"),
    TargetState.MISSED: gettext_noop("Không đạt"),
    TargetState.NOT_DUE: gettext_noop("Chưa đến hạn"),
    TargetState.NO_DATA: gettext_noop("Chưa có số liệu"),
}
COLOURS: dict[TargetState, str] = {
    TargetState.MET: "green",
    TargetState.ON_TRACK: "blue",
    TargetState.AT_RISK: "amber",
    TargetState.MISSED: "red",
    TargetState.NOT_DUE: "",
    TargetState.NO_DATA: "",
}


@dataclass(frozen=True)
class TargetStatus:
    state: TargetState
    projected: Decimal | None  # the value the trend reaches at the deadline (None: no trend or no deadline)
    expected: Decimal | None  # where the straight plan from the baseline to the target stands today
    observations: int  # how many dated values the projection was drawn from


def meets(value: Decimal, target: Decimal, direction: str) -> bool:
    """``value`` satisfies ``direction target`` (an unknown direction reads as ``>=``)."""
    if direction == ">":
        return value > target
    if direction == "<=":
        return value <= target
    if direction == "<":
        return value < target
    if direction == "=":
        return value == target
    return value >= target


def _dec(x: Decimal | float | int | str | None) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def _fit(points: list[tuple[date, Decimal]], at: date) -> Decimal:
    """Least-squares straight line through ``points`` (x = days), read at ``at``."""
    x0 = points[0][0]
    xs = [Decimal((d - x0).days) for d, _ in points]
    ys = [v for _, v in points]
    n = Decimal(len(points))
    zero = Decimal(0)
    mx, my = sum(xs, zero) / n, sum(ys, zero) / n
    sxx = sum(((x - mx) ** 2 for x in xs), zero)
    slope = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), zero) / sxx
    return (my + slope * (Decimal((at - x0).days) - mx)).quantize(_PLACES)


def target_status(
    *,
    value: Decimal | float | int | str | None,
    target: Decimal | float | int | str,
    direction: str = ">=",
    deadline: date | None,
    today: date,
    value_on: date | None = None,
    start: date | None = None,
    baseline: Decimal | float | int | str | None = None,
    baseline_on: date | None = None,
    trend: Iterable[tuple[date, Decimal | float | int | str]] = (),
    at_risk_from: date | None = None,
) -> TargetStatus:
    """The state of one target today (the rule is in this module's docstring).

    ``value``: the latest measured value (None: never measured), measured on ``value_on``;
    ``target`` and ``direction`` (``>=`` ``>`` ``<=`` ``<`` ``=``): what must be reached;
    ``deadline``: the last day it may be reached (None: no deadline); ``start``: when the work began (the
    baseline's date when ``baseline_on`` is not given); ``baseline``: the value at the start;
    ``trend``: earlier measured values as ``(date, value)``; ``at_risk_from``: from this day an unmet target
    without a trend is at risk (default: 14 days before the deadline).
    """
    goal = Decimal(str(target))
    now = _dec(value)
    base = _dec(baseline)
    base_on = baseline_on or start
    expected = None
    if base is not None and base_on is not None and deadline is not None and deadline > base_on:
        span = Decimal((deadline - base_on).days)
        done = Decimal(min(max((today - base_on).days, 0), (deadline - base_on).days))
        expected = (base + (goal - base) * done / span).quantize(_PLACES)

    by_day: dict[date, Decimal] = {}
    if base is not None and base_on is not None:
        by_day[base_on] = base
    for d, v in sorted(trend, key=lambda p: p[0]):
        by_day[d] = Decimal(str(v))
    if now is not None:
        by_day[value_on or today] = now
    points = sorted((d, v) for d, v in by_day.items() if d <= today)
    projected = None
    if deadline is not None and len(points) >= 2 and today <= deadline:
        projected = _fit(points, deadline)

    def result(state: TargetState) -> TargetStatus:
        return TargetStatus(state, projected, expected, len(points))

    passed = deadline is not None and today > deadline
    if now is None:
        return result(TargetState.MISSED if passed else TargetState.NO_DATA)
    if meets(now, goal, direction):
        return result(TargetState.MET)
    if passed:
        return result(TargetState.MISSED)
    if deadline is None:
        return result(TargetState.NOT_DUE)
    if projected is not None:
        way = direction
        if way == "=":
            way = ">=" if goal >= points[0][1] else "<="
        return result(TargetState.ON_TRACK if meets(projected, goal, way) else TargetState.AT_RISK)
    limit = at_risk_from or deadline - timedelta(days=DEFAULT_AT_RISK_DAYS)
    return result(TargetState.AT_RISK if today >= limit else TargetState.NOT_DUE)
