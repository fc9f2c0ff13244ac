"""Writes for the catalogue, simplification plans, cost parameters and links to directive targets.

Costs are always computed by :mod:`cchc.domain.procedures.costs` (TT 02/2017 Điều 27): the simplified
waiting-time form when the plan has dossiers per year and an income parameter, otherwise the amounts
typed from a full-form calculation are kept as they are.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, is_admin, require_capability
from cchc.apps.org.models import User
from cchc.domain.procedures.costs import DONG_NAI_2024, HourlyIncome, simplified_cost

from .conversions import basis, income_of, snapshot
from .models import SOURCE_PREFIX as SOURCE_PREFIX  # where the measured sources' keys start
from .models import (
    CostMethod,
    CostParameter,
    CostRecord,
    Procedure,
    ProcedureVersion,
    SimplificationPlan,
    TargetKind,
    VersionAction,
)

logger = logging.getLogger(__name__)


def default_cost_parameter() -> CostParameter:
    """The default income per hour; created from the figure QĐ 2816 Đồng Nai cites when none exists."""
    parameter = CostParameter.objects.filter(is_default=True).first() or CostParameter.objects.first()
    if parameter is None:
        parameter = cost_parameter_for(DONG_NAI_2024, default=True)
    return parameter


def cost_parameter_for(income: HourlyIncome, *, default: bool = False) -> CostParameter:
    parameter, _created = CostParameter.objects.get_or_create(
        hourly_income=income.amount,
        source=income.source[:255],
        year=income.year,
        defaults={
            "name": f"Thu nhập bình quân năm {income.year}",
            "cited_by": income.cited_by[:255],
            "is_default": default,
        },
    )
    return parameter


def compute_plan_costs(plan: SimplificationPlan) -> None:
    """Fill ``cost_before``/``cost_after`` from the simplified form (days × hours × income × dossiers)."""
    if plan.abolish:
        plan.time_after = Decimal(0)
    if plan.cost_method != CostMethod.SIMPLIFIED:
        if plan.abolish:
            plan.cost_after = 0
        return
    if plan.cost_parameter_id is None:
        plan.cost_parameter = default_cost_parameter()
    income = income_of(plan.cost_parameter)
    assert income is not None
    before, after = basis(plan, plan.time_before), basis(plan, plan.time_after)
    plan.cost_before = simplified_cost(before, income).annual if before is not None else None
    plan.cost_after = simplified_cost(after, income).annual if after is not None else None


def record_version(
    *, procedure: Procedure, action: str, user: User | None = None, decision=None, batch=None, parts=()
) -> ProcedureVersion:
    return ProcedureVersion.objects.create(
        procedure=procedure,
        action=action,
        decision=decision,
        batch=batch,
        snapshot=snapshot(procedure),
        changed_parts=list(parts),
        created_by=user,
    )


@transaction.atomic
def save_procedure(*, user: User, procedure: Procedure) -> Procedure:
    """Save a procedure edited in the UI and keep the new state as a version."""
    require_capability(user, "procedures.manage")
    check_unit(user, procedure.unit, write=True)
    if procedure.pk:
        previous = Procedure.objects.select_related("unit").get(pk=procedure.pk)
        check_unit(user, previous.unit, write=True)  # cannot take over another unit's procedure
    created = procedure.pk is None
    procedure.save()
    record_version(
        procedure=procedure, action=VersionAction.ADD if created else VersionAction.AMEND, user=user
    )
    return procedure


@transaction.atomic
def save_plan(*, user: User | None, plan: SimplificationPlan, sync: bool = True) -> SimplificationPlan:
    """Save a plan with its computed costs. ``user`` None is the CLI / an import already checked."""
    if user is not None:
        require_capability(user, "procedures.manage")
        check_unit(user, plan.procedure.unit, write=True)
        plan.updated_by = user
    if plan.unit_id is None:
        plan.unit = plan.procedure.unit
    compute_plan_costs(plan)
    plan.save()
    if sync:
        transaction.on_commit(sync_targets_quietly)
    return plan


@transaction.atomic
def delete_plan(*, user: User, plan: SimplificationPlan) -> None:
    require_capability(user, "procedures.manage")
    check_unit(user, plan.procedure.unit, write=True)
    plan.delete()
    transaction.on_commit(sync_targets_quietly)


def _check_department_write(user: User) -> None:
    """Settings shared by the whole Sở (income, target links): managers of the Sở only, not a phòng."""
    require_capability(user, "procedures.manage")
    if is_admin(user):
        return
    check_unit(user, user.unit.root() if user.unit else None, write=True)


@transaction.atomic
def save_cost_parameter(*, user: User, parameter: CostParameter) -> CostParameter:
    _check_department_write(user)
    if parameter.is_default:
        CostParameter.objects.exclude(pk=parameter.pk).update(is_default=False)
    parameter.save()
    # Plans using this income are recomputed so the dashboard never shows stale amounts.
    for plan in SimplificationPlan.objects.filter(cost_parameter=parameter).select_related("cost_parameter"):
        compute_plan_costs(plan)
        plan.save(update_fields=["cost_before", "cost_after", "time_after"])
    transaction.on_commit(sync_targets_quietly)
    return parameter


@transaction.atomic
def set_target_link(*, user: User | None, kind: str, target_id: int | None) -> None:
    """Feed the directive target ``target_id`` (None: none) from the Sở's portfolio figure ``kind``
    (measured source "procedures.<kind>" over the target's Sở, for the target's year)."""
    from cchc.apps.directives.selectors import linkable_targets
    from cchc.apps.directives.services import set_target_source

    if user is not None:
        _check_department_write(user)
    target = None
    if target_id is not None:
        target = linkable_targets(user=user).filter(pk=target_id).first()
        if target is None:
            raise PermissionDenied(_("Không tìm thấy chỉ tiêu này trong phạm vi của bạn."))
    set_target_source(
        source_key=SOURCE_PREFIX + TargetKind(kind).value,
        target_id=target_id,
        unit=target.task.unit.root() if target is not None else None,
        period=str(target.target_year) if target is not None and target.target_year else "",
    )
    transaction.on_commit(sync_targets_quietly)


def sync_targets(*, today: date | None = None) -> list[Any]:
    """Push the portfolio figures into the linked targets now (directives.services.sync_targets over the
    sources "procedures.*"); one ``Synced`` per link."""
    from cchc.apps.directives.services import sources

    return sources.sync_targets(prefix=SOURCE_PREFIX, today=today)


def sync_targets_quietly() -> None:
    """After a plan change: push the portfolio figures to the linked targets; a failure to update the
    directive module must not undo the user's save (logged; the CLI pushes them again)."""
    from cchc.apps.directives.services import sources

    sources.sync_targets_quietly(prefix=SOURCE_PREFIX)


@transaction.atomic
def save_cost_record(*, user: User, record: CostRecord, actions: Any = None) -> CostRecord:
    """Save a procedure's compliance-cost record (cost by channel) and, when given, its actions' formset."""
    require_capability(user, "procedures.manage")
    check_unit(user, record.procedure.unit, write=True)
    record.updated_by = user
    record.save()
    if actions is not None:
        actions.instance = record
        actions.save()
    return record
