"""Plan computation through the service, dashboard numbers (hand-computed) and the push to directive targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.apps.directives.models import TargetSource
from cchc.apps.procedures import selectors, services
from cchc.apps.procedures.models import SimplificationPlan
from cchc.domain.target_status import TargetState

pytestmark = pytest.mark.django_db


def test_plan_saved_through_the_form_computes_scm_costs(client, login, catalogue):
    login("truongphong.vh")
    procedure = catalogue["1.009302"]  # 04 ngày làm việc
    response = client.post(
        f"/thu-tuc/{procedure.pk}/phuong-an/2026/",
        {"year": 2026, "reviewed": "on", "time_before": "4", "time_after": "2", "cost_method": "simplified",
         "dossiers_per_year": "10", "hours_per_day": "8", "cost_parameter": services.default_cost_parameter().pk},
    )  # fmt: skip
    assert response.status_code == 302
    plan = SimplificationPlan.objects.get(procedure=procedure, year=2026)
    # (4 ngày × 8 giờ × 40.000 đồng/giờ) × 10 hồ sơ/năm = 12.800.000; after 2 days: 6.400.000.
    assert (plan.cost_before, plan.cost_after) == (12_800_000, 6_400_000)
    assert plan.updated_by.username == "truongphong.vh"
    page = client.get(f"/thu-tuc/{procedure.pk}/phuong-an/2026/").content.decode()
    assert "6.400.000" in page and "50%" in page


def test_plan_form_rejects_longer_time_after(client, login, catalogue):
    login("truongphong.vh")
    procedure = catalogue["1.009302"]
    response = client.post(
        f"/thu-tuc/{procedure.pk}/phuong-an/2026/",
        {"year": 2026, "time_before": "4", "time_after": "6", "cost_method": "simplified", "dossiers_per_year": "1",
         "hours_per_day": "8"},
    )  # fmt: skip
    assert "không được lớn hơn thời hạn trước" in response.content.decode()


def test_abolition_goes_to_zero(catalogue):
    plan = SimplificationPlan(procedure=catalogue["1.009304"], year=2026, time_before=Decimal(7),
                              time_after=Decimal(7), dossiers_per_year=Decimal(5), abolish=True)  # fmt: skip
    services.save_plan(user=None, plan=plan, sync=False)
    assert (plan.time_after, plan.cost_after, plan.cost_before) == (0, 0, 7 * 8 * 40_000 * 5)


def test_dashboard_numbers(client, login, catalogue):
    data = selectors.portfolio(user=login("vanphong"), year=2026, today=date(2026, 12, 20))
    checks = {row.check.key: row for row in data.checks}
    # TTHC: Σ 162 → 109 working days = 32,72 %; internal Σ 35 → 22 days = 37,14 %;
    # internal cost 883.200.000 → 537.600.000 đ = 39,13 %; reviewed 9 of 22 procedures = 40,91 %.
    assert (data.summary.time.before, data.summary.time.after) == (162, 109)
    assert checks["time_cut"].check.actual == Decimal("32.72") and checks["time_cut"].label == "Đạt"
    assert (
        checks["internal_time_cut"].check.actual == Decimal("37.14")
        and checks["internal_time_cut"].state is TargetState.AT_RISK  # < 50 %, 11 days before 31/12
        and checks["internal_time_cut"].colour == "amber"
    )
    assert (data.summary.internal_cost.before, data.summary.internal_cost.after) == (883_200_000, 537_600_000)
    assert checks["internal_cost_cut"].check.actual == Decimal("39.13")
    assert (
        checks["review_share"].check.actual == Decimal("40.91") and checks["review_share"].colour == "amber"
    )
    by_unit = {row.unit.code.rsplit("-", 1)[1]: row for row in data.units}
    assert by_unit["QLVH"].summary.catalogue_size == 8 and by_unit["QLVH"].summary.reviewed == 4
    page = client.get("/thu-tuc/chi-tieu/?nam=2026").content.decode()
    assert "32,72%" in page and "40,91%" in page and '<span class="badge green">Đạt</span>' in page


def test_portfolio_figures_follow_the_one_target_rule_with_not_yet_due_apart(login, catalogue):
    """The plan's −30 % / −50 % targets use cchc.domain.target_status (no colour rule of their own): an
    unmet figure is "not yet due" in June, at risk in the last two weeks, missed after 31/12."""
    user = login("vanphong")

    def states(today):
        data = selectors.portfolio(user=user, year=2026, today=today)
        return {row.check.key: (row.state, row.label, row.colour) for row in data.checks}

    june = states(date(2026, 6, 1))
    assert june["time_cut"] == (TargetState.MET, "Đạt", "green")
    assert june["internal_time_cut"] == (TargetState.NOT_DUE, "Chưa đến hạn", "")
    after = states(date(2027, 1, 5))
    assert after["internal_time_cut"] == (TargetState.MISSED, "Không đạt", "red")
    assert after["time_cut"][0] is TargetState.MET
    assert not hasattr(selectors, "colour")  # the separate rule is gone


def test_unit_head_dashboard_is_scoped(login, catalogue):
    data = selectors.portfolio(user=login("truongphong.dl"), year=2026)
    assert [row.unit.abbreviation for row in data.units] == ["QLDL"]
    # QLDL: 30 → 20, 10 → 7, 30 → 30: Σ 70 → 57 = 18,57 %.
    assert data.summary.time.percent == Decimal("18.57")


@pytest.fixture
def seed_targets(units, cast):
    from cchc.apps.directives.models import Directive, Target, Task

    directive = Directive.objects.create(number="1036/SVHTTDL-VP", issued_on=date(2026, 3, 27), unit=units["VP"],
                                         subject="đẩy mạnh, nâng cao chất lượng chỉ đạo, điều hành CCHC")  # fmt: skip
    task = Task.objects.create(
        directive=directive, summary="Rà soát cắt giảm tối thiểu 30% thời gian", unit=units["VP"]
    )
    time = Target.objects.create(
        task=task, metric="cắt giảm thời gian giải quyết TTHC", value=30, unit="%", target_year=2026
    )
    review = Target.objects.create(
        task=task, metric="TTHC nội bộ được rà soát", value=100, unit="%", target_year=2026
    )
    return {"time": time, "review": review}


def test_sync_targets_pushes_portfolio_values(catalogue, seed_targets):
    services.set_target_link(user=None, kind="time_cut", target_id=seed_targets["time"].pk)
    services.set_target_link(user=None, kind="reviewed_share", target_id=seed_targets["review"].pk)
    results = {r.link.source: r.measurement.value for r in services.sync_targets(today=date(2026, 4, 1))}
    assert results == {"procedures.reviewed_share": Decimal("40.91"), "procedures.time_cut": Decimal("32.72")}
    seed_targets["time"].refresh_from_db()
    assert seed_targets["time"].measured_value == Decimal("32.72") and seed_targets[
        "time"
    ].measured_on == date(2026, 4, 1)
    assert seed_targets["time"].source == "Cắt giảm thời gian giải quyết TTHC (2026)"
    assert TargetSource.objects.get(source="procedures.time_cut").last_value == Decimal("32.72")


def test_dashboard_threshold_comes_from_linked_target(client, login, catalogue, seed_targets):
    seed_targets["time"].value = 35
    seed_targets["time"].save()
    services.set_target_link(user=None, kind="time_cut", target_id=seed_targets["time"].pk)
    data = selectors.portfolio(user=login("giamdoc"), year=2026, today=date(2026, 12, 28))
    row = next(r for r in data.checks if r.check.key == "time_cut")
    assert (
        row.check.threshold == 35
        and row.state is TargetState.AT_RISK
        and "1036/SVHTTDL-VP" in row.target_label
    )
    assert "1036/SVHTTDL-VP" in client.get("/thu-tuc/chi-tieu/").content.decode()


def test_cost_parameter_change_recomputes_plans(login, catalogue):
    parameter = services.default_cost_parameter()
    parameter.hourly_income = 50_000
    services.save_cost_parameter(user=login("vanphong"), parameter=parameter)
    plan = SimplificationPlan.objects.get(procedure__code="1.009301", year=2026)
    assert plan.cost_before == 5 * 8 * 50_000 * 40


def test_demo_links_the_seed_letters_targets(catalogue, seed_targets):
    from cchc.apps.procedures.demo import link_seed_targets

    assert link_seed_targets() == 2
    links = dict(TargetSource.objects.values_list("source", "target_id"))
    assert links == {
        "procedures.time_cut": seed_targets["time"].pk,
        "procedures.reviewed_share": seed_targets["review"].pk,
    }


def test_the_portfolio_sources_are_the_dashboard_figures(catalogue, units, login):
    """Each procedures source over the Sở equals the dashboard's check for that year; over one phòng, that
    phòng's row of the dashboard."""
    from cchc.apps.core.measures import measure
    from cchc.apps.procedures.measures import CHECKS

    data = selectors.portfolio(user=login("giamdoc"), year=2026)
    by_key = {row.check.key: row.check.actual for row in data.checks}
    unit_rows = {row.unit.pk: {c.check.key: c.check.actual for c in row.checks} for row in data.units}
    assert any(v is not None for v in by_key.values())
    root = units["QLVH"].root()
    for key, (check_key, _label) in CHECKS.items():
        m = measure(key, root, "2026")
        assert m.value == by_key[check_key], key
        assert (m.unit, m.period, m.query_id) == (
            "%",
            "2026",
            f"procedures.selectors.department_summary#{check_key}",
        )
        phong = measure(key, units["QLVH"], "2026")
        assert phong.value == unit_rows[units["QLVH"].pk][check_key], key
