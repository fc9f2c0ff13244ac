"""REST API of the documents app (django-ninja), with the same permissions as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from cchc.apps.core.paging import DEFAULT_LIMIT, page
from cchc.apps.org.access import declare, require_capability
from cchc.domain.documents.verify import report_vi

from . import exports, selectors
from .services import incoming
from .uploads import clean_pdf

router = Router(tags=["Văn bản"])


class DocumentOut(Schema):
    id: int
    number_symbol: str
    doc_type: str
    subject: str
    unit: str
    status: str
    issue_date: date | None
    is_electronic: bool
    digitally_signed: bool


def _require(request, capability: str) -> None:  # type: ignore[no-untyped-def]
    try:
        require_capability(request.user, capability)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


@router.get("/documents", response=list[DocumentOut])
@declare("documents.view")
def document_list(request, status: str = "", q: str = "", limit: int = DEFAULT_LIMIT, offset: int = 0):  # type: ignore[no-untyped-def]
    _require(request, "documents.view")
    qs = page(selectors.documents(user=request.user, status=status, query=q), limit=limit, offset=offset)
    return [
        DocumentOut(
            id=d.pk, number_symbol=d.number_symbol, doc_type=d.doc_type, subject=d.subject, unit=d.unit.name,
            status=d.status, issue_date=d.issue_date, is_electronic=d.is_electronic,
            digitally_signed=d.digitally_signed,
        )
        for d in qs
    ]  # fmt: skip


class RegisterOut(Schema):
    year: int
    columns: list[str]
    count: int  # rows in the register for the year; ``entries`` is one page of them
    entries: list[dict[str, Any]]


@router.get("/registers/{direction}", response=RegisterOut)
@declare("documents.view", direction=("di", "den"))
def register_entries(  # type: ignore[no-untyped-def]
    request, direction: str, year: int | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
):
    """Register rows with the columns of NĐ 30/2020 Phụ lục IV, as objects keyed by column name;
    ``count`` rows in all, ``entries`` from ``offset`` (at most ``limit``, capped as every list)."""
    _require(request, "documents.view")
    year = year or timezone.localdate().year
    convert: Callable[[Any], list[object]]
    found: QuerySet[Any]
    if direction == "di":
        columns, convert = exports.OUTGOING_COLUMNS, exports.outgoing_row
        found = selectors.outgoing_register(user=request.user, year=year)
    elif direction == "den":
        columns, convert = exports.INCOMING_COLUMNS, exports.incoming_row
        found = selectors.incoming_register(user=request.user, year=year)
    else:
        raise HttpError(404, "Sổ không tồn tại: dùng 'di' hoặc 'den'.")
    rows = map(convert, page(found, limit=limit, offset=offset))
    return {
        "year": year,
        "columns": columns,
        "count": found.count(),
        "entries": [dict(zip(columns, row, strict=True)) for row in rows],
    }


@router.post("/verify")
@declare(None, "documents.view")
def verify(request, file: UploadedFile = File(...)):  # type: ignore[no-untyped-def]  # noqa: B008
    """Upload a PDF, get the verification of every signature (JSON) and the Vietnamese report."""
    _require(request, "documents.view")
    try:
        data = clean_pdf(file)  # same checks as the pages: .pdf, size, header, strict parse, no actions
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    result = incoming.verify_upload(data)
    return {**result.to_dict(), "report": report_vi(result)}
