"""Compliance cost by the Standard Cost Model of Thông tư 02/2017/TT-VPCP Điều 27.

(a) cost of one execution = cost of the required work (time × income per hour + outsourcing + travel)
    + fees and other costs;
(b) annual cost = (a) × executions per year × subjects per year;
(c) saving = cost before − cost after simplification.

Two forms: the FULL form, action by action (chuẩn bị từng thành phần hồ sơ, đi lại, chờ đợi, thuê dịch
vụ), and the SIMPLIFIED waiting-time form provinces print (QĐ 2816/QĐ-UBND Đồng Nai 2025: "(10 ngày làm
việc = 80 giờ x 40.000 đồng/giờ) x 10 hồ sơ/năm = 32.000.000 đồng/năm"). Arithmetic is Decimal; only
the amounts reported are rounded to the đồng (half up), so rounding never compounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cchc.domain.numbers import percent_of, round_vnd

__all__ = [
    "DONG_NAI_2024",
    "Action",
    "ActionKind",
    "ComplianceCost",
    "FullCostInput",
    "HourlyIncome",
    "Saving",
    "SimplifiedCostInput",
    "compliance_cost",
    "cost_saving",
    "simplified_cost",
    "total_annual",
]


@dataclass(frozen=True, slots=True)
class HourlyIncome:
    """Value of one hour of the subject's time. TT 02/2017 k.4 Điều 27 (how to value it) was not found,
    so the figure is a parameter that always carries its source and year."""

    amount: int = 40_000  # đồng per hour
    source: str = "bình quân thu nhập năm 2024, Tổng cục Thống kê"
    year: int = 2024
    cited_by: str = "QĐ 2816/QĐ-UBND ngày 20/11/2025 tỉnh Đồng Nai"


DONG_NAI_2024 = HourlyIncome()


class ActionKind(StrEnum):
    PREPARATION = "chuẩn bị hồ sơ"
    SUBMISSION = "nộp hồ sơ"
    TRAVEL = "đi lại"
    WAITING = "chờ đợi"
    EXTERNAL_SERVICE = "thuê dịch vụ"
    OTHER = "khác"


@dataclass(frozen=True, slots=True)
class Action:
    """One piece of work needed to obtain the result (full form). Costs are per occurrence."""

    name: str
    hours: Decimal = Decimal(0)
    count: Decimal = Decimal(1)  # occurrences per execution (e.g. 2 trips)
    outsourcing_cost: int = 0  # đồng paid to a third party (công chứng, dịch thuật, đo đạc...)
    travel_cost: int = 0  # đồng of transport
    kind: ActionKind = ActionKind.PREPARATION


@dataclass(frozen=True, slots=True)
class FullCostInput:
    actions: tuple[Action, ...] = ()
    fees: int = 0  # phí, lệ phí per execution
    other_costs: int = 0  # other costs per execution required by the rules
    executions_per_year: Decimal = Decimal(1)  # số lần thực hiện / đối tượng / năm
    subjects_per_year: Decimal = Decimal(1)  # số lượng đối tượng tuân thủ / năm


@dataclass(frozen=True, slots=True)
class SimplifiedCostInput:
    """Waiting-time form: working days × hours per day × income per hour × dossiers per year."""

    working_days: Decimal
    dossiers_per_year: Decimal
    hours_per_day: Decimal = Decimal(8)
    fees: int = 0  # per dossier; the Đồng Nai decisions leave fees out (they were unchanged)


@dataclass(frozen=True, slots=True)
class ComplianceCost:
    hours: Decimal  # per execution
    time_cost: int  # đồng per execution
    outsourcing_cost: int
    travel_cost: int
    fees: int
    other_costs: int
    per_execution: int  # (a)
    executions_per_year: Decimal
    subjects_per_year: Decimal
    annual: int  # (b)
    income: HourlyIncome = field(default=DONG_NAI_2024)


def _annual(per_execution: Decimal, executions: Decimal, subjects: Decimal) -> Decimal:
    return per_execution * executions * subjects


def compliance_cost(data: FullCostInput, income: HourlyIncome = DONG_NAI_2024) -> ComplianceCost:
    """Full SCM form, TT 02/2017 Điều 27 (a) and (b)."""
    hours = sum((Decimal(a.hours) * Decimal(a.count) for a in data.actions), Decimal(0))
    time_cost = hours * income.amount
    outsourcing = sum((Decimal(a.outsourcing_cost) * Decimal(a.count) for a in data.actions), Decimal(0))
    travel = sum((Decimal(a.travel_cost) * Decimal(a.count) for a in data.actions), Decimal(0))
    per_execution = time_cost + outsourcing + travel + data.fees + data.other_costs
    annual = _annual(per_execution, Decimal(data.executions_per_year), Decimal(data.subjects_per_year))
    return ComplianceCost(
        hours=hours,
        time_cost=round_vnd(time_cost),
        outsourcing_cost=round_vnd(outsourcing),
        travel_cost=round_vnd(travel),
        fees=data.fees,
        other_costs=data.other_costs,
        per_execution=round_vnd(per_execution),
        executions_per_year=Decimal(data.executions_per_year),
        subjects_per_year=Decimal(data.subjects_per_year),
        annual=round_vnd(annual),
        income=income,
    )


def simplified_cost(data: SimplifiedCostInput, income: HourlyIncome = DONG_NAI_2024) -> ComplianceCost:
    """Waiting-time form used by provinces: one execution costs the days of waiting valued at
    ``hours_per_day`` × income per hour (plus fees); the year multiplies by dossiers per year."""
    hours = Decimal(data.working_days) * Decimal(data.hours_per_day)
    time_cost = hours * income.amount
    per_execution = time_cost + data.fees
    annual = _annual(per_execution, Decimal(data.dossiers_per_year), Decimal(1))
    return ComplianceCost(
        hours=hours,
        time_cost=round_vnd(time_cost),
        outsourcing_cost=0,
        travel_cost=0,
        fees=data.fees,
        other_costs=0,
        per_execution=round_vnd(per_execution),
        executions_per_year=Decimal(data.dossiers_per_year),
        subjects_per_year=Decimal(1),
        annual=round_vnd(annual),
        income=income,
    )


@dataclass(frozen=True, slots=True)
class Saving:
    before: int
    after: int
    saving: int
    percent: Decimal | None  # saving ÷ before × 100, None when before is 0


def cost_saving(before: int | Decimal, after: int | Decimal, places: int = 2) -> Saving:
    """TT 02/2017 Điều 27 (c) and the reduction rate printed in phương án decisions."""
    b, a = Decimal(before), Decimal(after)
    return Saving(round_vnd(b), round_vnd(a), round_vnd(b - a), percent_of(b - a, b, places))


def total_annual(costs: Sequence[ComplianceCost]) -> int:
    """Sum of annual costs of several procedures (đồng/năm)."""
    return sum((c.annual for c in costs), 0)
