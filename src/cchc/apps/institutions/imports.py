"""Importing the register of legal documents and the findings of a review round: upload check → preview
(nothing written) → import the valid rows, every rejected row kept with its reasons on the batch page.

Parsing is the domain's (:mod:`cchc.domain.institutions.tables`); this module adds what needs the database:
the unit named by a register row must exist and lie in the importer's write scope; a findings row must name
a document of the chosen round, which must still be open. :func:`analyse` serves the preview and the import,
so what is shown is what is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core import uploads
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.apps.people.imports import unit_lookup, validate_upload
from cchc.domain.institutions.tables import DocumentRow, FindingRow, RejectedRow, TableError, parse
from cchc.domain.text import fold

from . import services
from .models import BatchKind, ImportBatch, ReviewRound
from .models import RejectedRow as StoredRejection

STASH_DIR = "institutions-imports"
__all__ = ["Analysis", "analyse", "import_file", "stash_upload", "stashed_path", "validate_upload"]


@dataclass
class Analysis:
    kind: str
    headers: list[str]
    records: list[Any]
    rejected: list[RejectedRow]
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def stash_upload(upload: Any) -> str:
    validate_upload(upload)
    return uploads.stash(upload, STASH_DIR)


def stashed_path(token: str) -> Path:
    return uploads.stashed(token, STASH_DIR)


def analyse(
    path: Path, *, user: User | None, unit: Unit, kind: str, rnd: ReviewRound | None = None
) -> Analysis:
    """Parse ``path`` as ``kind`` ("documents" / "findings"); add a rejection for each row whose unit or
    document is unknown or outside the importer's write scope."""
    try:
        result = parse(path, kind)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    first = result.records[0].raw if result.records else result.rejected[0].raw if result.rejected else {}
    analysis = Analysis(kind, list(first), [], list(result.rejected), list(result.warnings))
    if kind == BatchKind.DOCUMENTS:
        units = unit_lookup(unit)
        for row in result.records:
            target = units.get(fold(row.unit)) if row.unit else unit
            reasons = []
            if target is None:
                reasons.append(_("Không có đơn vị “%(u)s” trong tổ chức.") % {"u": row.unit})
            elif not target.path.startswith(unit.path):
                reasons.append(_("Đơn vị “%(u)s” không thuộc đơn vị đã chọn.") % {"u": row.unit})
            elif user is not None and not can_access_unit(user, target, write=True):
                reasons.append(_("Đơn vị “%(u)s” ngoài phạm vi bạn được cập nhật.") % {"u": row.unit})
            if reasons:
                analysis.rejected.append(RejectedRow(row.row_number, dict(row.raw), tuple(reasons)))
            else:
                analysis.records.append((row, target))
    else:
        if rnd is None:
            raise ValidationError(_("Chọn đợt rà soát để nhập kết quả."))
        if rnd.done_on is not None:
            raise ValidationError(_("Đợt rà soát đã kết thúc; không nhập kết quả được nữa."))
        items = {fold(i.document.symbol): i for i in rnd.items.select_related("document", "round__unit")}
        for row in result.records:
            item = items.get(fold(row.symbol))
            if item is None:
                reason = _("Văn bản “%(s)s” không có trong đợt rà soát này.") % {"s": row.symbol}
                analysis.rejected.append(RejectedRow(row.row_number, dict(row.raw), (reason,)))
            else:
                analysis.records.append((row, item))
    analysis.rejected.sort(key=lambda r: r.row_number)
    return analysis


@transaction.atomic
def import_file(
    path: Path,
    *,
    user: User | None,
    unit: Unit,
    kind: str,
    rnd: ReviewRound | None = None,
    file_name: str = "",
) -> ImportBatch:
    """Write the valid rows; keep each rejected row with its reasons in the batch (nothing is lost)."""
    if user is not None:
        require_capability(user, services.MANAGE)
        check_unit(user, rnd.unit if rnd is not None else unit, write=True)
    analysis = analyse(path, user=user, unit=rnd.unit if rnd is not None else unit, kind=kind, rnd=rnd)
    batch = ImportBatch.objects.create(
        kind=kind, file_name=file_name or path.name, unit=rnd.unit if rnd is not None else unit, round=rnd,
        headers=analysis.headers, warnings=analysis.warnings, created_by=user,
    )  # fmt: skip
    today = timezone.localdate()
    for record in analysis.records:
        if kind == BatchKind.DOCUMENTS:
            row, target = record
            _document(user, row, target)
        else:
            row, item = record
            _finding(user, row, item, today)
    batch.imported_count = len(analysis.records)
    batch.save(update_fields=["imported_count"])
    StoredRejection.objects.bulk_create(
        StoredRejection(batch=batch, row_number=r.row_number, raw=r.raw, reasons=list(r.reasons))
        for r in analysis.rejected
    )
    return batch


def _document(user: User | None, row: DocumentRow, unit: Unit) -> None:
    services.put_document(
        actor=user, unit=unit, symbol=row.symbol, doc_type=row.doc_type, title=row.title, issuer=row.issuer,
        issued_on=row.issued_on, effective_on=row.effective_on, relation=row.relation, effect=row.effect,
    )  # fmt: skip


def _finding(user: User | None, row: FindingRow, item: Any, today: Any) -> None:
    services.put_finding(
        actor=user, item=item, effect=row.effect, form=row.form, reason=row.reason, on=row.reviewed_on or today,
        proposal_status=row.proposal_status, handled_on=row.handled_on,
    )  # fmt: skip
