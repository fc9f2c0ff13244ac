"""Read-only queries for people, always through the user's scope (cchc.apps.org.access).

A person's tasks are read through the directives app's selector (:func:`work_items`), never its models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from cchc.apps.directives.selectors import WorkItem, work_items
from cchc.apps.org.access import can_see_discipline, can_see_personal, scope_queryset, visible_units
from cchc.apps.org.models import Unit, User
from cchc.domain.measures import span
from cchc.domain.people import evaluation as ev
from cchc.domain.people import training as tr

from .models import (
    PERSONAL_FIELDS,
    RATING_TEXT,
    AnnualRating,
    Attendance,
    Course,
    DisciplineRecord,
    Evaluation,
    EvaluationStatus,
    ImportBatch,
    StaffRecord,
    TaskGrade,
)


def scheme() -> ev.Scheme:
    return ev.scheme(settings.PEOPLE_EVALUATION_SCHEME)


def training_rule() -> tr.Rule:
    return tr.parse_rule(settings.PEOPLE_DIGITAL_SKILLS_RULE)


# --- Staff --------------------------------------------------------------------------------------------


def staff_queryset(*, user: User) -> QuerySet[StaffRecord]:
    return scope_queryset(user, StaffRecord.objects.select_related("unit", "user"))


def unit_key(unit: Unit) -> tuple[int, int, str]:
    """Units the way the organisation lists them: the Sở first, then by their order, then by name."""
    return (unit.depth, unit.order, unit.name)


def sorted_staff(records: Iterable[StaffRecord]) -> list[StaffRecord]:
    """Grouped by unit (the organisation's order), people by tên then họ đệm (cchc.domain.names)."""
    return sorted(records, key=lambda s: (unit_key(s.unit), s.sort_key, s.code))


def staff_list(
    *, user: User, unit_id: int | None = None, query: str = "", active: bool = True
) -> list[StaffRecord]:
    qs = staff_queryset(user=user)
    if active:
        qs = qs.filter(is_active=True)
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if query:
        words = query.split()
        for w in words:
            qs = qs.filter(
                Q(family_name__icontains=w) | Q(given_name__icontains=w) | Q(code__icontains=w)
                | Q(rank__icontains=w) | Q(job_position__icontains=w)
            )  # fmt: skip
    return sorted_staff(qs)


def staff_detail(*, user: User, pk: int) -> StaffRecord:
    return get_object_or_404(staff_queryset(user=user), pk=pk)


def own_record(*, user: User) -> StaffRecord | None:
    return StaffRecord.objects.select_related("unit").filter(user=user).first()


def personal_data(*, user: User, staff: StaffRecord) -> dict[str, Any] | None:
    """The record's personal data when ``user`` may see it (access.can_see_personal), else None."""
    if not can_see_personal(user, staff.unit, staff.user_id):
        return None
    return {name: getattr(staff, name) for name in PERSONAL_FIELDS}


def discipline_of(*, user: User, staff: StaffRecord) -> list[DisciplineRecord] | None:
    if not can_see_discipline(user, staff.unit, staff.user_id):
        return None
    return list(staff.discipline.all())


def disqualified_in(year: int, staff_ids: Iterable[int]) -> set[int]:
    """Staff disciplined (khiển trách or heavier: every form) in ``year``: rated KHTNV that year."""
    return set(
        DisciplineRecord.objects.filter(staff_id__in=list(staff_ids), decided_on__year=year).values_list(
            "staff_id", flat=True
        )
    )


def units_for_forms(*, user: User) -> QuerySet[Unit]:
    return visible_units(user).filter(is_active=True)


# --- Training ------------------------------------------------------------------------------------------


def statuses(staff_ids: Iterable[int], *, on: date | None = None) -> dict[int, tr.Status]:
    records: dict[int, list[tr.Attendance]] = {}
    for staff_id, digital, completed, certificate in Attendance.objects.filter(
        staff_id__in=list(staff_ids)
    ).values_list("staff_id", "course__digital_skills", "completed_on", "certificate"):
        records.setdefault(staff_id, []).append(tr.Attendance(digital, completed, certificate))
    return {sid: tr.status(records.get(sid, []), on=on) for sid in staff_ids}


@dataclass
class TrainingRow:
    unit: Unit | None  # None: the total
    share: tr.Share
    statuses: dict[str, int] = field(default_factory=dict)


def _active_staff(unit: Unit | None, on: date | None) -> QuerySet[StaffRecord]:
    qs = StaffRecord.objects.filter(is_active=True)
    if on is not None:
        qs = qs.filter(Q(started_on__isnull=True) | Q(started_on__lte=on))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def headcount(*, on: date) -> dict[tuple[int, str], int]:
    """{(unit id, staff kind): active staff recruited by ``on``} — the actual biên chế the staffing page
    reads for the current year (org.staffing; the register keeps no leaving date, so past years are
    entered, not counted)."""
    rows = _active_staff(None, on).values("unit_id", "staff_kind").annotate(n=Count("id")).order_by()
    return {(r["unit_id"], r["staff_kind"]): r["n"] for r in rows}


def digital_skills_share(*, unit: Unit | None, year: int, on: date | None = None) -> tr.Share:
    """Active staff of ``unit``'s subtree (None: all) trained by ``on`` (the rule of the settings)."""
    ids = list(_active_staff(unit, on).values_list("id", flat=True))
    return tr.trained_share(statuses(ids, on=on).values(), year, training_rule())


def training_by_unit(*, user: User, year: int, on: date | None = None) -> list[TrainingRow]:
    """Per unit of the user's scope (each unit's own staff), then the total of the scope."""
    staff = list(staff_queryset(user=user).filter(is_active=True))
    if on is not None:
        staff = [s for s in staff if s.started_on is None or s.started_on <= on]
    return _training_rows(staff, year, on)


def _training_rows(staff: list[StaffRecord], year: int, on: date | None) -> list[TrainingRow]:
    st = statuses([s.pk for s in staff], on=on)
    rule = training_rule()
    by_unit: dict[int, list[StaffRecord]] = {}
    units: dict[int, Unit] = {}
    for s in staff:
        by_unit.setdefault(s.unit_id, []).append(s)
        units[s.unit_id] = s.unit
    rows = []
    for unit_id in sorted(by_unit, key=lambda u: unit_key(units[u])):
        people = by_unit[unit_id]
        rows.append(TrainingRow(units[unit_id], tr.trained_share([st[p.pk] for p in people], year, rule), _count(st[p.pk] for p in people)))  # fmt: skip
    rows.append(TrainingRow(None, tr.trained_share(st.values(), year, rule), _count(st.values())))
    return rows


def _count(values: Iterable[tr.Status]) -> dict[str, int]:
    out = {s.value: 0 for s in tr.Status}
    for v in values:
        out[v.value] += 1
    return out


def course_list(*, user: User) -> QuerySet[Course]:
    return scope_queryset(user, Course.objects.select_related("unit"))


def course_detail(*, user: User, pk: int) -> Course:
    return get_object_or_404(course_list(user=user), pk=pk)


def course_attendance(*, user: User, course: Course) -> list[Attendance]:
    """The attendance of a course, only of the staff the user may see."""
    visible = staff_queryset(user=user)
    rows = Attendance.objects.filter(course=course, staff__in=visible).select_related("staff__unit")
    return sorted(rows, key=lambda a: (unit_key(a.staff.unit), a.staff.sort_key))


# --- Evaluation -----------------------------------------------------------------------------------------


@dataclass
class ProductLine:
    item: WorkItem
    grade: TaskGrade | None
    product: ev.Product
    points: tuple[Decimal, Decimal, Decimal]  # quantity, quality, progress points (in weight units)


def product_lines(*, staff: StaffRecord, period: str) -> list[ProductLine]:
    """The person's products of the period: their directive tasks, graded by the unit head."""
    if staff.user_id is None:
        return []
    days = span(period)
    items = work_items(assignee_ids=[staff.user_id], start=days.start, end=days.end)
    grades = {g.task_id: g for g in TaskGrade.objects.filter(task_id__in=[i.task_id for i in items])}
    sch = scheme()
    lines = []
    for item in items:
        grade = grades.get(item.task_id)
        met = item.done if grade is None or grade.met_quality is None else grade.met_quality
        product = ev.Product(
            weight=grade.weight if grade else Decimal(1),
            completed=item.done,
            met_quality=met,
            quality_failures=item.returned,
            delays=1 if item.late else 0,
            objective_cause=bool(grade and grade.objective_cause),
            label=item.label,
        )
        lines.append(ProductLine(item, grade, product, ev.product_points(product, sch.penalty)))
    return lines


def evaluation_queryset(*, user: User) -> QuerySet[Evaluation]:
    return scope_queryset(
        user, Evaluation.objects.select_related("staff__unit", "staff__user"), "staff__unit"
    )


def evaluation_detail(*, user: User, pk: int) -> Evaluation:
    return get_object_or_404(evaluation_queryset(user=user), pk=pk)


def own_evaluation(*, user: User, period: str) -> tuple[StaffRecord | None, Evaluation | None]:
    staff = own_record(user=user)
    if staff is None:
        return None, None
    return staff, Evaluation.objects.filter(staff=staff, period=period).first()


def own_evaluations(*, staff: StaffRecord) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(staff=staff).order_by("-period")


@dataclass
class PeriodRow:
    staff: StaffRecord
    evaluation: Evaluation | None


def period_rows(*, user: User, period: str, unit_id: int | None = None) -> list[PeriodRow]:
    """Every active person of the scope with their evaluation of the period (None when not started)."""
    people = staff_list(user=user, unit_id=unit_id)
    found = {
        e.staff_id: e for e in Evaluation.objects.filter(period=period, staff__in=[p.pk for p in people])
    }
    return [PeriodRow(p, found.get(p.pk)) for p in people]


@dataclass
class UnitRollup:
    unit: Unit
    staff: int
    evaluated: int
    approved: int
    mean: Decimal | None
    counts: dict[str, int]


def rollup(rows: Iterable[PeriodRow]) -> list[UnitRollup]:
    """Per unit: people, evaluated (a score), approved, mean score and how many of each rating."""
    by_unit: dict[int, list[PeriodRow]] = {}
    units: dict[int, Unit] = {}
    for r in rows:
        by_unit.setdefault(r.staff.unit_id, []).append(r)
        units[r.staff.unit_id] = r.staff.unit
    out = []
    for unit_id in sorted(by_unit, key=lambda u: unit_key(units[u])):
        group = by_unit[unit_id]
        scored = [r.evaluation.total for r in group if r.evaluation and r.evaluation.total is not None]
        ratings = [
            ev.Rating(r.evaluation.shown_rating) if r.evaluation and r.evaluation.shown_rating else None
            for r in group
        ]
        out.append(
            UnitRollup(
                unit=units[unit_id],
                staff=len(group),
                evaluated=len(scored),
                approved=sum(
                    1 for r in group if r.evaluation and r.evaluation.status == EvaluationStatus.APPROVED
                ),
                mean=ev.q2(sum(scored, Decimal(0)) / len(scored)) if scored else None,
                counts=ev.distribution(ratings),
            )
        )
    return out


@dataclass
class AnnualRow:
    staff: StaffRecord
    scores: dict[str, Decimal | None]
    annual: ev.Annual
    disqualified: bool
    locked: AnnualRating | None
    cells: list[Decimal | None] = field(default_factory=list)  # the period scores in the year's order

    @property
    def label(self) -> str:
        return str(RATING_TEXT[self.annual.rating.value]) if self.annual.rating else ""


def annual_rows(*, user: User, year: int, unit_id: int | None = None) -> list[AnnualRow]:
    """The year of each person of the scope: approved period scores → annual mean and rating."""
    return annual_rows_of(staff_list(user=user, unit_id=unit_id), year)


def annual_rows_of(people: list[StaffRecord], year: int) -> list[AnnualRow]:
    kind = settings.PEOPLE_EVALUATION_PERIOD
    periods = ev.periods_of(year, kind)
    scores: dict[int, dict[str, Decimal | None]] = {p.pk: {} for p in people}
    for e in Evaluation.objects.filter(
        staff__in=[p.pk for p in people], period__in=periods, status=EvaluationStatus.APPROVED
    ):
        scores[e.staff_id][e.period] = e.total
    bad = disqualified_in(year, scores)
    locked = {a.staff_id: a for a in AnnualRating.objects.filter(year=year, staff__in=[p.pk for p in people])}
    sch = scheme()
    return [
        AnnualRow(
            p, scores[p.pk], ev.annual(scores[p.pk], year, kind, sch, disqualified=p.pk in bad), p.pk in bad,
            locked.get(p.pk), [scores[p.pk].get(period) for period in periods],
        )
        for p in people
    ]  # fmt: skip


def batches(*, user: User) -> QuerySet[ImportBatch]:
    return scope_queryset(user, ImportBatch.objects.select_related("unit", "created_by"))


def batch_detail(*, user: User, pk: int) -> ImportBatch:
    return get_object_or_404(batches(user=user), pk=pk)


def rated_counts(*, unit: Unit | None, period: str) -> tuple[int, int]:
    """(rated HTTNV or above, rated) among the approved evaluations of ``period`` — a month, a quarter, a
    year or any window ("2025-12-15..2026-03-14", a report's §8 quarter): the evaluation periods whose middle
    day falls in it (:func:`cchc.domain.people.evaluation.periods_within`) — of ``unit``'s subtree (None:
    all)."""
    days = span(period)
    wanted = set(ev.periods_within(days.start, days.end, settings.PEOPLE_EVALUATION_PERIOD))
    label = period.strip().upper()
    if re.fullmatch(r"\d{4}-(Q[1-4]|\d{2})", label):
        wanted.add(label)  # an evaluation period named as such, whatever the configured kind
    qs = Evaluation.objects.filter(status=EvaluationStatus.APPROVED, period__in=sorted(wanted))
    if unit is not None:
        qs = qs.filter(staff__unit__path__startswith=unit.path)
    ratings = list(qs.values_list("final_rating", flat=True))
    good = sum(1 for r in ratings if r in (ev.Rating.EXCELLENT, ev.Rating.GOOD))
    return good, len(ratings)


# --- Without a user's scope: the CLI and the measured sources -----------------------------------------


def training_rows(*, unit: Unit | None, year: int, on: date | None = None) -> list[TrainingRow]:
    """:func:`training_by_unit` over ``unit``'s subtree (None: everything), for the CLI."""
    staff = list(_active_staff(unit, on).select_related("unit"))
    return _training_rows(staff, year, on)


def period_rows_all(*, unit: Unit | None, period: str) -> list[PeriodRow]:
    qs = StaffRecord.objects.filter(is_active=True).select_related("unit", "user")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    people = sorted_staff(qs)
    found = {
        e.staff_id: e for e in Evaluation.objects.filter(period=period, staff__in=[p.pk for p in people])
    }
    return [PeriodRow(p, found.get(p.pk)) for p in people]
