"""Every automatic criterion of the demo department's 2026 self-assessment equals the owning module's own
figure — its CLI output or its own selector/page, not the registry's copy of the query: tasks on time and
overdue (directives' timeliness), the e-signed share (the documents KPI), procedures reviewed and time cut
(the simplification portfolio), each 766 indicator (the dossiers scorecard page), staff trained in digital
skills (`cchc people training`), reports sent on time (reports), budget disclosures on time
(`cchc finance disclosures`). A criterion linked to a source with no comparison here fails the guard."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.apps.assessment import selectors
from cchc.apps.assessment.models import Assessment
from cchc.apps.core.measures import sources
from cchc.apps.org.models import Unit
from cchc.domain.measures import share

YEAR = 2026
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

# what the module says: (value, numerator, denominator); numerator/denominator None when it gives no counts
Figure = tuple[Decimal | None, int | None, int | None]
Compare = Callable[[Unit], Figure]


def _cli(*args: str) -> dict:  # type: ignore[type-arg]
    """The JSON a stable command prints."""
    import contextlib
    import io

    from cchc.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return json.loads(out.getvalue())


def _tasks(kind: str) -> Compare:
    def figure(root: Unit) -> Figure:
        from cchc.apps.directives.selectors import task_timeliness

        c = task_timeliness(unit=root, start=START, end=END, today=timezone.localdate())
        part = c.on_time if kind == "on_time" else c.overdue
        return share(part, c.due), part, c.due

    return figure


def _documents(root: Unit) -> Figure:
    from cchc.apps.documents.selectors import e_signature_kpi

    _rows, total = e_signature_kpi(user=None, start=START, end=END, unit=root)
    value = None if total.share is None else Decimal(str(total.share))
    return value, total.electronic_signed, total.issued


def _procedures(check: str) -> Compare:
    def figure(root: Unit) -> Figure:
        from cchc.apps.procedures.selectors import department_summary

        found = next(c for c in department_summary(root=root, year=YEAR).checks if c.key == check)
        return found.actual, None, None

    return figure


def _index766(indicator: str) -> Compare:
    def figure(root: Unit) -> Figure:
        from django.test import Client

        from cchc.apps.org.models import User

        client = Client()
        client.force_login(
            User.objects.get(username="giamdoc"), backend="django.contrib.auth.backends.ModelBackend"
        )
        page = client.get(reverse("dossiers:scorecard"), {"period": str(YEAR), "unit": root.pk})
        score = page.context["card"].card.indicators.get(indicator)  # the scorecard page the leader reads
        if score is None or score.ratio is None:
            return None, None, None
        return Decimal(str(score.ratio)), int(score.numerator), int(score.denominator)

    return figure


def _people(root: Unit) -> Figure:
    data = _cli("people", "training", "--year", str(YEAR), "--unit", root.code, "--json")
    total = next(u for u in data["units"] if u["unit"] is None)
    return Decimal(str(total["share"])), total["trained"], total["staff"]


def _finance(root: Unit) -> Figure:
    data = _cli("finance", "disclosures", "--year", str(YEAR), "--unit", root.code, "--json")
    value = None if data["share"] is None else Decimal(str(data["share"]))
    return value, data["on_time"], data["judged"]


def _self_financing(root: Unit) -> Figure:
    from cchc.apps.finance.selectors import self_financing_share

    n, total, value = self_financing_share(unit=root, year=YEAR)  # the autonomy register's own count
    return value, n, total


def _reports(root: Unit) -> Figure:
    import importlib

    reports = importlib.import_module("cchc.apps.reports.periodic_selectors")  # the reports app's own count
    on_time, judged = reports.on_time_counts(unit=root, start=START, end=END)
    return share(on_time, judged), on_time, judged


COMPARE: dict[str, Compare] = {
    "tasks.on_time_share": _tasks("on_time"),
    "tasks.overdue_share": _tasks("overdue"),
    "documents.e_signed_share": _documents,
    "procedures.reviewed_share": _procedures("review_share"),
    "procedures.time_cut": _procedures("time_cut"),
    "people.digital_skills_share": _people,
    "finance.disclosure_on_time_share": _finance,
    "finance.autonomy_self_financing_share": _self_financing,
    "reports.on_time_share": _reports,
}


def comparison(key: str) -> Compare | None:
    if key.startswith("index766."):
        return _index766(key.removeprefix("index766."))
    return COMPARE.get(key)


def test_every_linked_source_of_the_sample_has_acomparison() -> None:
    from cchc.domain.assessment.criteria import load_sample

    linked = {i.source for i in load_sample().items() if i.source}
    assert linked, "the sample set links no measured source"
    missing = sorted(k for k in linked if comparison(k) is None)
    assert not missing, f"add the owning module's own figure for {missing} to COMPARE"
    registered = {s.key for s in sources()}
    assert linked <= registered, sorted(linked - registered)


@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    from cchc.apps.core.demo import load_all

    settings.DATA_DIR = tmp_path
    load_all()
    root = Unit.objects.get(parent__isnull=True, abbreviation="SVHTTDL")
    return root, Assessment.objects.get(organisation=root, year=YEAR)


def test_every_automatic_criterion_equals_the_modules_own_figure(demo) -> None:
    root, a = demo
    cset = selectors.criteria_set(a.criteria_set)
    rows = selectors.entries(a)
    compared, with_value = [], []
    for item in cset.items():
        if not item.source:
            continue
        e = rows[item.code]
        figure = comparison(item.source)
        assert figure is not None, item.source
        value, numerator, denominator = figure(root)
        assert e.measured_value == value, (item.code, item.source, e.measured_value, value)
        if numerator is not None:
            assert (e.numerator, e.denominator) == (numerator, denominator), (item.code, item.source)
        assert e.measured_period == str(YEAR) and e.measured_label and e.measured_query
        compared.append(item.code)
        if value is not None:
            with_value.append(item.code)
    # the demo department has data for most of them: the comparison is not of empty figures
    assert len(compared) == sum(1 for i in cset.items() if i.source)
    assert len(with_value) >= len(compared) - 3, (compared, with_value)
    # the CLI prints the same measured values
    data = _cli("assessment", "score", "--year", str(YEAR), "--json")
    report = selectors.report(a)
    shown = {ln.code: ln.notes.measured for ln in report.lines if ln.scored}
    for c in data["criteria"]:
        if c["scored"]:
            assert (c["measured"] or "") == shown[c["code"]], c["code"]
