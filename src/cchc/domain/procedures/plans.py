"""Simplification plans (phương án đơn giản hóa) and portfolio target checks, as pure functions.

Targets are parameters (:class:`Targets`) with their sources: ≥30 % time cut (NQ 66/NQ-CP 2025 as cited
by CT 012/CT-UBND Đắk Lắk and CĐ 220/CĐ-TTg), −50 % time and −50 % compliance cost against 2024 for
2026 (CV 6316/BVHTTDL-VP citing Kết luận HN TW 13), applied here to internal procedures as the issue
asks. Portfolio rates are aggregate (Σ saving ÷ Σ before), not an average of per-plan rates, so a
large procedure weighs more than a small one, as in the national figures (3.071/4.888 TTHC...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cchc.domain.numbers import percent_of
from cchc.domain.procedures.catalogue import ProcedureKind
from cchc.domain.procedures.costs import (
    HourlyIncome,
    SimplifiedCostInput,
    compliance_cost,
    simplified_cost,
)
from cchc.domain.procedures.full_cost_table import FullCostCase
from cchc.domain.procedures.importers import CostCase

__all__ = [
    "PlanResult",
    "PortfolioSummary",
    "Reduction",
    "SimplificationPlan",
    "Status",
    "TargetCheck",
    "Targets",
    "evaluate_plan",
    "plan_from_cost_case",
    "plan_from_full_cost",
    "plan_summary",
    "summaries_by",
]


@dataclass(frozen=True, slots=True)
class SimplificationPlan:
    code: str
    name: str
    unit: str = ""  # đơn vị chủ trì (phòng / đơn vị)
    department: str = ""  # sở, ngành
    kind: ProcedureKind = ProcedureKind.ADMINISTRATIVE
    level: str = ""
    field: str = ""
    abolished: bool = False
    time_before: Decimal | None = None  # working days
    time_after: Decimal | None = None
    steps_before: int | None = None
    steps_after: int | None = None
    components_before: int | None = None  # thành phần hồ sơ
    components_after: int | None = None
    fee_before: int | None = None  # đồng per dossier
    fee_after: int | None = None
    cost_before: int | None = None  # compliance cost, đồng/năm
    cost_after: int | None = None
    content: str = ""  # nội dung đơn giản hóa
    recommendation: str = ""  # kiến nghị thực thi
    basis_before: SimplifiedCostInput | None = None  # for the "(10 ngày làm việc = 80 giờ x ...)" text
    basis_after: SimplifiedCostInput | None = None
    income: HourlyIncome | None = None
    reviewed: bool = True


@dataclass(frozen=True, slots=True)
class Reduction:
    before: Decimal | None
    after: Decimal | None
    saving: Decimal | None
    percent: Decimal | None  # saving ÷ before × 100; None when unknown or before is 0


def _reduction(before: Decimal | int | None, after: Decimal | int | None, places: int) -> Reduction:
    if before is None or after is None:
        return Reduction(_d(before), _d(after), None, None)
    b, a = Decimal(before), Decimal(after)
    return Reduction(b, a, b - a, percent_of(b - a, b, places))


def _d(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True, slots=True)
class PlanResult:
    plan: SimplificationPlan
    time: Reduction
    steps: Reduction
    components: Reduction
    fee: Reduction
    cost: Reduction


def evaluate_plan(plan: SimplificationPlan, places: int = 2) -> PlanResult:
    """Savings and percentages of one plan. An abolished procedure goes to 0 in every dimension."""
    zero = 0 if plan.abolished else None

    def after(value: Decimal | int | None) -> Decimal | int | None:
        return zero if plan.abolished else value

    return PlanResult(
        plan,
        _reduction(plan.time_before, after(plan.time_after), places),
        _reduction(plan.steps_before, after(plan.steps_after), places),
        _reduction(plan.components_before, after(plan.components_after), places),
        _reduction(plan.fee_before, after(plan.fee_after), places),
        _reduction(plan.cost_before, after(plan.cost_after), places),
    )


def plan_from_cost_case(case: CostCase, *, unit: str = "", department: str = "", content: str = "") -> SimplificationPlan:  # fmt: skip
    """A plan whose costs are recomputed (simplified form) from a cost-case row — the published
    figures are not copied, see :mod:`tests.domain.procedures.test_dongnai_qd2816`."""
    before = simplified_cost(case.before, case.income)
    after = simplified_cost(case.after, case.income)
    abolished = case.after.working_days == 0
    return SimplificationPlan(
        code=case.code,
        name=case.name,
        unit=unit,
        department=department,
        level=case.level,
        field=case.field,
        abolished=abolished,
        time_before=case.before.working_days,
        time_after=case.after.working_days,
        cost_before=before.annual,
        cost_after=after.annual,
        content=content
        or (
            "Bãi bỏ thủ tục hành chính"
            if abolished
            else f"Giảm thời gian giải quyết từ {case.before.working_days} ngày làm việc "
            f"còn {case.after.working_days} ngày làm việc"
        ),
        basis_before=case.before,
        basis_after=case.after,
        income=case.income,
    )


def plan_from_full_cost(case: FullCostCase, income: HourlyIncome, *, unit: str = "", department: str = "") -> SimplificationPlan:  # fmt: skip
    """A plan from a full-form SCM case: costs by TT 02/2017 Điều 27, fees from the inputs."""
    before = compliance_cost(case.before, income)
    after = compliance_cost(case.after, income)
    return SimplificationPlan(
        code=case.code,
        name=case.name,
        unit=unit,
        department=department,
        fee_before=case.before.fees,
        fee_after=case.after.fees,
        steps_before=len(case.before.actions),
        steps_after=len(case.after.actions),
        cost_before=before.annual,
        cost_after=after.annual,
        income=income,
    )


def gettext_noop(message: str) -> str:
    """Marks a msgid for ``make messages`` (xgettext knows this name); the page translates it when shown."""
    return message


class Status(StrEnum):
    MET = gettext_noop("đạt")
    NOT_YET = gettext_noop("chưa đạt")
    NO_DATA = gettext_noop("chưa có dữ liệu")


@dataclass(frozen=True, slots=True)
class Targets:
    time_cut_pct: Decimal = Decimal(30)  # NQ 66/NQ-CP (2025), TTHC
    internal_time_cut_pct: Decimal = Decimal(50)  # 2026 vs 2024, TTHC nội bộ
    internal_cost_cut_pct: Decimal = Decimal(50)
    review_share_pct: Decimal = Decimal(100)  # share of the catalogue reviewed
    places: int = 2


@dataclass(frozen=True, slots=True)
class TargetCheck:
    key: str
    label: str  # Vietnamese
    threshold: Decimal
    actual: Decimal | None
    status: Status


@dataclass(frozen=True, slots=True)
class PortfolioSummary:
    group: str
    catalogue_size: int
    plans: int
    reviewed: int
    reviewed_share: Decimal | None
    time: Reduction  # Σ working days of TTHC (not internal)
    cost: Reduction  # Σ đồng/năm of TTHC
    internal_time: Reduction
    internal_cost: Reduction
    plans_meeting_time_target: int
    checks: tuple[TargetCheck, ...] = field(default=())

    @property
    def all_met(self) -> bool:
        return all(c.status is Status.MET for c in self.checks if c.status is not Status.NO_DATA)


def _sum_reduction(pairs: Iterable[tuple[Decimal | None, Decimal | None]], places: int) -> Reduction:
    usable = [(b, a) for b, a in pairs if b is not None and a is not None]
    if not usable:
        return Reduction(None, None, None, None)
    before = sum((b for b, _ in usable), Decimal(0))
    after = sum((a for _, a in usable), Decimal(0))
    return _reduction(before, after, places)


def _check(key: str, label: str, threshold: Decimal, actual: Decimal | None) -> TargetCheck:
    if actual is None:
        return TargetCheck(key, label, threshold, None, Status.NO_DATA)
    return TargetCheck(key, label, threshold, actual, Status.MET if actual >= threshold else Status.NOT_YET)


def plan_summary(
    plans: Sequence[SimplificationPlan],
    targets: Targets = Targets(),
    *,
    catalogue_size: int | None = None,
    group: str = "",
) -> PortfolioSummary:
    """Portfolio totals and target checks of ``plans`` (one unit, one department or all).
    ``catalogue_size`` is the number of procedures the group owns (the base of the review share);
    without it the share cannot be known and its check is "chưa có dữ liệu"."""
    results = [evaluate_plan(p, targets.places) for p in plans]
    admin = [r for r in results if r.plan.kind is ProcedureKind.ADMINISTRATIVE]
    internal = [r for r in results if r.plan.kind is ProcedureKind.INTERNAL]
    reviewed = sum(1 for p in plans if p.reviewed)
    share = percent_of(reviewed, catalogue_size, targets.places) if catalogue_size else None
    time = _sum_reduction(((r.time.before, r.time.after) for r in admin), targets.places)
    cost = _sum_reduction(((r.cost.before, r.cost.after) for r in admin), targets.places)
    itime = _sum_reduction(((r.time.before, r.time.after) for r in internal), targets.places)
    icost = _sum_reduction(((r.cost.before, r.cost.after) for r in internal), targets.places)
    meeting = sum(1 for r in admin if r.time.percent is not None and r.time.percent >= targets.time_cut_pct)
    checks = (
        _check("review_share", "Tỷ lệ TTHC được rà soát", targets.review_share_pct, share),
        _check("time_cut", "Cắt giảm thời gian giải quyết TTHC", targets.time_cut_pct, time.percent),
        _check(
            "internal_time_cut",
            "Cắt giảm thời gian TTHC nội bộ",
            targets.internal_time_cut_pct,
            itime.percent,
        ),
        _check(
            "internal_cost_cut", "Cắt giảm chi phí TTHC nội bộ", targets.internal_cost_cut_pct, icost.percent
        ),
    )
    return PortfolioSummary(
        group=group,
        catalogue_size=catalogue_size if catalogue_size is not None else len(plans),
        plans=len(plans),
        reviewed=reviewed,
        reviewed_share=share,
        time=time,
        cost=cost,
        internal_time=itime,
        internal_cost=icost,
        plans_meeting_time_target=meeting,
        checks=checks,
    )


def summaries_by(
    plans: Sequence[SimplificationPlan],
    key: str | Callable[[SimplificationPlan], str] = "unit",
    targets: Targets = Targets(),
    catalogue_sizes: Mapping[str, int] | None = None,
) -> dict[str, PortfolioSummary]:
    """:func:`plan_summary` per group: ``key`` is "unit", "department" or a function of the plan."""
    get: Callable[[SimplificationPlan], str] = key if callable(key) else (lambda p: str(getattr(p, key)))
    groups: dict[str, list[SimplificationPlan]] = {}
    for plan in plans:
        groups.setdefault(get(plan), []).append(plan)
    sizes = catalogue_sizes or {}
    return {
        name: plan_summary(members, targets, catalogue_size=sizes.get(name), group=name)
        for name, members in sorted(groups.items())
    }
