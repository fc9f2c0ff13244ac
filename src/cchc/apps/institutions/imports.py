"""Importing the register of legal documents and the findings of a review round: upload check → preview
(nothing written) → import the valid rows, every rejected row kept with its reasons on the batch page.

Parsing is the domain's (:mod:`cchc.domain.institutions.tables`); this module adds what needs the database:
the unit named by a register row must exist and lie in the importer's write scope; a findings row must name
a document of the chosen round, which must still be open. :func:`analyse` serves the preview and the import,
so what is shown is what is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core import imports as common
from cchc.apps.core.imports import Analysis, validate_upload
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import unit_lookup
from cchc.domain.institutions.tables import DocumentRow, FindingRow, parse
from cchc.domain.text import fold

from . import services
from .models import BatchKind, ImportBatch, ReviewRound

STASH = common.Stash("institutions-imports")
stash_upload, stashed_path = STASH.put, STASH.path
__all__ = ["Analysis", "analyse", "import_file", "stash_upload", "stashed_path", "validate_upload"]


def analyse(
    path: Path, *, user: User | None, unit: Unit, kind: str, rnd: ReviewRound | None = None
) -> Analysis:
    """Parse ``path`` as ``kind`` ("documents" / "findings"); add a rejection for each row whose unit or
    document is unknown or outside the importer's write scope."""
    result, analysis = common.start(lambda: parse(path, kind), kind=kind)
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
                common.reject(analysis, row, reasons)
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
                common.reject(analysis, row, [reason])
            else:
                analysis.records.append((row, item))
    return common.finish(analysis)


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
    common.store(batch, imported=len(analysis.records), rejected=analysis.rejected)
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
