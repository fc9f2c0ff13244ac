"""The steps every register import shares (finance, institutions, people): the upload check, the stash that
keeps the file between preview and confirmation, turning a parse into an :class:`Analysis` (headers, valid
records, rejected rows, warnings) and storing a batch with every rejected row and its reasons.

Each app keeps what is its own: the parser of its tables, the checks that need its database (which unit,
which document, which staff code) and the writes through its services. The web side of the flow (upload →
preview → confirm → batch page) is :mod:`cchc.apps.core.importflow`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cchc.domain.procedures.tables import ParseResult, RejectedRow, TableError

from . import uploads
from .models import ImportBatchBase

EXTENSIONS = (".csv", ".xlsx")


@dataclass
class Analysis:
    """What the preview shows and the import writes: ``records`` are the app's (row, target…) tuples."""

    kind: str
    headers: list[str]
    records: list[Any]
    rejected: list[RejectedRow]
    warnings: list[str] = field(default_factory=list)
    profile: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected


def validate_upload(upload: UploadedFile) -> None:
    """A CSV or Excel table, checked through the safe readers (Vietnamese ValidationError otherwise)."""
    uploads.check_table_upload(upload, extensions=EXTENSIONS)


@dataclass(frozen=True)
class Stash:
    """Where an app keeps an uploaded table until its preview is confirmed (``DATA_DIR/tmp/<folder>``)."""

    folder: str

    def put(self, upload: UploadedFile) -> str:
        validate_upload(upload)
        return uploads.stash(upload, self.folder)

    def path(self, token: str) -> Path:
        return uploads.stashed(token, self.folder)


def start(
    parse: Callable[[], ParseResult[Any]], *, kind: str | None = None
) -> tuple[ParseResult[Any], Analysis]:
    """Run the app's parser; a table that cannot be read at all is a ValidationError with the parser's
    Vietnamese sentence. Returns the parse and an analysis holding its headers (the first row's columns),
    its rejected rows and warnings, with no record yet: the app adds the rows its database checks accept
    and rejects the others (then :func:`finish`)."""
    try:
        result = parse()
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    first = result.records[0].raw if result.records else result.rejected[0].raw if result.rejected else {}
    analysis = Analysis(
        kind=result.kind if kind is None else kind,
        headers=list(first),
        records=[],
        rejected=list(result.rejected),
        warnings=list(result.warnings),
        profile=result.profile,
    )
    return result, analysis


def reject(analysis: Analysis, row: Any, reasons: Iterable[str]) -> None:
    """Keep ``row`` (a parsed record with ``row_number`` and ``raw``) as rejected with ``reasons``."""
    analysis.rejected.append(RejectedRow(row.row_number, dict(row.raw), tuple(reasons)))


def finish(analysis: Analysis) -> Analysis:
    analysis.rejected.sort(key=lambda r: r.row_number)
    return analysis


def store(batch: ImportBatchBase, *, imported: int, rejected: Iterable[RejectedRow]) -> ImportBatchBase:
    """Record on ``batch`` how many rows were written and keep every rejected row with its reasons, in
    row order (call inside the import's transaction)."""
    batch.imported_count = imported
    batch.save(update_fields=["imported_count"])
    stored = batch.rejected_rows.model  # type: ignore[attr-defined]
    stored.objects.bulk_create(
        stored(batch=batch, row_number=r.row_number, raw=r.raw, reasons=list(r.reasons))
        for r in sorted(rejected, key=lambda r: r.row_number)
    )
    return batch
