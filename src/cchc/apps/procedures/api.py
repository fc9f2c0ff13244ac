"""REST API of the catalogue and the simplification portfolio; same permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import DEFAULT_LIMIT, page
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.domain.procedures.channel_cost import Channel

from . import selectors
from .conversions import fee_label, time_limit_label
from .models import Procedure

router = Router(tags=["Thủ tục hành chính"])


class ProcedureOut(Schema):
    id: int
    code: str
    name: str
    field: str
    level: str
    is_internal: bool
    unit: str
    time_limit: str
    working_days: Decimal | None
    online_level: str
    status: str


class ProcedureDetailOut(ProcedureOut):
    code_as_published: str
    fees: str
    channels: list[str]
    legal_basis: list[str]
    versions: list[dict]


class CheckOut(Schema):
    key: str
    label: str
    threshold: Decimal
    actual: Decimal | None
    status: str  # met, on_track, at_risk, missed, not_due, no_data (cchc.domain.target_status.TargetState)
    status_label: str
    colour: str
    target: str


class UnitOut(Schema):
    unit: str
    catalogue_size: int
    reviewed: int
    checks: list[CheckOut]


class PortfolioOut(Schema):
    year: int
    catalogue_size: int
    plans: int
    reviewed: int
    time_before: Decimal | None
    time_after: Decimal | None
    cost_before: Decimal | None
    cost_after: Decimal | None
    checks: list[CheckOut]
    units: list[UnitOut]


def _view(request) -> None:
    try:
        require_capability(request.user, "procedures.view")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


def _procedure(p: Procedure) -> dict:
    return {
        "id": p.pk, "code": p.code, "name": p.name, "field": p.field, "level": p.level, "is_internal": p.is_internal,
        "unit": p.unit.abbreviation or p.unit.name, "time_limit": time_limit_label(p), "working_days": p.working_days,
        "online_level": p.online_level, "status": p.status,
    }  # fmt: skip


@router.get("/procedures", response=list[ProcedureOut])
@declare("procedures.view")
def procedure_list(
    request, q: str = "", unit: str = "", field: str = "", level: str = "", online_level: str = "",
    internal: str = "", status: str = "", limit: int = DEFAULT_LIMIT, offset: int = 0,
):  # fmt: skip
    _view(request)
    filters = {"q": q, "unit": unit, "field": field, "level": level, "online_level": online_level,
               "internal": internal, "status": status}  # fmt: skip
    qs = selectors.procedure_list(user=request.user, filters=filters)
    return [_procedure(p) for p in page(qs, limit=limit, offset=offset)]


@router.get("/procedures/{pk}", response=ProcedureDetailOut)
@declare("procedures.view", pk=Obj("procedures.Procedure"))
def procedure_detail(request, pk: int):
    _view(request)
    try:
        p = selectors.procedure_detail(user=request.user, pk=pk)
    except Procedure.DoesNotExist as exc:
        raise HttpError(404, "Không tìm thấy thủ tục trong phạm vi của bạn.") from exc
    versions = [
        {
            "action": v.action,
            "decision": str(v.decision) if v.decision else "",
            "at": v.created_at.isoformat(),
            "snapshot": v.snapshot,
        }
        for v in p.versions.select_related("decision")
    ]
    return {
        **_procedure(p), "code_as_published": p.code_as_published, "fees": fee_label(p), "channels": p.channels,
        "legal_basis": [line for line in p.legal_basis.splitlines() if line.strip()], "versions": versions,
    }  # fmt: skip


def _checks(rows) -> list[dict]:
    return [
        {
            "key": r.check.key,
            "label": r.check.label,
            "threshold": r.check.threshold,
            "actual": r.check.actual,
            "status": r.state.value,
            "status_label": r.label,
            "colour": r.colour,
            "target": r.target_label,
        }
        for r in rows
    ]


@router.get("/portfolio", response=PortfolioOut)
@declare("procedures.view")
def portfolio(request, year: int | None = None):
    _view(request)
    data = selectors.portfolio(user=request.user, year=year)
    s = data.summary
    return {
        "year": data.year, "catalogue_size": s.catalogue_size, "plans": s.plans, "reviewed": s.reviewed,
        "time_before": s.time.before, "time_after": s.time.after, "cost_before": s.cost.before,
        "cost_after": s.cost.after, "checks": _checks(data.checks),
        "units": [{"unit": u.unit.name, "catalogue_size": u.summary.catalogue_size, "reviewed": u.summary.reviewed,
                   "checks": _checks(u.checks)} for u in data.units],
    }  # fmt: skip


class ChannelLineOut(Schema):
    unit_id: int
    unit: str
    unit_code: str
    procedure_code: str
    procedure_name: str
    has_cost: bool  # False: the procedure has no compliance-cost record (amounts null, never 0)
    in_person: int
    postal: int
    online: int
    online_share: Decimal | None
    per_execution_in_person: int | None
    per_execution_online: int | None
    social_cost: int | None
    citizen_cost: int | None
    state_cost: int | None
    online_saving: int | None
    target_saving: int | None
    extra_at_target: int | None


class ChannelSummaryOut(Schema):
    lines: int
    with_cost: int
    without_cost: int
    dossiers: int
    dossiers_with_cost: int
    social_cost: int
    citizen_cost: int
    state_cost: int
    all_in_person_cost: int
    online_saving: int
    target_saving: int
    extra_at_target: int
    online_share: Decimal | None


class ChannelCostsOut(Schema):
    period: str
    first_day: str  # dd/mm/yyyy
    last_day: str
    target_pct: Decimal
    hourly_income: int
    count: int  # rows in all pages
    summary: ChannelSummaryOut
    rows: list[ChannelLineOut]


def _channel_line(row) -> dict:
    line, v = row.line, row.line.volumes
    per = line.per_execution or {}
    return {
        "unit_id": row.unit.pk, "unit": row.unit.name, "unit_code": row.unit.code, "procedure_code": row.code,
        "procedure_name": row.name, "has_cost": line.has_cost, "in_person": v.in_person, "postal": v.postal,
        "online": v.online, "online_share": line.online_share,
        "per_execution_in_person": per.get(Channel.IN_PERSON), "per_execution_online": per.get(Channel.ONLINE),
        "social_cost": line.social_cost, "citizen_cost": line.citizen_cost, "state_cost": line.state_cost,
        "online_saving": line.online_saving, "target_saving": line.target_saving,
        "extra_at_target": line.extra_at_target,
    }  # fmt: skip


@router.get(
    "/channel-costs",
    response=ChannelCostsOut,
    summary="Chi phí theo kênh: hồ sơ theo kênh × chi phí 01 lần → chi phí xã hội và phần tiết kiệm nhờ trực tuyến",
)
@declare("indicators.view", query={"unit_id": Obj("org.Unit", unit="")})
def channel_costs(
    request, period: str = "", unit_id: int | None = None, procedure: str = "", target: str = "",
    limit: int = DEFAULT_LIMIT, offset: int = 0,
):  # fmt: skip
    """``period``: 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-12-31 (default: this year); ``unit_id``: a unit's
    subtree (default: the scope; a unit's staff: their unit); ``procedure``: a procedure code; ``target``:
    the online share aimed at in % (default: the 766 threshold of 3.3). Rows without a cost record have
    ``has_cost`` false and null amounts; the summary's amounts cover the rows with one."""
    from django.shortcuts import get_object_or_404
    from django.utils import timezone

    from cchc.analytics.periods import PeriodError, parse_period
    from cchc.apps.dossiers.selectors import is_org_wide
    from cchc.apps.dossiers.storage import StoreBusy
    from cchc.apps.org.access import check_unit
    from cchc.apps.org.models import Unit
    from cchc.domain.numbers import NumberFormatError, parse_percent

    from .channels import channel_report

    try:
        require_capability(request.user, "indicators.view")
        unit = get_object_or_404(Unit, pk=unit_id) if unit_id else None
        if unit is None and not is_org_wide(request.user):
            unit = request.user.unit
        if unit is not None:
            check_unit(request.user, unit)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Bạn không có quyền xem số liệu này.") from exc
    chosen = period.strip() or str(timezone.localdate().year)
    try:
        parse_period(chosen)
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from exc
    target_pct = None
    if target.strip():
        try:
            target_pct = parse_percent(target)
        except NumberFormatError:
            target_pct = Decimal(-1)
        if not Decimal(0) <= target_pct <= Decimal(100):
            raise HttpError(400, "Tham số target phải là một số từ 0 đến 100 (tỷ lệ trực tuyến mục tiêu, %).")
    chosen_procedure = None
    if procedure.strip():
        try:
            chosen_procedure = Procedure.objects.get(code=procedure.strip())
        except Procedure.DoesNotExist as exc:
            raise HttpError(404, "Không có thủ tục mang mã này trong danh mục.") from exc
    try:
        report = channel_report(
            user=request.user, period=chosen, unit=unit, procedure=chosen_procedure, target_pct=target_pct
        )
    except StoreBusy as exc:
        raise HttpError(503, str(exc)) from exc
    rows = report.rows + report.missing
    s = report.summary
    assert s is not None
    return {
        "period": chosen, "first_day": f"{report.first_day:%d/%m/%Y}", "last_day": f"{report.last_day:%d/%m/%Y}",
        "target_pct": report.target_pct, "hourly_income": report.income.amount, "count": len(rows),
        "summary": {
            "lines": s.lines, "with_cost": s.with_cost, "without_cost": s.without_cost, "dossiers": s.volumes.total,
            "dossiers_with_cost": s.volumes_with_cost.total, "social_cost": s.social_cost,
            "citizen_cost": s.citizen_cost, "state_cost": s.state_cost, "all_in_person_cost": s.all_in_person_cost,
            "online_saving": s.online_saving, "target_saving": s.target_saving, "extra_at_target": s.extra_at_target,
            "online_share": s.online_share,
        },
        "rows": [_channel_line(r) for r in page(rows, limit=limit, offset=offset)],
    }  # fmt: skip
