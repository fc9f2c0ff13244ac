"""Reads of the periodic CCHC reports (the overview's reads are in selectors.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cchc.apps.org.access import check_unit, scope_queryset
from cchc.apps.org.models import Unit, User

from .models import Report, ReportStatus


def report_list(*, user: User) -> QuerySet[Report]:
    return scope_queryset(user, Report.objects.select_related("unit", "created_by"), unit_field="unit")


def report_detail(*, user: User, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("unit", "document"), pk=pk)
    check_unit(user, report.unit)
    return report


def on_time_counts(
    *, unit: Unit | None, start: date, end: date, today: date | None = None
) -> tuple[int, int]:
    """(on time, judged) over the (unit, period) pairs whose reports are due in [start, end]: a pair is judged
    once one of its reports is issued or its due date has passed, and on time when one was issued by then."""
    today = today or timezone.localdate()
    qs = Report.objects.filter(due_on__gte=start, due_on__lte=end)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    pairs: dict[tuple[int, str], tuple[bool, bool]] = {}
    for unit_id, period, due, status, issued_on in qs.values_list(
        "unit_id", "period", "due_on", "status", "issued_on"
    ):
        issued_by_due = status == ReportStatus.ISSUED and issued_on is not None and issued_on <= due
        issued = status == ReportStatus.ISSUED and issued_on is not None
        judged, on_time = pairs.get((unit_id, period), (False, False))
        pairs[(unit_id, period)] = (judged or issued or due < today, on_time or issued_by_due)
    judged_pairs = [v for v in pairs.values() if v[0]]
    return sum(1 for _j, ok in judged_pairs if ok), len(judged_pairs)
