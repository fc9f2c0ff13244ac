"""REST API for people: the staff register, training shares and evaluations, with the pages' permissions.

Personal data (birth date, CCCD, contacts) is in an answer only for whom ``access.can_see_personal`` names;
otherwise the field ``personal`` is null.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import page
from cchc.apps.core.params import BadParameter
from cchc.apps.org.access import Obj, declare, require_capability

from . import selectors
from .models import StaffRecord
from .periods import period_param

router = Router(tags=["Cán bộ, đào tạo, đánh giá"])


class PersonalOut(Schema):
    birth_date: date | None
    gender: str
    id_number: str
    phone: str
    email: str
    started_on: date | None


class StaffOut(Schema):
    id: int
    code: str
    full_name: str
    unit: str
    position: str
    rank: str
    job_position: str
    staff_kind: str
    digital_skills: str
    personal: PersonalOut | None = None


class TrainingOut(Schema):
    unit: str | None
    staff: int
    trained: int
    share: Decimal | None
    target: Decimal | None
    gap: int


class EvaluationOut(Schema):
    staff_id: int
    code: str
    full_name: str
    unit: str
    period: str
    status: str
    general: Decimal | None
    results: Decimal | None
    total: Decimal | None
    rating: str
    final_rating: str


def _require(request, capability: str) -> None:
    try:
        require_capability(request.user, capability)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


def _staff(request, s: StaffRecord, status: str) -> dict:
    return {
        "id": s.pk, "code": s.code, "full_name": s.full_name, "unit": s.unit.name, "position": s.position,
        "rank": s.rank, "job_position": s.job_position, "staff_kind": s.staff_kind, "digital_skills": status,
        "personal": selectors.personal_data(user=request.user, staff=s),
    }  # fmt: skip


@router.get("/staff", response=list[StaffOut])
@declare("people.view")
def staff_list(request, q: str = "", unit: int | None = None, limit: int = 100, offset: int = 0):
    _require(request, "people.view")
    records = list(
        page(selectors.staff_list(user=request.user, unit_id=unit, query=q), limit=limit, offset=offset)
    )
    statuses = selectors.statuses([s.pk for s in records])
    return [_staff(request, s, statuses[s.pk].value) for s in records]


@router.get("/staff/{pk}", response=StaffOut)
@declare("people.view", pk=Obj("people.StaffRecord"))
def staff_detail(request, pk: int):
    _require(request, "people.view")
    s = selectors.staff_detail(user=request.user, pk=pk)
    return _staff(request, s, selectors.statuses([s.pk])[s.pk].value)


@router.get("/training", response=list[TrainingOut])
@declare("people.view")
def training(request, year: int | None = None, limit: int = 100, offset: int = 0):
    _require(request, "people.view")
    today = timezone.localdate()
    year = year or today.year
    rows = selectors.training_by_unit(user=request.user, year=year, on=today if year == today.year else None)
    rows = page(rows, limit=limit, offset=offset)  # the units, then the total of the scope last
    return [
        {"unit": r.unit.name if r.unit else None, "staff": r.share.staff, "trained": r.share.trained,
         "share": r.share.value, "target": r.share.target, "gap": r.share.gap}
        for r in rows
    ]  # fmt: skip


@router.get("/evaluations", response=list[EvaluationOut])
@declare("evaluation.view")
def evaluations(request, period: str = "", unit: int | None = None, limit: int = 100, offset: int = 0):
    _require(request, "evaluation.view")
    try:
        p = period_param({"period": period})
    except BadParameter as exc:
        raise HttpError(400, str(exc)) from exc
    rows = page(selectors.period_rows(user=request.user, period=p, unit_id=unit), limit=limit, offset=offset)
    return [
        {
            "staff_id": r.staff.pk, "code": r.staff.code, "full_name": r.staff.full_name, "unit": r.staff.unit.name,
            "period": p, "status": r.evaluation.status if r.evaluation else "",
            "general": r.evaluation.general if r.evaluation else None,
            "results": r.evaluation.results if r.evaluation else None,
            "total": r.evaluation.total if r.evaluation else None,
            "rating": r.evaluation.rating if r.evaluation else "",
            "final_rating": r.evaluation.final_rating if r.evaluation else "",
        }
        for r in rows
    ]  # fmt: skip
