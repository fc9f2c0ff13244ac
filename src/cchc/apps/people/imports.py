"""Importing the staff register and course results: upload check → preview (nothing written) → import
the valid rows, every rejected row kept with its reasons on the batch page (nothing lost).

Parsing is the domain's (:mod:`cchc.domain.people.tables`); this module adds what needs the database: the
unit named by each row must exist and lie in the importer's write scope, a staff code or a course code must
be known, and the write happens in one transaction. :func:`analyse` serves the preview and the import, so
what is shown is what is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.apps.core import uploads
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import unit_lookup
from cchc.domain.people.tables import AttendanceRow, RejectedRow, StaffRow, TableError, parse
from cchc.domain.text import fold

from .models import Attendance, BatchKind, Course, ImportBatch, StaffRecord
from .models import RejectedRow as StoredRejection

EXTENSIONS = (".csv", ".xlsx")
STASH_DIR = "people-imports"


@dataclass
class Analysis:
    kind: str
    profile: str
    headers: list[str]
    records: list[Any]
    rejected: list[RejectedRow]
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def validate_upload(upload: UploadedFile) -> None:
    uploads.check_table_upload(upload, extensions=EXTENSIONS)


def stash_upload(upload: UploadedFile) -> str:
    validate_upload(upload)
    return uploads.stash(upload, STASH_DIR)


def stashed_path(token: str) -> Path:
    return uploads.stashed(token, STASH_DIR)


def analyse(path: Path, *, user: User | None, unit: Unit) -> Analysis:
    """Parse ``path``; add a rejection for each row whose unit, staff or course is unknown or outside the
    importer's write scope."""
    try:
        result = parse(path)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    first = result.records[0].raw if result.records else result.rejected[0].raw if result.rejected else {}
    headers = list(first)
    analysis = Analysis(
        result.kind, result.profile, headers, [], list(result.rejected), list(result.warnings)
    )
    if result.kind == "staff":
        units = unit_lookup(unit)
        for row in result.records:
            target = units.get(fold(row.unit))
            reasons = []
            if target is None:
                reasons.append(_("Không có đơn vị “%(u)s” trong tổ chức.") % {"u": row.unit})
            elif user is not None and not can_access_unit(user, target, write=True):
                reasons.append(_("Đơn vị “%(u)s” ngoài phạm vi bạn được cập nhật.") % {"u": row.unit})
            existing = StaffRecord.objects.filter(code=row.code).select_related("unit").first()
            if (
                existing is not None
                and user is not None
                and not can_access_unit(user, existing.unit, write=True)
            ):
                reasons.append(_("Mã cán bộ “%(c)s” thuộc đơn vị khác.") % {"c": row.code})
            if reasons:
                analysis.rejected.append(RejectedRow(row.row_number, _raw(row), tuple(reasons)))
            else:
                analysis.records.append((row, target))
    else:
        for row in result.records:
            staff = StaffRecord.objects.filter(code=row.code).select_related("unit").first()
            course = Course.objects.filter(code=row.course).first()
            reasons = []
            if staff is None:
                reasons.append(_("Không có cán bộ mã “%(c)s”.") % {"c": row.code})
            elif user is not None and not can_access_unit(user, staff.unit, write=True):
                reasons.append(_("Cán bộ mã “%(c)s” ngoài phạm vi bạn được cập nhật.") % {"c": row.code})
            if course is None:
                reasons.append(_("Không có khóa học mã “%(c)s”.") % {"c": row.course})
            if reasons:
                analysis.rejected.append(RejectedRow(row.row_number, _raw(row), tuple(reasons)))
            else:
                analysis.records.append((row, staff, course))
    analysis.rejected.sort(key=lambda r: r.row_number)
    return analysis


def _raw(row: StaffRow | AttendanceRow) -> dict[str, str]:
    return dict(row.raw)


@transaction.atomic
def import_file(path: Path, *, user: User | None, unit: Unit, file_name: str = "") -> ImportBatch:
    """Write the valid rows; keep each rejected row with its reasons in the batch (nothing is lost)."""
    if user is not None:
        require_capability(user, "people.manage")
        check_unit(user, unit, write=True)
    analysis = analyse(path, user=user, unit=unit)
    batch = ImportBatch.objects.create(
        kind=BatchKind.STAFF if analysis.kind == "staff" else BatchKind.ATTENDANCE,
        file_name=file_name or path.name,
        unit=unit,
        headers=analysis.headers,
        warnings=analysis.warnings,
        created_by=user,
    )
    for record in analysis.records:
        if analysis.kind == "staff":
            _apply_staff(*record)
        else:
            row, staff, course = record
            Attendance.objects.update_or_create(
                course=course,
                staff=staff,
                defaults={"completed_on": row.completed_on, "certificate": row.certificate},
            )
    batch.imported_count = len(analysis.records)
    batch.save(update_fields=["imported_count"])
    StoredRejection.objects.bulk_create(
        StoredRejection(batch=batch, row_number=r.row_number, raw=r.raw, reasons=list(r.reasons))
        for r in analysis.rejected
    )
    return batch


def _apply_staff(row: StaffRow, unit: Unit) -> StaffRecord:
    staff = StaffRecord.objects.filter(code=row.code).first() or StaffRecord(code=row.code)
    staff.family_name, staff.given_name, staff.unit = row.family_name, row.given_name, unit
    for name in ("position", "rank", "job_position", "id_number", "phone", "email"):
        setattr(staff, name, getattr(row, name))
    if row.staff_kind:
        staff.staff_kind = row.staff_kind
    if row.gender:
        staff.gender = row.gender
    if row.birth_date:
        staff.birth_date = row.birth_date
    if row.started_on:
        staff.started_on = row.started_on
    if row.username and staff.user_id is None:
        account = User.objects.filter(username=row.username).first()
        if account is not None and not StaffRecord.objects.filter(user=account).exclude(pk=staff.pk).exists():
            staff.user = account
    staff.save()
    return staff
