"""Writes of the periodic CCHC reports: generate, edit the sections' texts, refresh the figures (the edited
texts stay), issue, and turn the report into a drafted document (numbering and signing as any other).

Every function checks ``reports.create`` and the unit (cchc.apps.org.access); ``user`` None is the CLI or the
demo loader. Changes go to the audit trail (django-auditlog, registered in apps.py, actor set by the
middleware or ``auditlog.context.set_actor``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, deciders, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.reports import content as rc
from cchc.domain.reports.outline import fill
from cchc.domain.reports.periods import report_period

from . import generate
from .models import Report, ReportStatus

MAX_TEXT = 20_000  # characters of one section's text


def _may(user: User | None, unit: Unit) -> None:
    if user is not None:
        require_capability(user, "reports.create")
        check_unit(user, unit, write=True)


def _draft_only(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Báo cáo đã ban hành, không sửa được nữa."))


def build_report(*, unit: Unit, period: str, user: User | None = None, today: date | None = None) -> Report:
    """The report of ``unit`` for ``period`` ("2026-Q1", "2026-H1", "2026"), not saved: figures generated,
    each section's default text filled in (BadReportPeriod for a period that cannot be read)."""
    p = report_period(period)
    outline = generate.current_outline()
    values = rc.placeholder_values(p, unit.name)
    sections = generate.collect(unit, p, outline, today=today)
    return Report(
        unit=unit, period=p.text, kind=p.kind.value, title=fill(outline.title, values)[:500],
        outline_name=outline.name, due_on=p.due, figures=rc.sections_as_json(sections),
        texts=rc.default_texts(outline, values), generated_at=timezone.now(), created_by=user, updated_by=user,
    )  # fmt: skip


@transaction.atomic
def create_report(*, user: User | None, unit: Unit, period: str, today: date | None = None) -> Report:
    """A draft report of ``unit`` for ``period``, saved (:func:`build_report`)."""
    _may(user, unit)
    report = build_report(unit=unit, period=period, user=user, today=today)
    report.save()
    return report


@transaction.atomic
def save_texts(*, user: User | None, report: Report, texts: dict[str, str]) -> Report:
    """Keep the texts the user wrote for the sections of the outline (other keys are refused)."""
    _may(user, report.unit)
    _draft_only(report)
    outline = generate.current_outline()
    keys = {s.key for s in outline.sections}
    unknown = sorted(set(texts) - keys)
    if unknown:
        raise ValidationError(_("Đề cương không có mục “%(key)s”.") % {"key": unknown[0]})
    merged = dict(report.texts)
    for key, text in texts.items():
        text = text.replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Nội dung một mục dài quá %(n)s ký tự.") % {"n": f"{MAX_TEXT:,}".replace(",", ".")}
            )
        merged[key] = text
    report.texts = merged
    report.updated_by = user
    report.save(update_fields=["texts", "updated_by", "updated_at"])
    return report


@transaction.atomic
def refresh_figures(*, user: User | None, report: Report, today: date | None = None) -> Report:
    """Measure every figure again ("Cập nhật số liệu"); the sections' texts are not touched."""
    _may(user, report.unit)
    _draft_only(report)
    p = report_period(report.period)
    sections = generate.collect(report.unit, p, generate.current_outline(), today=today)
    report.figures = rc.sections_as_json(sections)
    report.generated_at = timezone.now()
    report.updated_by = user
    report.save(update_fields=["figures", "generated_at", "updated_by", "updated_at"])
    return report


@transaction.atomic
def issue_report(*, user: User | None, report: Report, day: date | None = None) -> Report:
    """The report is final: its figures and texts are frozen; the day counts for ``reports.on_time_share``."""
    _may(user, report.unit)
    _draft_only(report)
    report.status = ReportStatus.ISSUED
    report.issued_on = day or timezone.localdate()
    report.updated_by = user
    report.save(update_fields=["status", "issued_on", "updated_by", "updated_at"])
    return report


def document_data(report: Report) -> dict[str, Any]:
    """The fields of the outgoing document the report becomes (documents.services.drafting)."""
    outline = generate.current_outline()
    p = report_period(report.period)
    values = rc.placeholder_values(p, report.unit.name)
    blocks = rc.body(outline, rc.sections_from_json(report.figures), report.texts, values)
    lines = [b if isinstance(b, str) else f"{b.number} {b.text}".strip() for b in blocks]
    signer = next(iter(deciders(report.unit, "documents.sign")), None)
    return {
        "doc_type": "BAO_CAO", "subject": report.title, "addressees": "\n".join(outline.addressees),
        "body": "\n".join(lines), "closing": fill(outline.closing, values),
        "recipients": "\n".join(outline.recipients) or "Như trên",
        "signer": signer, "signatory_name": signer.get_full_name() if signer else "",
        "signatory_position": (signer.position if signer else "") or "Giám đốc",
    }  # fmt: skip


@transaction.atomic
def create_document(*, user: User, report: Report) -> Any:
    """ "Tạo văn bản dự thảo": the report becomes a drafted document of its unit, numbered and signed through
    the documents app's own flow; the report keeps the link."""
    _may(user, report.unit)
    if report.document_id is not None:
        raise ValidationError(_("Báo cáo đã có văn bản dự thảo."))
    from cchc.apps.documents.services import drafting

    document = drafting.create_draft(user=user, unit=report.unit, data=document_data(report))
    report.document = document
    report.updated_by = user
    report.save(update_fields=["document", "updated_by", "updated_at"])
    return document
