"""REST API for the 766 scorecard, the dossiers behind it and import jobs; same scope as the pages."""

from __future__ import annotations

import dataclasses
from typing import Any, get_type_hints

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from cchc.analytics.drilldown import DrillRow
from cchc.analytics.periods import PeriodError, parse_period
from cchc.analytics.scorecard import judging
from cchc.apps.core.paging import DEFAULT_LIMIT, page
from cchc.apps.org.access import Obj, check_unit, declare, require_capability
from cchc.apps.org.models import Unit
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain import index766_specs as registry

from . import selectors, services
from .models import ImportJob
from .storage import StoreBusy

router = Router(tags=["Hồ sơ, chỉ số 766"])


_FIELD_TYPES: dict[str, Any] = {
    "bool": bool,
    "channel": int,
    "paid": int,
    "int": int,
    "money": float,
    "text": str,
}


def _dossier_schema() -> type[Schema]:
    """The columns every drill-down row has (those of :class:`~cchc.analytics.drilldown.DrillRow`, plus the
    unit's id) and the export fields the indicators' drill-downs show."""
    hints = get_type_hints(DrillRow)
    common: dict[str, Any] = {}
    for f in dataclasses.fields(DrillRow):
        if f.name == "fields":
            continue
        common[f.name] = (hints[f.name], ... if f.default is dataclasses.MISSING else f.default)
        if f.name == "unit":
            common["unit_id"] = (int, ...)
    shown: dict[str, Any] = {
        f.name: (_FIELD_TYPES[f.kind] | None, Field(None, description=f.header))
        for f in registry.drill_fields()
    }
    return create_model("DossierOut", __base__=Schema, **common, **shown)


# The schema of a drill-down row: the common columns plus every export field some indicator's drill-down
# shows, from the indicator entries (cchc.domain.index766_specs).
dossier_schema = registry.derived(_dossier_schema)
DossierOut = dossier_schema()


def dossier_json(line: selectors.DossierLine) -> dict[str, Any]:
    """One drill-down row as :func:`dossier_schema` describes it."""
    row = line.row
    return {
        **{k: getattr(row, k) for k in dossier_schema().model_fields if hasattr(row, k)},
        "unit": row.unit,
        "unit_id": line.unit.pk,
    }


class JobOut(Schema):
    id: int
    file_name: str
    source: str
    status: str
    percent: int
    rows_done: int
    rows_total: int
    imported: int
    updated: int
    quarantined: int
    duplicates: int
    error: str


def _guard(call: Any) -> Any:
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Bạn không có quyền thực hiện thao tác này.") from exc
    except (ValidationError, PeriodError) as exc:
        raise HttpError(400, " ".join(getattr(exc, "messages", [str(exc)]))) from exc
    except StoreBusy as exc:
        raise HttpError(503, str(exc)) from exc


def _unit(request: AuthenticatedRequest, unit_id: int | None) -> Unit | None:
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else None
    if unit is None and not selectors.is_org_wide(request.user):
        unit = request.user.unit
    if unit is not None:
        check_unit(request.user, unit)
    return unit


def _period(period: str | None) -> str | None:
    if period:
        parse_period(period)  # 400 with the Vietnamese message when invalid
    return period or None


@router.get("/scorecard", summary="Điểm 766 theo đơn vị × kỳ (cùng dạng JSON với `cchc indicators --json`)")
@declare("indicators.view", query={"unit_id": Obj("org.Unit", unit="")})
def scorecard(
    request: AuthenticatedRequest,
    period: str | None = None,
    unit_id: int | None = None,
    by_procedure: bool = False,
    per_unit: bool = True,
    as_of: str | None = None,
    judge_open: str = "period_end",
    unfinished_in_denominator: str = "",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """``period``: 2026-03, 2026-Q1, 2026 or 2026-01-01..2026-03-31; without it, every month.
    Organisation-wide roles get every unit with its rank; a unit's staff get their unit only.
    ``as_of``: the cut-off, a day (2026-02-28, that day included) or a time (2026-02-28T17:00); default
    now. ``judge_open``: ``period_end`` (default: open dossiers judged at their period's end) or
    ``as_of``. ``unfinished_in_denominator``: indicators, comma-separated (4.1), whose denominator also
    counts dossiers not finished (docs/analytics.md)."""

    def run() -> list[dict[str, Any]]:
        require_capability(request.user, "indicators.view")
        cut, how, params = judging(as_of, judge_open, unfinished_in_denominator)
        unit = _unit(request, unit_id)
        cards = selectors.unit_cards(
            user=request.user,
            period=_period(period),
            unit=unit,
            by_procedure=by_procedure,
            per_unit=per_unit and unit is None,
            as_of=cut,
            judge_open=how,
            params=params,
        )
        if per_unit and unit is None and not by_procedure:
            by_period: dict[str, list[selectors.UnitCard]] = {}
            for c in cards:
                by_period.setdefault(c.period, []).append(c)
            cards = [c for group in by_period.values() for c in selectors.ranked(group)]
        return [c.as_dict() for c in page(cards, limit=limit, offset=offset)]

    return _guard(run)


@router.get(
    "/dossiers",
    response=list[DossierOut],  # type: ignore[valid-type]  # (built from the indicator entries)
    summary="Hồ sơ sau một chỉ số 766 (mặc định: chỉ số 2.1, hồ sơ trễ hạn)",
)
@declare("dossiers.view", query={"unit_id": Obj("org.Unit", unit="")})
def dossiers(
    request: AuthenticatedRequest,
    period: str | None = None,
    unit_id: int | None = None,
    indicator: str = "2.1",
    subset: str | None = None,
    only_late: bool = True,
    procedure: str = "",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    as_of: str | None = None,
    judge_open: str = "period_end",
    unfinished_in_denominator: str = "",
) -> list[dict[str, Any]]:
    """``indicator``: an indicator counted from dossiers (those of the scorecard with a drill-down).
    ``subset``: ``denominator``, ``numerator`` or ``gap`` (in the denominator, not the numerator), the
    dossiers the scorecard counts; without it ``gap``, or ``denominator`` when ``only_late=false``.
    An unknown indicator or subset is refused (400, Vietnamese message). ``as_of``, ``judge_open``,
    ``unfinished_in_denominator``: as for the scorecard."""

    def run() -> list[dict[str, Any]]:
        require_capability(request.user, "dossiers.view")
        cut, how, params = judging(as_of, judge_open, unfinished_in_denominator)
        unit = _unit(request, unit_id)
        lines = selectors.dossier_lines(
            user=request.user,
            unit=unit,
            period=_period(period),
            indicator=indicator,
            subset=selectors.drill_subset(indicator, subset, only_late),
            procedure=procedure,
            as_of=cut,
            judge_open=how,
            params=params,
        )
        return [dossier_json(ln) for ln in page(lines, limit=limit, offset=offset)]

    return _guard(run)


@router.get("/imports/{job_id}", response=JobOut, summary="Trạng thái một lô nhập hồ sơ")
@declare("dossiers.import", job_id=Obj("dossiers.ImportJob", unit=None))
def import_status(request: AuthenticatedRequest, job_id: int) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        require_capability(request.user, "dossiers.import")
        job = get_object_or_404(ImportJob, pk=job_id)
        services.check_job_visible(user=request.user, job=job)
        job = services.check_import_job_worker(job)
        return {**{f: getattr(job, f) for f in JobOut.model_fields if f != "id"}, "id": job.pk}

    return _guard(run)


def _portal_line(entry: Any, line: Any) -> dict[str, Any]:
    from django.utils.translation import gettext

    from cchc.domain.reconcile766 import KINDS, STATUSES, render

    return {
        "unit_id": entry.unit.pk,
        "unit_code": entry.unit.code,
        "period": entry.period,
        "level": line.level,
        "id": line.id,
        "name": gettext(line.name),
        "group": line.group,
        "portal": line.portal,
        "local": line.local,
        "gap": line.gap,
        "status": line.status,
        "status_name": gettext(STATUSES[line.status]),
        "where": line.where,
        "explanations": [
            {
                "kind": e.kind,
                "kind_name": gettext(KINDS[e.kind]),
                "text": render(e.messages, gettext),
                "points": round(e.points, 2),
                "needed": e.needed,
                "subset": e.subset,
                "dossiers": [s.code for s in e.suspects],
            }
            for e in line.explanations
        ],
    }


@router.get(
    "/portal/{import_id}/reconciliation",
    summary="Đối chiếu điểm 766 của Cổng DVCQG với điểm cchc: từng chỉ số, nhóm, tổng và giải thích chênh lệch",
)
@declare(
    "indicators.view",
    import_id=Obj("dossiers.PortalImport", unit="unit"),
    query={"unit_id": Obj("org.Unit", unit="")},
)
def portal_reconciliation(
    request: AuthenticatedRequest,
    import_id: int,
    unit_id: int | None = None,
    period: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """One line per indicator, group and total of each unit × period of the imported file (``unit_id``,
    ``period``: only those), with the portal's and cchc's points, the gap, ``status`` (khop, giai_thich,
    chua_giai_thich, chi_cchc) and the explanations (``kind``: dong_bo, khong_tinh_duoc, moc_cat,
    trang_thai, chua_giai_thich, tong_hop; ``dossiers``: the codes behind kind trang_thai)."""

    def run() -> list[dict[str, Any]]:
        from cchc.domain.portal766 import normalise_period

        from . import reconciliation
        from .models import PortalImport

        require_capability(request.user, "indicators.view")
        imp = get_object_or_404(PortalImport.objects.select_related("unit"), pk=import_id)
        check_unit(request.user, imp.unit)
        unit = get_object_or_404(Unit, pk=unit_id) if unit_id else None
        if unit is not None:
            check_unit(request.user, unit)
        chosen = normalise_period(period) if period else None
        out: list[dict[str, Any]] = []
        for e in reconciliation.entries(imp):
            if (
                e.unit is None
                or (unit is not None and e.unit.pk != unit.pk)
                or (chosen and e.period != chosen)
            ):
                continue
            rec = reconciliation.reconciliation(user=request.user, imp=imp, unit=e.unit, period=e.period)
            out += [_portal_line(e, ln) for ln in (rec.lines if rec else [])]
        return page(out, limit=limit, offset=offset)

    return _guard(run)
