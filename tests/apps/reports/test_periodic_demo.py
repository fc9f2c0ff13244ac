"""The demo department's quý I 2026 CCHC report (the draft `cchc demo` leaves): every figure in it is derived
again here with this test's own ORM and SQL queries — not the report's code nor the modules' selectors — and
must be equal; every figure carries its reference (source key, unit of measure, the §8 window, the query)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cchc.apps.core.demo import load_all
from cchc.apps.org.models import Unit
from cchc.domain.reports.content import sections_from_json
from cchc.domain.reports.periods import report_period

Counts = tuple[int | None, int | None, Decimal | None]  # numerator, denominator, value
Q1 = report_period("2026-Q1")


def _pct(n: int, d: int) -> Decimal | None:
    return None if not d else (Decimal(100) * n / d).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _tasks(root: Unit, part: str) -> Counts:
    from cchc.apps.directives.models import Task

    today = timezone.localdate()
    due = on_time = overdue = 0
    for t in Task.objects.filter(unit__path__startswith=root.path):
        if t.due_on is None or not (Q1.start <= t.due_on <= Q1.end) or t.status == "cancelled":
            continue
        if t.recurrence and t.parent_id is None:  # a recurring template, not an occurrence
            continue
        due += 1
        if t.status == "done":
            on_time += t.completed_on is not None and t.completed_on <= t.due_on
        elif t.due_on < today:
            overdue += 1
    n = on_time if part == "on_time" else overdue
    return n, due, _pct(n, due)


def _reports(root: Unit) -> Counts:
    from cchc.apps.reports.models import Report

    today = timezone.localdate()
    pairs: dict[tuple[int, str], list[Report]] = {}
    for r in Report.objects.filter(unit__path__startswith=root.path):
        if Q1.start <= r.due_on <= Q1.end:
            pairs.setdefault((r.unit_id, r.period), []).append(r)
    judged = ok = 0
    for reports in pairs.values():
        issued = [r for r in reports if r.status == "issued" and r.issued_on]
        if issued or reports[0].due_on < today:
            judged += 1
            ok += any(r.issued_on <= r.due_on for r in issued)
    return ok, judged, _pct(ok, judged)


def _reviewed(root: Unit) -> Counts:
    from cchc.apps.institutions.models import ReviewItem

    items = [
        i for i in ReviewItem.objects.select_related("round").filter(round__unit__path__startswith=root.path)
        if Q1.start <= (i.round.due_on or i.round.cutoff or timezone.localdate(i.round.created_at)) <= Q1.end
    ]  # fmt: skip
    n = sum(1 for i in items if i.effect)
    return n, len(items), _pct(n, len(items))


def _procedures(root: Unit, check: str) -> Counts:
    from cchc.apps.procedures.models import Procedure, SimplificationPlan

    plans = list(
        SimplificationPlan.objects.select_related("procedure").filter(
            year=Q1.end.year, procedure__unit__path__startswith=root.path
        )
    )
    if check == "review_share":
        catalogue = Procedure.objects.filter(unit__path__startswith=root.path, status="active").count()
        return None, None, _pct(sum(p.reviewed for p in plans), catalogue) if catalogue else None
    internal = check.startswith("internal")
    field = "cost" if check.endswith("cost_cut") else "time"
    before = after = Decimal(0)
    usable = False
    for p in plans:
        if p.procedure.is_internal != internal:
            continue
        b = getattr(p, f"{field}_before")
        a = 0 if p.abolish else getattr(p, f"{field}_after")
        if b is None or a is None:
            continue
        usable = True
        before, after = before + Decimal(b), after + Decimal(a)
    value = None if not usable or before == 0 else ((before - after) * 100 / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # fmt: skip
    return None, None, value


def _dossiers(root: Unit, numerator: str, denominator: str) -> Counts:
    """Counted in the DuckDB store with this test's own SQL over the raw dossier columns."""
    from cchc.apps.dossiers.storage import open_store

    codes = list(Unit.objects.filter(path__startswith=root.path).values_list("code", flat=True))
    start = datetime(Q1.start.year, Q1.start.month, Q1.start.day)
    end = datetime.combine(Q1.end + timedelta(days=1), datetime.min.time())
    marks = ", ".join("?" for _ in codes)
    sql = (
        f"SELECT count(*) FILTER (WHERE {numerator}), count(*) FILTER (WHERE {denominator}) FROM dossiers "
        f"WHERE received_at >= ? AND received_at < ? AND unit_code IN ({marks})"
    )
    with open_store() as store:
        n, d = store.con.execute(sql, [start, end, *codes]).fetchone()
    return n, d, _pct(n, d)


NO_PAPER = "(COALESCE(result_required, FALSE) = FALSE OR COALESCE(e_result, FALSE))"
# 2.1: on time when at most one supplement request and processing ended (finished, else the pending
# supplement request, else just before the cut-off: the day after the window) minus the supplement days
# by the due time.
_END = (
    "CASE WHEN finished_at < TIMESTAMP '{cut}' THEN finished_at "
    "WHEN supplement_pending_at < TIMESTAMP '{cut}' THEN supplement_pending_at "
    "ELSE TIMESTAMP '{cut}' - INTERVAL '1 second' END"
).format(cut=f"{Q1.end + timedelta(days=1)} 00:00:00")
ON_TIME = (
    "CASE WHEN COALESCE(supplement_count, 0) > 1 THEN FALSE WHEN due_at IS NULL THEN TRUE "
    f"ELSE epoch({_END}) - COALESCE(supplement_days, 0) * 86400 <= epoch(due_at) END"
)


def _online(root: Unit) -> Counts:
    """3.3 is multiplied by 1.4 (the share of dossiers synced to the national portal, where the export says)."""
    n, d, _value = _dossiers(root, f"channel = 2 AND {NO_PAPER}", "TRUE")
    synced, known, _ = _dossiers(root, "synced", "synced IS NOT NULL")
    assert n is not None and d is not None and synced is not None and known is not None
    if not d:
        return n, d, None
    factor = Decimal(synced) / known if known else Decimal(1)
    return n, d, (Decimal(100) * n / d * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _digital_skills(root: Unit) -> Counts:
    from cchc.apps.people.models import Attendance, StaffRecord

    staff = StaffRecord.objects.filter(is_active=True, unit__path__startswith=root.path).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=Q1.end)
    )
    ids = set(staff.values_list("id", flat=True))
    trained = set(
        Attendance.objects.filter(
            staff_id__in=ids,
            course__digital_skills=True,
            completed_on__isnull=False,
            completed_on__lte=Q1.end,
        ).values_list("staff_id", flat=True)
    )
    return len(trained), len(ids), _pct(len(trained), len(ids))


def _good_rating(root: Unit) -> Counts:
    from cchc.apps.people.models import Evaluation

    # Evaluation periods count in the window holding their middle day: with quarterly evaluations the §8
    # quý I (15/12/2025 → 14/3/2026) holds calendar Q1 (middle 14/02), not Q4/2025 (middle 15/11).
    kind = settings.PEOPLE_EVALUATION_PERIOD
    periods = {"quarter": ["2026-Q1"], "month": ["2025-12", "2026-01", "2026-02"]}[kind]
    rated = Evaluation.objects.filter(status="approved", period__in=periods, staff__unit__path__startswith=root.path)  # fmt: skip
    good = rated.filter(final_rating__in=["htxsnv", "httnv"]).count()
    return good, rated.count(), _pct(good, rated.count())


def _disclosures(root: Unit) -> Counts:
    from cchc.apps.finance.models import Disclosure

    today = min(Q1.end, timezone.localdate())
    ok = judged = 0
    for d in Disclosure.objects.filter(unit__path__startswith=root.path, year=Q1.end.year):
        if d.published_on is not None and d.due_date is not None:
            judged += 1
            ok += d.published_on <= d.due_date
        elif d.published_on is None and d.due_date is not None and d.due_date < today:
            judged += 1
    return ok, judged, _pct(ok, judged)


def _e_signed(root: Unit) -> Counts:
    from cchc.apps.documents.models import OutgoingDocument

    issued = OutgoingDocument.objects.filter(
        unit__path__startswith=root.path, status="issued", secrecy="", issue_date__gte=Q1.start,
        issue_date__lte=Q1.end,
    )  # fmt: skip
    signed = issued.filter(is_electronic=True, digitally_signed=True).count()
    return signed, issued.count(), _pct(signed, issued.count())


REDERIVE: dict[str, Callable[[Unit], Counts]] = {
    "tasks.on_time_share": lambda u: _tasks(u, "on_time"),
    "tasks.overdue_share": lambda u: _tasks(u, "overdue"),
    "reports.on_time_share": _reports,
    "institutions.reviewed_share": _reviewed,
    "procedures.time_cut": lambda u: _procedures(u, "time_cut"),
    "procedures.reviewed_share": lambda u: _procedures(u, "review_share"),
    "procedures.internal_time_cut": lambda u: _procedures(u, "internal_time_cut"),
    "procedures.internal_cost_cut": lambda u: _procedures(u, "internal_cost_cut"),
    "index766.2.1": lambda u: _dossiers(u, ON_TIME, "TRUE"),
    "index766.3.3": lambda u: _online(u),
    "index766.3.6": lambda u: _dossiers(u, "fee_amount > 0 AND paid_online IN (1, 2)", "fee_amount > 0"),
    "index766.4.2": lambda u: _dossiers(u, f"attachments_digitised AND {NO_PAPER}", "TRUE"),
    "people.digital_skills_share": _digital_skills,
    "people.good_rating_share": _good_rating,
    "finance.disclosure_on_time_share": _disclosures,
    "documents.e_signed_share": _e_signed,
}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_all()
    return Unit.objects.get(parent__isnull=True, abbreviation="SVHTTDL")


def test_every_figure_of_the_demo_q1_report_equals_the_database(demo):
    from cchc.apps.reports.models import Report

    report = Report.objects.get(unit=demo, period="2026-Q1")
    assert report.status == "draft" and report.due_on == date(2026, 3, 20)
    figures = [f for s in sections_from_json(report.figures).values() for f in s.figures]
    assert {f.key for f in figures} == set(REDERIVE)  # every source the outline names is installed here
    measured = 0
    for f in figures:
        assert (f.start, f.end) == (date(2025, 12, 15), date(2026, 3, 14))
        assert f.reference == f"{f.key} · % · 15/12/2025–14/03/2026 · {f.query_id}" and f.query_id
        numerator, denominator, value = REDERIVE[f.key](demo)
        if numerator is not None:
            assert (f.numerator, f.denominator) == (numerator, denominator), f.key
        if value is None or f.value is None:
            assert value == f.value, f.key
        else:
            assert abs(f.value - value) < Decimal("0.006"), (f.key, f.value, value)
            measured += 1
    assert measured >= 5  # the demo has data in the window: not a comparison of empty figures
