"""Hồ sơ lưu trữ: ingest with SHA-256 fixity, periodic fixity checks, ZIP export with Phụ lục VI XML."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from pypdf import PdfReader

from cchc.apps.org.access import archive_keepers, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.documents import metadata
from cchc.domain.documents.fixity import check_fixity, sha256_file

from ..models import ArchivedItem, ArchiveFile, FixityCheck, OutgoingDocument, Status, Urgency

log = logging.getLogger(__name__)
PRIORITY: dict[str, int] = {Urgency.NORMAL: 0, Urgency.KHAN: 1, Urgency.THUONG_KHAN: 2, Urgency.HOA_TOC: 3}


def create_archive_file(*, user: User, unit: Unit, data: dict[str, Any]) -> ArchiveFile:
    require_capability(user, "documents.archive")
    check_unit(user, unit, write=True)
    return ArchiveFile.objects.create(unit=unit, organisation=unit.root(), **data)


@transaction.atomic
def add_document(*, user: User, archive_file: ArchiveFile, document: OutgoingDocument) -> ArchivedItem:
    """Copy the issued file into the archive and record its SHA-256 at ingest."""
    require_capability(user, "documents.archive")
    check_unit(user, archive_file.unit, write=True)
    if document.status != Status.ISSUED:
        raise ValidationError(_("Chỉ đưa vào hồ sơ văn bản đã ban hành."))
    source = document.signed_pdf or document.pdf
    if not source:
        raise ValidationError(_("Văn bản chưa có tệp để lưu trữ."))
    with source.open("rb") as fh:
        data = fh.read()
    order = (archive_file.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = ArchivedItem(archive_file=archive_file, document=document, order=order, size=len(data))
    item.file.save(
        f"{archive_file.file_catalog}-{archive_file.file_notation}-{order:03d}.pdf",
        ContentFile(data),
        save=False,
    )
    item.sha256 = sha256_file(item.file.path)  # hash what was written, not what we meant to write
    item.save()
    return item


def check_items(items: Iterable[ArchivedItem]) -> list[FixityCheck]:
    """Re-hash each item and record the result (a missing file is a failed check)."""
    results = []
    for item in items:
        outcome = check_fixity(item.file.path, item.sha256)  # a missing file is a failed check
        check = FixityCheck(
            item=item, ok=outcome.ok, actual_sha256=outcome.actual or "", message=outcome.message
        )
        check.save()
        results.append(check)
    return results


def alert_coordinators(failures: list[FixityCheck]) -> int:
    """E-mail the CCHC coordinators (văn phòng) of the organisations concerned; returns mails sent."""
    if not failures:
        return 0
    lines = [f"- {c.item.archive_file}: {c.item.file.name} — {c.message}" for c in failures]
    roots = {c.item.archive_file.organisation.path for c in failures}
    recipients = [u.email for u in archive_keepers(roots) if u.email]
    log.error("fixity mismatch in %d archived files", len(failures))
    if not recipients:
        return 0
    subject = _("[CCHC] Cảnh báo: %(n)d tệp lưu trữ không còn nguyên vẹn") % {"n": len(failures)}
    return send_mail(subject, "\n".join(lines), None, recipients, fail_silently=True)


def run_fixity_check(*, item_ids: list[int] | None = None) -> tuple[int, list[FixityCheck]]:
    items = ArchivedItem.objects.select_related("archive_file__organisation")
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    checks = check_items(items)
    failures = [c for c in checks if not c.ok]
    alert_coordinators(failures)
    return len(checks), failures


def _page_count(path: str) -> int:
    try:
        return len(PdfReader(path).pages)
    except Exception:  # a damaged file still gets exported; its page count is unknown
        return 0


def to_dossier(archive_file: ArchiveFile) -> metadata.Dossier:
    code = metadata.FileCode(archive_file.organ_id, archive_file.file_catalog, archive_file.file_notation)
    docs = []
    for item in archive_file.items.select_related("document__organisation"):
        d = item.document
        if d is None:
            continue
        assert d.issue_date is not None  # only issued documents are archived (archive_document)
        docs.append(
            metadata.OutgoingDocument(
                file_code=code, doc_ordinal=item.order, type_name=d.type_label, code_number=f"{d.number:02d}",
                code_notation=d.symbol, issued_date=d.issue_date, organ_name=d.organisation.name, subject=d.subject,
                page_amount=_page_count(item.file.path),
                signer=metadata.SignerInfo(d.signatory_position, d.signatory_name),
                priority=PRIORITY.get(d.urgency, 0), sha256=item.sha256,
            )
        )  # fmt: skip
    return metadata.Dossier(
        file_code=code, title=archive_file.title, maintenance=archive_file.maintenance, rights=archive_file.rights,
        creator=archive_file.creator, start_date=archive_file.start_date, end_date=archive_file.end_date,
        language=archive_file.language, page_total=sum(x.page_amount for x in docs),
        description=archive_file.description, documents=docs,
    )  # fmt: skip


def export_zip(archive_file: ArchiveFile) -> bytes:
    """The hồ sơ as a ZIP: its PDFs and the Phụ lục VI XML (hoso.xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in archive_file.items.all():
            with item.file.open("rb") as fh:
                zf.writestr(f"{item.order:03d}.pdf", fh.read())
        zf.writestr("hoso.xml", metadata.dossier_to_xml(to_dossier(archive_file)))
    return buf.getvalue()


def send_archive_reminders(files: Iterable[ArchiveFile]) -> int:
    files = list(files)
    if not files:
        return 0
    lines = [f"- {f.file_notation} “{f.title}”: hạn nộp lưu {f.due_date:%d/%m/%Y}" for f in files]
    recipients = [u.email for u in archive_keepers() if u.email]
    if recipients:
        send_mail(_("[CCHC] Hồ sơ đến hạn nộp lưu"), "\n".join(lines), None, recipients, fail_silently=True)
    return len(files)
