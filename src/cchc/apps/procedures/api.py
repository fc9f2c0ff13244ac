"""REST API of the catalogue and the simplification portfolio; same permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import DEFAULT_LIMIT, page
from cchc.apps.org.access import Obj, declare, require_capability

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
