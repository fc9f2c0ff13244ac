"""REST API of the finance registers (budget disclosures, autonomy, public assets) with the pages' permissions
and scope; every list is paged (core.paging)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import page
from cchc.apps.org.access import declare, require_capability

from . import selectors

router = Router(tags=["Tài chính công, tài sản công"])


class DisclosureOut(Schema):
    id: int
    unit: str
    year: int
    duty: str
    label: str
    period: str
    event_date: date | None
    due_date: date | None
    published_on: date | None
    form: str
    link: str
    proof_document: str
    status: str


class AutonomyOut(Schema):
    id: int
    unit: str
    year: int
    group: int
    decision_number: str
    decision_date: date | None
    revenue: Decimal | None
    spending: Decimal | None
    share: Decimal | None
    estimate: Decimal | None
    target_group: int | None
    meets_target: bool | None


class AssetOut(Schema):
    id: int
    unit: str
    code: str
    name: str
    kind: str
    value: Decimal
    book_value: Decimal | None
    status: str
    handling_form: str
    progress: str
    handled_on: date | None


def _require(request, capability: str) -> None:
    try:
        require_capability(request.user, capability)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


def _year(year: int | None) -> int:
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(400, _("Năm phải từ 2000 đến 2100."))
    return year or timezone.localdate().year


@router.get("/disclosures", response=list[DisclosureOut])
@declare("finance.view")
def disclosures(request, year: int | None = None, limit: int = 100, offset: int = 0):
    _require(request, "finance.view")
    rows = page(selectors.register(user=request.user, year=_year(year)), limit=limit, offset=offset)
    return [
        {
            "id": r.disclosure.pk, "unit": r.disclosure.unit.code, "year": r.disclosure.year, "duty": r.disclosure.duty,
            "label": r.label, "period": r.disclosure.period, "event_date": r.disclosure.event_date,
            "due_date": r.disclosure.due_date, "published_on": r.disclosure.published_on, "form": r.disclosure.form,
            "link": r.disclosure.link, "proof_document": r.disclosure.proof_document, "status": r.status.value,
        }
        for r in rows
    ]  # fmt: skip


@router.get("/autonomy", response=list[AutonomyOut])
@declare("finance.view")
def autonomy(request, year: int | None = None, limit: int = 100, offset: int = 0):
    _require(request, "finance.view")
    rows = page(selectors.autonomy_register(user=request.user, year=_year(year)), limit=limit, offset=offset)
    return [
        {
            "id": r.record.pk, "unit": r.record.unit.code, "year": r.record.year, "group": r.record.group,
            "decision_number": r.record.decision_number, "decision_date": r.record.decision_date,
            "revenue": r.record.revenue, "spending": r.record.spending, "share": r.record.share,
            "estimate": r.estimate, "target_group": r.record.target_group, "meets_target": r.meets_target,
        }
        for r in rows
    ]  # fmt: skip


@router.get("/assets", response=list[AssetOut])
@declare("finance.view")
def assets(request, kind: str = "", pending: bool = False, limit: int = 100, offset: int = 0):
    _require(request, "finance.view")
    rows = page(selectors.assets(user=request.user, kind=kind, pending=pending), limit=limit, offset=offset)
    return [
        {
            "id": a.pk, "unit": a.unit.code, "code": a.code, "name": a.name, "kind": a.kind, "value": a.value,
            "book_value": a.book_value, "status": a.status, "handling_form": a.handling_form,
            "progress": a.progress, "handled_on": a.handled_on,
        }
        for a in rows
    ]  # fmt: skip
