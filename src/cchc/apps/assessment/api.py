"""REST API of the PAR self-assessment: the years, a year's table (criteria, self and appraisal scores,
measured values and sources), and the criteria sets; same permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import page
from cchc.apps.org.access import declare, require_capability
from cchc.domain.assessment.report import as_json

from . import selectors

router = Router(tags=["Chỉ số cải cách hành chính"])


class YearOut(Schema):
    year: int
    criteria_set: str
    version: str
    state: str
    self_points: str
    index: str | None


class SetOut(Schema):
    id: int
    code: str
    version: str
    name: str
    year: int | None
    sample: bool


def _view(request) -> None:  # type: ignore[no-untyped-def]
    try:
        require_capability(request.user, "assessment.view")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


@router.get("/years", response=list[YearOut])
@declare("assessment.view")
def year_list(request, limit: int = 100, offset: int = 0):  # type: ignore[no-untyped-def]
    _view(request)
    out = []
    for a in page(selectors.assessments(user=request.user), limit=limit, offset=offset):
        score = selectors.self_score(a)
        out.append({
            "year": a.year, "criteria_set": a.criteria_set.name, "version": a.criteria_set.version,
            "state": a.state, "self_points": str(score.points), "index": None if score.index is None else str(score.index),
        })  # fmt: skip
    return out


@router.get("/years/{year}", response=dict)
@declare("assessment.view", year=("2026",))
def year_detail(request, year: int):  # type: ignore[no-untyped-def]
    _view(request)
    a = selectors.assessment(user=request.user, year=year)
    if a is None:
        raise HttpError(404, f"Năm {year} chưa có bản tự đánh giá.")
    return as_json(selectors.report(a))


@router.get("/criteria-sets", response=list[SetOut])
@declare("assessment.view")
def set_list(request, limit: int = 100, offset: int = 0):  # type: ignore[no-untyped-def]
    _view(request)
    return [
        {"id": s.pk, "code": s.code, "version": s.version, "name": s.name, "year": s.year, "sample": s.sample}
        for s in page(selectors.criteria_sets(), limit=limit, offset=offset)
    ]
