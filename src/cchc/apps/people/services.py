"""Writes for people: staff records, courses and attendance, discipline, evaluations. Every function
checks the capability and the unit (cchc.apps.org.access); ``user`` None is the CLI or the demo loader.
Changes are recorded by the audit trail (django-auditlog, registered in apps.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, may_decide_on, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.people import evaluation as ev

from . import selectors
from .models import (
    AnnualRating,
    Attendance,
    Course,
    DisciplineRecord,
    Evaluation,
    EvaluationStatus,
    StaffRecord,
    TaskGrade,
)


def _may(user: User | None, capability: str, unit: Unit | None, *, write: bool = True) -> None:
    if user is not None:
        require_capability(user, capability)
        check_unit(user, unit, write=write)


# --- Staff, courses, attendance, discipline -----------------------------------------------------------


def save_staff(*, user: User | None, staff: StaffRecord) -> StaffRecord:
    """Create or update a staff record (from the form or an import row)."""
    _may(user, "people.manage", staff.unit)
    staff.full_clean(exclude=["user"])
    staff.save()
    return staff


def save_course(*, user: User | None, course: Course) -> Course:
    _may(user, "people.manage", course.unit)
    if course.pk is None and user is not None:
        course.created_by = user
    course.full_clean(exclude=["created_by"])
    course.save()
    return course


def record_attendance(
    *, user: User | None, course: Course, staff: StaffRecord, completed_on: date | None, certificate: str = ""
) -> Attendance:
    """Enrol ``staff`` in ``course`` or update their result (finished on, certificate number)."""
    _may(user, "people.manage", staff.unit)
    if certificate and completed_on is None:
        raise ValidationError(_("Có số chứng nhận thì phải có ngày hoàn thành."))
    row, _created = Attendance.objects.get_or_create(course=course, staff=staff)
    row.completed_on, row.certificate = completed_on, certificate.strip()
    row.save()
    return row


def record_discipline(
    *,
    user: User | None,
    staff: StaffRecord,
    form: str,
    decided_on: date,
    decision_number: str = "",
    reason: str = "",
) -> DisciplineRecord:
    if user is not None:
        require_capability(user, "people.discipline")
        check_unit(user, staff.unit, write=True)
    record = DisciplineRecord(
        staff=staff,
        form=form,
        decided_on=decided_on,
        decision_number=decision_number,
        reason=reason,
        created_by=user,
    )
    record.full_clean(exclude=["created_by"])
    record.save()
    return record


# --- Evaluation ---------------------------------------------------------------------------------------


def _marks(raw: Mapping[str, Any], sch: ev.Scheme) -> dict[str, str]:
    """Marks as posted ("4,5" or "4.5") → canonical strings, each checked against the scheme."""
    out = {}
    for criterion in sch.general:
        text = str(raw.get(criterion.code, "")).strip().replace(",", ".")
        if not text:
            raise ValidationError(_("Chưa chấm tiêu chí “%(c)s”.") % {"c": criterion.label})
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("Điểm tiêu chí “%(c)s” phải là một số.") % {"c": criterion.label}
            ) from None
        if not value.is_finite() or not Decimal(0) <= value <= criterion.max:
            raise ValidationError(
                _("Điểm tiêu chí “%(c)s” phải từ 0 đến %(m)s.")
                % {"c": criterion.label, "m": str(criterion.max).replace(".", ",")}
            )
        out[criterion.code] = str(value)
    return out


def _evaluation(staff: StaffRecord, period: str) -> Evaluation:
    ev.period_kind(period)  # a month or a quarter
    evaluation, _created = Evaluation.objects.get_or_create(
        staff=staff, period=period, defaults={"scheme": selectors.scheme().key}
    )
    return evaluation


@transaction.atomic
def submit_self_evaluation(*, user: User, period: str, marks: Mapping[str, Any], note: str) -> Evaluation:
    """The person's own assessment of the period (marks of the general criteria, a note)."""
    require_capability(user, "evaluation.self")
    staff = selectors.own_record(user=user)
    if staff is None:
        raise ValidationError(_("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nào."))
    evaluation = _evaluation(staff, period)
    if evaluation.status in (EvaluationStatus.REVIEWED, EvaluationStatus.APPROVED):
        raise ValidationError(_("Kỳ này đã được trưởng đơn vị đánh giá: không sửa được phần tự đánh giá."))
    evaluation.self_marks = _marks(marks, selectors.scheme())
    evaluation.self_note = note.strip()
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    return evaluation


@dataclass(frozen=True)
class GradeInput:
    weight: Decimal
    met_quality: bool | None
    objective_cause: bool


def _snapshot(lines: list[selectors.ProductLine]) -> list[dict[str, Any]]:
    return [
        {
            "task_id": line.item.task_id,
            "label": line.item.label,
            "due_on": line.item.due_on.isoformat() if line.item.due_on else None,
            "completed_on": line.item.completed_on.isoformat() if line.item.completed_on else None,
            "weight": str(line.product.weight),
            "completed": line.product.completed,
            "met_quality": line.product.met_quality,
            "quality_failures": line.product.quality_failures,
            "delays": line.product.delays,
            "objective_cause": line.product.objective_cause,
            "points": [str(p) for p in line.points],
        }
        for line in lines
    ]


@transaction.atomic
def review_evaluation(
    *, user: User | None, evaluation: Evaluation, marks: Mapping[str, Any], note: str,
    grades: Mapping[int, GradeInput] | None = None,
) -> Evaluation:  # fmt: skip
    """The unit head's scoring: the general marks, the grade of each task (weight, quality, objective cause),
    then the results part computed from the tasks, the total and the rating by the scheme's bands."""
    staff = evaluation.staff
    if user is not None:
        require_capability(user, "evaluation.review")
        check_unit(user, staff.unit, write=True)
        if not may_decide_on(user, staff.user_id):
            raise PermissionDenied(
                _("Không tự đánh giá cho chính mình ở bước này: người có thẩm quyền khác sẽ chấm.")
            )
    if evaluation.status == EvaluationStatus.APPROVED:
        raise ValidationError(_("Kết quả đã được phê duyệt: không sửa được."))
    sch = ev.scheme(evaluation.scheme) if evaluation.scheme else selectors.scheme()
    clean = _marks(marks, sch)
    lines = selectors.product_lines(staff=staff, period=evaluation.period)
    known = {line.item.task_id for line in lines}
    for task_id, grade in (grades or {}).items():
        if task_id not in known:
            continue  # only the person's tasks of the period are graded here
        if grade.weight <= 0 or grade.weight > 100:
            raise ValidationError(_("Hệ số quy đổi phải lớn hơn 0 và không quá 100."))
        TaskGrade.objects.update_or_create(
            task_id=task_id,
            defaults={"weight": grade.weight, "met_quality": grade.met_quality, "objective_cause": grade.objective_cause, "graded_by": user},
        )  # fmt: skip
    if grades:
        lines = selectors.product_lines(staff=staff, period=evaluation.period)
    disqualified = staff.pk in selectors.disqualified_in(ev.span(evaluation.period).year, [staff.pk])
    score = ev.score_period({k: Decimal(v) for k, v in clean.items()}, [line.product for line in lines], sch, disqualified=disqualified)  # fmt: skip
    evaluation.scheme = sch.key
    evaluation.marks, evaluation.review_note = clean, note.strip()
    evaluation.products = _snapshot(lines)
    evaluation.general = score.general
    evaluation.quantity, evaluation.quality, evaluation.progress = (
        score.results.quantity, score.results.quality, score.results.progress,
    )  # fmt: skip
    evaluation.results, evaluation.total = score.results.points, score.total
    evaluation.rating = score.rating.value if score.rating else ""
    evaluation.final_rating, evaluation.capped = "", False
    evaluation.status = EvaluationStatus.REVIEWED
    evaluation.reviewed_by, evaluation.reviewed_at = user, timezone.now()
    evaluation.save()
    return evaluation


@transaction.atomic
def approve_unit(*, user: User | None, unit: Unit, period: str, exempt: bool = False) -> list[Evaluation]:
    """The leader's approval of a unit's scored evaluations of the period: the cap on HTXSNV applied over
    the unit's evaluations of that period (NĐ 335: at most 20 % of the number rated HTTNV)."""
    if user is not None:
        require_capability(user, "evaluation.approve")
        check_unit(user, unit, write=True)
    ev.period_kind(period)
    group = list(
        Evaluation.objects.filter(
            staff__unit=unit, period=period, status__in=[EvaluationStatus.REVIEWED, EvaluationStatus.APPROVED]
        ).exclude(total__isnull=True)
    )
    sch = selectors.scheme()
    rated = [
        ev.Rated(e.pk, e.total, ev.Rating(e.rating), e.results or Decimal(0))
        for e in group
        if e.total is not None
    ]
    final = {c.key: c for c in ev.apply_cap(rated, sch.excellent_cap, exempt=exempt)}
    now = timezone.now()
    for e in group:
        c = final[e.pk]
        e.final_rating, e.capped = c.rating.value, c.capped
        e.status, e.approved_by, e.approved_at = EvaluationStatus.APPROVED, user, now
        e.save()
    return group


@transaction.atomic
def lock_annual(*, user: User | None, unit: Unit, year: int, exempt: bool = False) -> list[AnnualRating]:
    """Record the annual rating of a unit's staff (mean of the approved period scores, discipline → KHTNV),
    the cap applied within the unit; the page shows the legal date (NĐ 335 Art. 21: before 15/12)."""
    if user is not None:
        require_capability(user, "evaluation.approve")
        check_unit(user, unit, write=True)
    people = selectors.sorted_staff(
        StaffRecord.objects.filter(unit=unit, is_active=True).select_related("unit")
    )
    rows = selectors.annual_rows_of(people, year)
    sch = selectors.scheme()
    rated = [
        ev.Rated(r.staff.pk, r.annual.score, r.annual.rating, Decimal(0))
        for r in rows
        if r.annual.rating is not None and r.annual.score is not None
    ]
    final = {c.key: c for c in ev.apply_cap(rated, sch.excellent_cap, exempt=exempt)}
    out = []
    for r in rows:
        if r.annual.rating is None:
            continue
        c = final.get(r.staff.pk)
        rating = c.rating if c else r.annual.rating
        record, _created = AnnualRating.objects.update_or_create(
            staff=r.staff, year=year,
            defaults={"score": r.annual.score, "rating": rating.value, "capped": bool(c and c.capped), "disqualified": r.disqualified, "approved_by": user},
        )  # fmt: skip
        out.append(record)
    return out
