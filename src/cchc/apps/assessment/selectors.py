"""Reads of the PAR self-assessment: the criteria set a year was scored with, the answers, the scores,
the table shared by the page and the exports, the gaps with the open tasks that would recover points, the
history across years and the evidence library."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cchc.apps.org.access import can_access_unit, has_capability, scope_queryset
from cchc.apps.org.models import Unit, User
from cchc.domain.assessment import gaps as domain_gaps
from cchc.domain.assessment import report as domain_report
from cchc.domain.assessment import workflow
from cchc.domain.assessment.criteria import CriteriaSet, Item, code_key, parse_set
from cchc.domain.assessment.scoring import Answer, SetScore, score_set
from cchc.domain.numbers import format_number

from .models import Assessment, Attachment, CriteriaSetVersion, Entry, EvidenceFile


def organisation_of(user: User) -> Unit | None:
    """The organisation (the Sở) whose assessment the user works on."""
    return user.unit.root() if user.unit_id else None  # type: ignore[union-attr]


@lru_cache(maxsize=64)
def _parsed(pk: int, stamp: str) -> CriteriaSet:
    version = CriteriaSetVersion.objects.get(pk=pk)
    return parse_set(version.header, version.rows, name=version.name)


def criteria_set(version: CriteriaSetVersion) -> CriteriaSet:
    """The domain set of a stored version (versions never change once saved: cached by id)."""
    return _parsed(version.pk, str(version.created_at))


def criteria_sets() -> QuerySet[CriteriaSetVersion]:
    return CriteriaSetVersion.objects.all()


def assessment(*, user: User, year: int) -> Assessment | None:
    organisation = organisation_of(user)
    if organisation is None:
        return None
    return (
        Assessment.objects.select_related("criteria_set", "organisation")
        .filter(organisation=organisation, year=year)
        .first()
    )


def assessments(*, user: User) -> QuerySet[Assessment]:
    organisation = organisation_of(user)
    qs = Assessment.objects.select_related("criteria_set")
    return qs.filter(organisation=organisation) if organisation is not None else qs.none()


def entries(a: Assessment) -> dict[str, Entry]:
    return {e.code: e for e in a.entries.select_related("unit").prefetch_related("attachments__evidence")}


def answer_of(item: Item, entry: Entry | None) -> Answer | None:
    if entry is None:
        return None
    if entry.na:
        return Answer(na=True)
    if item.rule.kind == "yes_no":
        return None if entry.value_yes is None else Answer(entry.value_yes)
    if entry.value is None:
        return None
    if item.rule.kind in ("count", "deduction"):
        return Answer(int(entry.value))
    return Answer(Decimal(entry.value).normalize())


def answers(cset: CriteriaSet, rows: dict[str, Entry]) -> dict[str, Answer]:
    out = {}
    for item in cset.items():
        a = answer_of(item, rows.get(item.code))
        if a is not None:
            out[item.code] = a
    return out


def self_score(
    a: Assessment, cset: CriteriaSet | None = None, rows: dict[str, Entry] | None = None
) -> SetScore:
    cset = cset or criteria_set(a.criteria_set)
    rows = rows if rows is not None else entries(a)
    return score_set(cset, answers(cset, rows), survey=a.survey)


def appraisal_score(a: Assessment, cset: CriteriaSet, rows: dict[str, Entry]) -> SetScore | None:
    """The council's scores as a set score (manual points per entry), None before any is entered. An entry
    self-scored "không phát sinh" and excluded from the total stays excluded when the council gives it no
    points (it agrees); points given count it in the total like any other."""
    if not any(e.appraisal_points is not None for e in rows.values()):
        return None
    excluded = {i.code for i in cset.items() if i.na == "exclude"}
    found = {
        c: Answer(na=True)
        if e.na and c in excluded and not e.appraisal_points
        else Answer(e.appraisal_points)
        for c, e in rows.items()
        if e.appraisal_points is not None
    }
    manual = _as_manual(cset)
    return score_set(manual, found, survey=a.survey)


def _as_manual(cset: CriteriaSet) -> CriteriaSet:
    """The same set with every entry scored by hand (the council's points are entered, not computed)."""
    from dataclasses import replace

    from cchc.domain.assessment.criteria import Rule

    fields = tuple(
        replace(f, criteria=tuple(
            replace(c, items=tuple(replace(i, rule=Rule("manual"), na="exclude" if i.na == "exclude" else "full") for i in c.items))
            for c in f.criteria
        ))
        for f in cset.fields
    )  # fmt: skip
    return replace(cset, fields=fields)


def evidence_names(rows: dict[str, Entry]) -> dict[str, set[str]]:
    """Entry code → the required evidence names with a file attached."""
    out: dict[str, set[str]] = {}
    for code, e in rows.items():
        out[code] = {att.requirement for att in e.attachments.all()}
    return out


def explained(rows: dict[str, Entry]) -> set[str]:
    return {c for c, e in rows.items() if e.explanation.strip()}


def measured_text(e: Entry | None) -> str:
    if e is None or e.measured_value is None:
        return ""
    text = format_number(e.measured_value, 2, strip_zeros=True)
    return f"{text}%" if e.measured_unit == "%" else f"{text} {e.measured_unit}".strip()


def notes(rows: dict[str, Entry]) -> dict[str, domain_report.EntryNotes]:
    return {
        code: domain_report.EntryNotes(
            measured=measured_text(e),
            source=f"{e.measured_label} ({e.measured_period})" if e.measured_label else "",
            evidence=tuple(att.evidence.name for att in e.attachments.all()),
            explanation=(e.override_reason if e.overridden else "") or e.explanation,
            difference=e.difference_reason,
            na=e.na,
        )
        for code, e in rows.items()
    }


def report(a: Assessment) -> domain_report.Report:
    """The table the page, the XLSX and the DOCX show."""
    cset = criteria_set(a.criteria_set)
    rows = entries(a)
    mine = self_score(a, cset, rows)
    council = appraisal_score(a, cset, rows)
    gap_list = gap_rows(a, cset=cset, rows=rows, score=mine)
    return domain_report.Report(
        organisation=a.organisation.name, year=a.year, set_name=cset.name, set_version=cset.version,
        sample=cset.sample, state=workflow.STATES[a.state],
        lines=tuple(domain_report.table_rows(cset, mine, council, notes(rows))),
        totals=domain_report.totals(cset, mine, council), gaps=tuple(gap_list),
    )  # fmt: skip


def levers(cset: CriteriaSet) -> dict[str, list[domain_gaps.Lever]]:
    """Open tasks whose targets are fed by an entry's measured source (directives.TargetSource)."""
    from cchc.apps.directives.selectors import source_links

    sources = {i.source: i.code for i in cset.items() if i.source}
    out: dict[str, list[domain_gaps.Lever]] = {}
    if not sources:
        return out
    for link in source_links(prefix=""):
        code = sources.get(link.source)
        task = link.target.task
        if code is None or task.status == "done":
            continue
        out.setdefault(code, []).append(
            domain_gaps.Lever(
                label=f"{task.directive.number or ''} — {task.number}. {task.summary}".strip(" —"),
                due=task.due_on,
                url=reverse("directives:task_detail", args=[task.pk]),
            )
        )
    return out


def gap_rows(a: Assessment, *, cset: CriteriaSet | None = None, rows: dict[str, Entry] | None = None,
             score: SetScore | None = None) -> list[domain_gaps.Gap]:  # fmt: skip
    cset = cset or criteria_set(a.criteria_set)
    rows = rows if rows is not None else entries(a)
    score = score or self_score(a, cset, rows)
    counts = {
        c: domain_gaps.Counts(e.measured_value, e.numerator, e.denominator)
        for c, e in rows.items()
        if e.measured_value is not None and not e.overridden
    }
    return domain_gaps.gaps(
        cset,
        score,
        evidence=evidence_names(rows),
        explained=explained(rows),
        counts=counts,
        levers=levers(cset),
    )


def blockers(a: Assessment, step: str) -> list[str]:
    cset = criteria_set(a.criteria_set)
    rows = entries(a)
    return workflow.blockers(
        step, cset, self_score(a, cset, rows), evidence=evidence_names(rows), explained=explained(rows),
        appraisal={c: e.appraisal_points for c, e in rows.items()},
        differences_explained={c for c, e in rows.items() if e.difference_reason.strip()},
    )  # fmt: skip


@dataclass(frozen=True)
class HistoryRow:
    year: int
    version: str
    fields: dict[str, Decimal]  # field code → points (the council's when entered)
    total: Decimal
    index: Decimal | None


def history(*, user: User) -> tuple[list[tuple[str, str]], list[HistoryRow]]:
    """Points per field for every year of the user's organisation (fields named by the latest set)."""
    out = []
    names: dict[str, str] = {}
    for a in assessments(user=user).order_by("year"):
        cset = criteria_set(a.criteria_set)
        rows = entries(a)
        score = appraisal_score(a, cset, rows) or self_score(a, cset, rows)
        out.append(
            HistoryRow(
                a.year, cset.version, {f.code: f.points for f in score.fields}, score.points, score.index
            )
        )
        names.update({f.code: f.name for f in cset.fields})
    return sorted(names.items(), key=lambda kv: code_key(kv[0])), out


# --- who may do what on an assessment (capabilities and scope come from org/access.py) --------------------


def may_manage(user: User, a: Assessment | None = None) -> bool:
    if not has_capability(user, "assessment.manage"):
        return False
    organisation = a.organisation if a is not None else organisation_of(user)
    return organisation is not None and can_access_unit(user, organisation, write=True)


def may_fill(user: User, a: Assessment, entry: Entry) -> bool:
    """The coordinator edits any entry until the leader's approval; a unit fills its own entries while
    the units are filling."""
    if a.state not in workflow.EDITABLE_SELF:
        return False
    if may_manage(user, a):
        return True
    return (
        a.state == workflow.FILLING
        and has_capability(user, "assessment.fill")
        and entry.unit is not None
        and can_access_unit(user, entry.unit, write=True)
    )


# --- the evidence library ---------------------------------------------------------------------------------


def library(*, user: User) -> QuerySet[EvidenceFile]:
    qs = EvidenceFile.objects.select_related("unit").prefetch_related("attachments__entry__assessment")
    return scope_queryset(user, qs, "unit")


def attachments_of(evidence: EvidenceFile) -> QuerySet[Attachment]:
    return evidence.attachments.select_related("entry__assessment")


@dataclass(frozen=True)
class Candidate:
    kind: str  # document | task_evidence
    model: str
    pk: int
    field: str
    name: str
    unit_id: int | None
    date: Any


def candidates(*, user: User, query: str = "", limit: int = 30) -> list[Candidate]:
    """Files cchc already stores that may serve as evidence: issued documents (signed PDF, else the PDF)
    and tasks' evidence files, in the user's scope."""
    from cchc.apps.directives.selectors import task_evidence
    from cchc.apps.documents.selectors import issued_documents

    out: list[Candidate] = []
    for doc in issued_documents(user=user, query=query)[:limit]:
        field = "signed_pdf" if doc.signed_pdf else "pdf"
        if not getattr(doc, field):
            continue
        name = f"{doc.number_symbol} — {doc.subject}" if doc.number_symbol else doc.subject
        out.append(
            Candidate(
                "document",
                "documents.OutgoingDocument",
                doc.pk,
                field,
                name[:300],
                doc.unit_id,
                doc.issue_date,
            )
        )
    for ev in task_evidence(user=user, query=query)[:limit]:
        out.append(
            Candidate(
                "task_evidence",
                "directives.Evidence",
                ev.pk,
                "file",
                ev.name[:300],
                ev.report.task.unit_id,
                timezone.localdate(ev.report.created_at),
            )
        )
    return out


def linked_years(evidence: Iterable[EvidenceFile]) -> dict[int, list[int]]:
    return {e.pk: sorted({a.entry.assessment.year for a in e.attachments.all()}) for e in evidence}


def reference_links(files: Iterable[EvidenceFile]) -> dict[int, str]:
    """Evidence id → its download URL: an upload through this app's download, a referenced file through
    the download of the module that stores it (with that module's own checks)."""
    from django.apps import apps

    from cchc.apps.core.downloads import download_url

    out: dict[int, str] = {}
    for e in files:
        if e.kind == "upload":
            out[e.pk] = download_url(e, "file")
            continue
        try:
            obj = apps.get_model(e.ref_model).objects.filter(pk=e.ref_pk).first()
        except LookupError:
            obj = None
        out[e.pk] = download_url(obj, e.ref_field) if obj is not None else ""
    return out


def year_assessments(*, year: int, organisation: str = "") -> list[Assessment]:
    """Every organisation's assessment of ``year`` (the CLI, without a user), or the one of ``organisation``
    (its code or abbreviation)."""
    qs = Assessment.objects.select_related("organisation", "criteria_set").filter(year=year)
    if organisation:
        qs = qs.filter(organisation__code=organisation) | qs.filter(
            organisation__abbreviation__iexact=organisation
        )
    return list(qs.order_by("organisation__code"))


def may_see_details(user: User, a: Assessment) -> bool:
    """Measured figures cover the whole organisation: the rows behind them are shown to who sees it all
    (a phòng's staff read the figure, not the other phòng's rows)."""
    return can_access_unit(user, a.organisation)
