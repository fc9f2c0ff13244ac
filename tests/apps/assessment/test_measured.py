"""Measured criteria equal the owning modules' own figures (their selectors, not a copy of the rule)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.apps.assessment import services
from cchc.apps.assessment.models import Entry
from cchc.apps.directives.models import Directive, Task, TaskStatus
from cchc.apps.directives.selectors import task_timeliness
from cchc.apps.documents.selectors import e_signature_kpi
from cchc.apps.procedures.selectors import department_summary
from cchc.domain.measures import share

from .conftest import issue


def test_e_signed_share_equals_the_documents_kpi(cast, units) -> None:
    for signed in (True, True, True, False):
        issue(units["VP"], signed=signed, day=dt.date(2026, 3, 2))
    issue(units["QLVH"], signed=False, day=dt.date(2026, 4, 2))
    issue(units["QLVH"], signed=True, day=dt.date(2025, 4, 2))  # another year: not counted
    a = services.create_assessment(user=cast["vanphong"], year=2026, version=services.ensure_sample_set())
    e = Entry.objects.get(assessment=a, code="7.1.1")
    _rows, total = e_signature_kpi(
        user=None, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), unit=units[""]
    )
    assert (e.numerator, e.denominator) == (total.electronic_signed, total.issued) == (3, 5)
    assert e.measured_value == Decimal(str(total.share)) == Decimal(60)
    assert e.value == Decimal(60)  # the answer: 60 % reaches no band of 7.1.1 (≥ 80 %): 0 points
    assert e.measured_period == "2026" and e.measured_query == "documents.selectors.e_signature_kpi"
    assert e.measured_url.startswith("/van-ban/") and "2026" in e.measured_url
    from cchc.apps.assessment.selectors import self_score

    assert self_score(a).item("7.1.1").points == 0


def test_task_shares_equal_the_directives_figures(cast, units) -> None:
    d = Directive.objects.create(
        subject="Chỉ đạo", unit=units["VP"], created_by=cast["vanphong"], number="1/KH"
    )
    due = dt.date(2026, 5, 4)
    for i, (status, done) in enumerate([(TaskStatus.DONE, due), (TaskStatus.DONE, due), (TaskStatus.DONE, due + dt.timedelta(days=3)), (TaskStatus.IN_PROGRESS, None)]):  # fmt: skip
        Task.objects.create(directive=d, unit=units["QLVH"], number=str(i + 1), summary=f"Nhiệm vụ {i}",
                            deadline=due, due_on=due, status=status, completed_on=done)  # fmt: skip
    a = services.create_assessment(user=cast["vanphong"], year=2026, version=services.ensure_sample_set())
    on_time = Entry.objects.get(assessment=a, code="1.2.1")
    overdue = Entry.objects.get(assessment=a, code="1.2.2")
    from django.utils import timezone

    counts = task_timeliness(
        unit=units[""], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), today=timezone.localdate()
    )
    assert on_time.measured_value == share(counts.on_time, counts.due) == Decimal(50)
    assert (on_time.numerator, on_time.denominator) == (2, 4)
    assert overdue.measured_value == share(counts.overdue, counts.due)


def test_procedures_reviewed_share_equals_the_portfolio(cast, units, year_2026) -> None:
    e = Entry.objects.get(assessment=year_2026, code="3.1.1")
    summary = department_summary(root=units[""], year=2026)
    check = next(c for c in summary.checks if c.key == "review_share")
    assert e.measured_value == check.actual
    assert e.measured_query.endswith("#review_share")


def test_refresh_keeps_an_override_and_updates_the_figure(cast, units, year_2026) -> None:
    e = Entry.objects.get(assessment=year_2026, code="7.1.1")
    services.save_entry(user=cast["vanphong"], entry=e, value=Decimal(95), na=False, explanation="",
                        override_reason="Số liệu của hệ thống quản lý văn bản tỉnh")  # fmt: skip
    issue(units["VP"], signed=True, day=dt.date(2026, 6, 1))
    services.fill_measured(user=cast["vanphong"], assessment=year_2026)
    e.refresh_from_db()
    assert e.measured_value == Decimal(100) and e.value == Decimal(95) and e.overridden
