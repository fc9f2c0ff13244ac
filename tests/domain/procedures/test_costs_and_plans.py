"""SCM compliance cost (TT 02/2017 Điều 27), plans and portfolio targets: pure values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.domain.procedures.catalogue import ProcedureKind
from cchc.domain.procedures.costs import (
    DONG_NAI_2024,
    Action,
    ActionKind,
    FullCostInput,
    HourlyIncome,
    SimplifiedCostInput,
    compliance_cost,
    cost_saving,
    simplified_cost,
)
from cchc.domain.procedures.plans import (
    SimplificationPlan,
    Status,
    Targets,
    evaluate_plan,
    plan_summary,
    summaries_by,
)

D = Decimal

# QĐ 2816/QĐ-UBND Đồng Nai 20/11/2025, Phần II, typed from the decision: (code, days before, after,
# published cost before, after, saving, percent). The CSV-driven twin is test_dongnai_qd2816.py.
QD2816 = [
    ("2.000286", 10, 9, 32_000_000, 28_800_000, 3_200_000, 10),
    ("1.001699", 25, 23, 80_000_000, 73_600_000, 6_400_000, 8),
    ("1.014027", 10, 9, 32_000_000, 28_800_000, 3_200_000, 10),
    ("1.001653", 5, 3, 16_000_000, 9_600_000, 6_400_000, 40),
    ("2.001088", 10, 9, 32_000_000, 28_800_000, 3_200_000, 10),
]


def test_default_income_is_the_dong_nai_2024_convention_with_its_source() -> None:
    assert DONG_NAI_2024.amount == 40_000
    assert DONG_NAI_2024.year == 2024
    assert "Tổng cục Thống kê" in DONG_NAI_2024.source


@pytest.mark.parametrize(("code", "before", "after", "c_before", "c_after", "saving", "pct"), QD2816)
def test_qd2816_figures_reproduce_to_the_dong(code: str, before: int, after: int, c_before: int, c_after: int, saving: int, pct: int) -> None:  # fmt: skip
    b = simplified_cost(SimplifiedCostInput(D(before), D(10)))
    a = simplified_cost(SimplifiedCostInput(D(after), D(10)))
    assert (b.annual, a.annual) == (c_before, c_after)
    result = cost_saving(b.annual, a.annual)
    assert result.saving == saving
    # The decision prints whole percents; each is exactly saving ÷ cost before, at 0 and 2 decimals.
    assert result.percent == D(pct)
    assert cost_saving(b.annual, a.annual, places=0).percent == D(pct)


def test_qd2813_abolition_goes_to_zero_with_100_percent() -> None:
    plan = SimplificationPlan(
        "1.004082",
        "Xác nhận Hợp đồng tiếp cận nguồn gen và chia sẻ lợi ích",
        abolished=True,
        time_before=D(45),
        cost_before=18_509_608,
    )
    result = evaluate_plan(plan)
    assert (result.cost.after, result.cost.saving, result.cost.percent) == (0, 18_509_608, D(100))
    assert (result.time.after, result.time.saving, result.time.percent) == (0, 45, D(100))


def test_full_form_counts_time_outsourcing_travel_fees_and_volume() -> None:
    data = FullCostInput(
        actions=(
            Action("Chuẩn bị tờ khai", D("1.5")),
            Action("Chứng thực bản sao", D("0.5"), outsourcing_cost=10_000, kind=ActionKind.EXTERNAL_SERVICE),
            Action("Đi nộp và nhận kết quả", D(2), count=D(2), travel_cost=30_000, kind=ActionKind.TRAVEL),
        ),
        fees=500_000,
        other_costs=5_000,
        executions_per_year=D(2),
        subjects_per_year=D(150),
    )
    cost = compliance_cost(data, HourlyIncome(40_000))
    assert cost.hours == D(6)  # 1,5 + 0,5 + 2 × 2
    assert cost.time_cost == 240_000
    assert (cost.outsourcing_cost, cost.travel_cost) == (10_000, 60_000)
    assert cost.per_execution == 240_000 + 10_000 + 60_000 + 500_000 + 5_000
    assert cost.annual == 815_000 * 2 * 150


def test_amounts_round_half_up_to_the_dong_once() -> None:
    # 0,3 h × 33.335 đ = 10.000,5 đ → 10.001 (half up), and the year uses the unrounded value.
    data = FullCostInput(actions=(Action("x", D("0.3")),), subjects_per_year=D(3))
    cost = compliance_cost(data, HourlyIncome(33_335))
    assert cost.per_execution == 10_001
    assert cost.annual == 30_002  # 30.001,5 → 30.002, not 3 × 10.001 = 30.003


def test_saving_of_nothing_has_no_percentage() -> None:
    assert cost_saving(0, 0).percent is None


def _plan(code: str, before: int, after: int, kind: ProcedureKind = ProcedureKind.ADMINISTRATIVE, unit: str = "Phòng A", cost: tuple[int, int] | None = None) -> SimplificationPlan:  # fmt: skip
    return SimplificationPlan(
        code, code, unit=unit, department="Sở X", kind=kind, time_before=D(before), time_after=D(after),
        cost_before=cost[0] if cost else None, cost_after=cost[1] if cost else None,
    )  # fmt: skip


def test_portfolio_time_cut_is_aggregate_and_checked_against_30_percent() -> None:
    plans = [_plan("1.000001", 10, 5), _plan("1.000002", 20, 18)]
    summary = plan_summary(plans, catalogue_size=4)
    # 7 days saved of 30 (aggregate), not the mean of 50 % and 10 %.
    assert (summary.time.saving, summary.time.before, summary.time.percent) == (7, 30, D("23.33"))
    assert summary.plans_meeting_time_target == 1
    checks = {c.key: c for c in summary.checks}
    assert checks["time_cut"].status is Status.NOT_YET
    assert checks["review_share"].actual == D(50)
    assert checks["internal_time_cut"].status is Status.NO_DATA
    lowered = plan_summary(plans, Targets(time_cut_pct=D(20)))
    assert {c.key: c.status for c in lowered.checks}["time_cut"] is Status.MET


def test_internal_procedures_are_checked_against_minus_50_percent_time_and_cost() -> None:
    internal = ProcedureKind.INTERNAL
    plans = [
        _plan("1.000010", 10, 5, internal, cost=(1_000_000, 400_000)),
        _plan("1.000011", 10, 6, internal, cost=(1_000_000, 600_000)),
    ]
    checks = {c.key: c for c in plan_summary(plans).checks}
    assert checks["internal_time_cut"].actual == D(45)
    assert checks["internal_time_cut"].status is Status.NOT_YET
    assert checks["internal_cost_cut"].actual == D(50)
    assert checks["internal_cost_cut"].status is Status.MET


def test_summaries_by_unit() -> None:
    plans = [_plan("1.000001", 10, 5), _plan("1.000002", 10, 9, unit="Phòng B")]
    by_unit = summaries_by(plans, "unit", catalogue_sizes={"Phòng A": 1})
    assert list(by_unit) == ["Phòng A", "Phòng B"]
    assert by_unit["Phòng A"].reviewed_share == D(100)
    assert by_unit["Phòng A"].all_met
    assert not by_unit["Phòng B"].all_met
    assert summaries_by(plans, "department")["Sở X"].plans == 2
