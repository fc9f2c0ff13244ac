"""Importing the staff register and course results: upload check → preview (nothing written) → import
the valid rows, every rejected row kept with its reasons on the batch page (nothing lost).

Parsing is the domain's (:mod:`cchc.domain.people.tables`); this module adds what needs the database: the
unit named by each row must exist and lie in the importer's write scope, a staff code or a course code must
be known, and the write happens in one transaction. :func:`analyse` serves the preview and the import, so
what is shown is what is written.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.apps.core import imports as common
from cchc.apps.core.imports import Analysis, validate_upload
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import unit_lookup
from cchc.domain.people.tables import StaffRow, parse
from cchc.domain.text import fold

from .models import Attendance, BatchKind, Course, ImportBatch, StaffRecord

STASH = common.Stash("people-imports")
stash_upload, stashed_path = STASH.put, STASH.path
__all__ = ["Analysis", "analyse", "import_file", "stash_upload", "stashed_path", "validate_upload"]


def analyse(path: Path, *, user: User | None, unit: Unit) -> Analysis:
    """Parse ``path``; add a rejection for each row whose unit, staff or course is unknown or outside the
    importer's write scope."""
    result, analysis = common.start(lambda: parse(path))
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
                common.reject(analysis, row, reasons)
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
                common.reject(analysis, row, reasons)
            else:
                analysis.records.append((row, staff, course))
    return common.finish(analysis)


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
    common.store(batch, imported=len(analysis.records), rejected=analysis.rejected)
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
