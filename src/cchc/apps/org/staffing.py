"""Staffing quotas (biên chế được giao) against actual headcount per unit and year, and the reduction
against the targets of cchc.domain.staffing (standards.md §15): reads, writes and the XLSX import/export.

Read onto today's tree by default (``mapped``): the quotas of units merged into another are added to the
unit carrying their history (docs/org-history.md), so a merged unit's baseline includes its former
units' biên chế and the reduction is measured across the reorganisation.

Actual (thực có): the entered value; without one, for the current year, the staff register's active
công chức / viên chức of the unit (people app) — the register keeps no leaving date, so a past year's
actual is only what was entered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core import imports as common
from cchc.apps.core.imports import Analysis
from cchc.domain import staffing as st
from cchc.domain.procedures.tables import TableError
from cchc.domain.text import fold

from .access import can_access_unit, check_unit, require_capability, scope_queryset, visible_units
from .models import ImportBatch, ImportBatchKind, StaffingKind, StaffingQuota, Unit, User
from .selectors import history_owners, unit_lookup

STASH_DIR = "staffing-imports"


@dataclass
class StaffingRow:
    unit: Unit | None  # None: the total
    kind: str
    assigned: int = 0
    actual: int | None = None
    actual_from_register: bool = False
    baseline: int = 0
    folded: list[str] = field(default_factory=list)  # names of the former units added in
    trend: dict[int, int] = field(default_factory=dict)  # year → assigned
    reduction: st.Reduction | None = None

    @property
    def kind_label(self) -> str:
        return str(StaffingKind(self.kind).label)

    @property
    def gap(self) -> int | None:
        return None if self.actual is None else self.assigned - self.actual


def _owner(owners: dict[int, int], units: dict[int, Unit], unit: Unit) -> Unit:
    return units.get(owners.get(unit.pk, unit.pk), unit)


def staffing_rows(
    *, user: User | None, year: int, mapped: bool = True, today: date | None = None
) -> list[StaffingRow]:
    """Per unit (today's tree when ``mapped``) × kind: assigned, actual, the phase's baseline, the
    reduction against its target, the yearly trend since the baseline; then a total per kind."""
    today = today or timezone.localdate()
    targets = st.targets()
    phase = targets.phase_of(year)
    first = phase.baseline_year if phase else year
    scope = visible_units(user) if user is not None else Unit.objects.all()
    quotas = list(
        StaffingQuota.objects.filter(unit__in=scope, year__gte=first, year__lte=year).select_related("unit")
    )
    owners = history_owners() if mapped else {}
    units = Unit.objects.in_bulk(set(owners.values())) if owners else {}
    rows: dict[tuple[int, str], StaffingRow] = {}
    missing_actual: dict[tuple[int, str], list[int]] = defaultdict(list)
    for q in quotas:
        owner = _owner(owners, units, q.unit)
        row = rows.setdefault((owner.pk, q.kind), StaffingRow(owner, q.kind))
        row.trend[q.year] = row.trend.get(q.year, 0) + q.assigned
        if owner.pk != q.unit.pk and q.unit.name not in row.folded:
            row.folded.append(q.unit.name)
        if q.year == first:
            row.baseline += q.assigned
        if q.year == year:
            row.assigned += q.assigned
            if q.actual is not None:
                row.actual = (row.actual or 0) + q.actual
            else:
                missing_actual[(owner.pk, q.kind)].append(q.unit.pk)
    if year >= today.year and missing_actual:
        from cchc.apps.people.selectors import headcount

        counted = headcount(on=min(today, date(year, 12, 31)))
        for key, unit_ids in missing_actual.items():
            rows[key].actual = (rows[key].actual or 0) + sum(counted.get((u, key[1]), 0) for u in unit_ids)
            rows[key].actual_from_register = True
    else:  # a past year: only what was entered (the register keeps no leaving date)
        for key in missing_actual:
            rows[key].actual = None
    out = sorted(
        (r for r in rows.values() if r.assigned or r.baseline),
        key=lambda r: (r.unit.path if r.unit else "", r.kind),
    )
    totals: dict[str, StaffingRow] = {}
    for r in out:
        t = totals.setdefault(r.kind, StaffingRow(None, r.kind, actual=0))
        t.assigned += r.assigned
        t.baseline += r.baseline
        t.actual = None if t.actual is None or r.actual is None else t.actual + r.actual
        for y, n in r.trend.items():
            t.trend[y] = t.trend.get(y, 0) + n
    result = out + [totals[k] for k in StaffingKind.values if k in totals]
    for r in result:
        percent = phase.percent.get(r.kind) if phase and year > first else None
        r.reduction = st.reduction(r.baseline, r.assigned, percent) if phase and year > first else None
    return result


def reduction_share(*, unit: Unit | None, year: int) -> tuple[int, int]:
    """(cut, baseline) of assigned biên chế over the phase holding ``year``, every kind, on today's tree,
    for ``unit``'s subtree (None: all): the measured source ``org.staffing_reduction_share``."""
    rows = [r for r in staffing_rows(user=None, year=year) if r.unit is not None]
    if unit is not None:
        rows = [r for r in rows if r.unit is not None and r.unit.path.startswith(unit.path)]
    baseline = sum(r.baseline for r in rows)
    return baseline - sum(r.assigned for r in rows), baseline


def import_batches(*, user: User) -> QuerySet[ImportBatch]:
    """The staffing imports of the user's scope, newest first."""
    batches = ImportBatch.objects.select_related("unit").annotate(rejected=Count("rejected_rows"))
    return scope_queryset(user, batches)


def import_batch(*, user: User, pk: int) -> ImportBatch:
    return get_object_or_404(scope_queryset(user, ImportBatch.objects.select_related("unit")), pk=pk)


# -- writes -----------------------------------------------------------------------------------------


def save_quota(
    *, user: User | None, unit: Unit, year: int, kind: str, assigned: int, actual: int | None, note: str = ""
) -> StaffingQuota:
    """One unit × year × kind (created or replaced), audited."""
    if user is not None:
        require_capability(user, "org.manage")
        check_unit(user, unit, write=True)
    quota, _created = StaffingQuota.objects.update_or_create(
        unit=unit, year=year, kind=kind,
        defaults={"assigned": assigned, "actual": actual, "note": note, "updated_by": user},
    )  # fmt: skip
    return quota


def _root(user: User | None) -> Unit | None:
    """The importer's organisation: their unit (the administrator, who has none: the first root)."""
    if user is not None and user.unit is not None:
        return user.unit
    return Unit.objects.filter(parent=None).first()


def _lookup(user: User | None) -> dict[str, Unit]:
    """How a row names a unit: the units of the importer's organisation (selectors.unit_lookup); a row of a
    unit outside the importer's write scope is refused by :func:`analyse` with its reason."""
    root = _root(user)
    return unit_lookup(root) if root is not None else {}


def analyse(path: Path, *, user: User | None) -> Analysis:
    """Parse the table; reject rows whose unit is unknown or outside the importer's write scope. Serves the
    preview and the import, so what is shown is what is written."""
    try:
        parsed = st.parse(path)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    units = _lookup(user)
    out = Analysis(
        kind=ImportBatchKind.QUOTAS, headers=parsed.headers, records=[], rejected=list(parsed.rejected)
    )
    for row in parsed.records:
        unit = units.get(fold(row.unit))
        if unit is None:
            common.reject(out, row, [_("Không có đơn vị “%(u)s” trong tổ chức.") % {"u": row.unit}])
        elif user is not None and not can_access_unit(user, unit, write=True):
            common.reject(out, row, [_("Đơn vị “%(u)s” ngoài phạm vi bạn được cập nhật.") % {"u": row.unit}])
        else:
            out.records.append((row, unit))
    return common.finish(out)


@transaction.atomic
def import_quotas(path: Path, *, user: User | None, file_name: str = "") -> ImportBatch:
    """Write the valid rows (created or replaced); keep each rejected row with its reasons in the batch
    (nothing is lost). The batch belongs to the importer's organisation."""
    if user is not None:
        require_capability(user, "org.manage")
    root = _root(user)
    if root is None:
        raise ValidationError(_("Chưa có đơn vị nào trong tổ chức."))
    analysis = analyse(path, user=user)
    batch = ImportBatch.objects.create(
        kind=ImportBatchKind.QUOTAS, file_name=file_name or path.name, unit=root, headers=analysis.headers,
        warnings=analysis.warnings, created_by=user,
    )  # fmt: skip
    for row, unit in analysis.records:
        save_quota(
            user=user,
            unit=unit,
            year=row.year,
            kind=row.kind,
            assigned=row.assigned,
            actual=row.actual,
            note=row.note,
        )
    common.store(batch, imported=len(analysis.records), rejected=analysis.rejected)
    return batch


def export_rows(rows: list[StaffingRow], year: int) -> bytes:
    """The page's table as XLSX (cells through cchc.domain.cells)."""
    import io

    from cchc.domain.cells import workbook

    buf = io.BytesIO()
    wb = workbook(buf)
    ws = wb.add_worksheet(str(year))
    head = [
        _("Đơn vị"),
        _("Loại biên chế"),
        _("Biên chế được giao"),
        _("Thực có"),
        _("Năm gốc"),
        _("Đã giảm"),
        _("Tỷ lệ giảm (%)"),
        _("Chỉ tiêu giảm (%)"),
        _("Còn phải giảm"),
    ]
    for c, h in enumerate(head):
        ws.write(0, c, h)
    for i, r in enumerate(rows, start=1):
        red = r.reduction
        values: list[Any] = [
            r.unit.name if r.unit else _("Tổng cộng"), r.kind_label, r.assigned, r.actual, r.baseline,
            red.cut if red else None, float(red.percent) if red and red.percent is not None else None,
            float(red.target_percent) if red and red.target_percent is not None else None,
            red.needed if red else None,
        ]  # fmt: skip
        for c, v in enumerate(values):
            if v is not None:
                ws.write(i, c, v)
    wb.close()
    return buf.getvalue()


STASH = common.Stash(STASH_DIR)
stash_upload, stashed_path = STASH.put, STASH.path
validate_upload = common.validate_upload
