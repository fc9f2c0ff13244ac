"""Drafting: create and edit a draft, render it in the NĐ 30/2020 layout, send it for signature."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.documents import model as dm
from cchc.domain.documents.layout_docx import render_docx
from cchc.domain.documents.layout_pdf import render_pdf

from ..models import OutgoingDocument, Status
from .pdf_number import add_number_field

EDITABLE_FIELDS = (
    "doc_type", "subject", "addressees", "body", "closing", "signer", "signatory_name", "signatory_position",
    "signatory_authority", "signatory_on_behalf", "recipients", "archive_copies", "urgency", "secrecy",
    "is_electronic", "answers_task",
)  # fmt: skip


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def to_domain(document: OutgoingDocument, *, day: dt.date | None = None) -> dm.Document:
    """The domain value the layout renders; the number is left blank until issue."""
    org = document.organisation
    authority = (
        dm.Authority(document.signatory_authority) if document.signatory_authority else dm.Authority.NONE
    )
    return dm.Document(
        doc_type=dm.DocType[document.doc_type],
        parent_organ=org.parent_body,
        issuer=dm.issuer_name(org.name, org.parent_body),
        issuer_abbr=org.abbreviation,
        drafting_unit_abbr=document.unit.abbreviation,
        place=org.place_name or org.name,
        issue_date=day or document.issue_date or timezone.localdate(),
        subject=document.subject,
        signatory=dm.Signatory(
            full_name=document.signatory_name,
            position=document.signatory_position,
            authority=authority,
            on_behalf_of=document.signatory_on_behalf,
        ),
        recipients=dm.Recipients(
            lines=tuple(_lines(document.recipients)),
            archive_unit=document.unit.abbreviation,
            archive_copies=document.archive_copies,
        ),
        number=document.number,
        body=list(_lines(document.body)),
        addressees=tuple(_lines(document.addressees)),
        urgency=dm.Urgency[document.urgency],
        secrecy=dm.Secrecy[document.secrecy],
        closing=document.closing,
    )


def render_preview(document: OutgoingDocument, *, day: dt.date | None = None) -> bytes:
    """PDF for reading and signing: the domain layout plus the empty number field."""
    return add_number_field(render_pdf(to_domain(document, day=day)).data)


def _store_renderings(document: OutgoingDocument, *, day: dt.date | None = None) -> None:
    stem = f"van-ban-{document.pk}"
    document.pdf.save(f"{stem}.pdf", ContentFile(render_preview(document, day=day)), save=False)
    document.docx.save(f"{stem}.docx", ContentFile(render_docx(to_domain(document, day=day))), save=False)


@transaction.atomic
def create_draft(*, user: User, unit: Unit, data: dict[str, Any]) -> OutgoingDocument:
    require_capability(user, "documents.draft")
    check_unit(user, unit, write=True)
    document = OutgoingDocument(unit=unit, organisation=unit.root(), created_by=user)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(document, name, data[name])
    document.save()
    _store_renderings(document)
    document.save()
    return document


@transaction.atomic
def update_draft(*, user: User, document: OutgoingDocument, data: dict[str, Any]) -> OutgoingDocument:
    require_capability(user, "documents.draft")
    check_unit(user, document.unit, write=True)
    if document.status != Status.DRAFT:
        raise ValidationError(_("Chỉ sửa được văn bản ở trạng thái dự thảo."))
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(document, name, data[name])
    _store_renderings(document)
    document.save()
    return document


@transaction.atomic
def submit_for_signing(*, user: User, document: OutgoingDocument) -> OutgoingDocument:
    require_capability(user, "documents.draft")
    check_unit(user, document.unit, write=True)
    if document.status != Status.DRAFT:
        raise ValidationError(_("Văn bản không ở trạng thái dự thảo."))
    if document.is_electronic and document.signer_id is None:
        # Only the designated signer may sign (signing.check_designated_signer): name them now.
        raise ValidationError(_("Chọn người ký trước khi trình ký văn bản điện tử."))
    document.status = Status.PENDING
    document.save(update_fields=["status", "updated_at"])
    return document


@transaction.atomic
def return_to_draft(*, user: User, document: OutgoingDocument) -> OutgoingDocument:
    """The signer sends a draft back for changes (only before anyone has signed)."""
    if not user.is_authenticated:
        raise PermissionDenied
    require_capability(user, "documents.sign")
    check_unit(user, document.unit, write=True)
    if document.status != Status.PENDING:
        raise ValidationError(_("Chỉ trả lại được văn bản đang chờ ký."))
    document.status = Status.DRAFT
    document.save(update_fields=["status", "updated_at"])
    return document
