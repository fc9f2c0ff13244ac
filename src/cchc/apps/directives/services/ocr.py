"""Scanned letters: an import draft whose PDF has no text layer is read by OCR in a background job
(:func:`cchc.apps.directives.jobs.ocr_import_draft`), then extracted like any other upload. The draft keeps
the job's progress (pages done / pages in all) for the review screen, and ``parsed["ocr"] = True`` so that the
screen says the text came from OCR."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from cchc.apps.org.access import require_capability, visible_units
from cchc.apps.org.models import User
from cchc.domain.directives import DirectiveInputError

from ..models import ImportDraft

log = logging.getLogger("cchc.directives.ocr")


def scanned_draft_create(*, user: User, name: str, data: bytes) -> ImportDraft:
    """A draft waiting for OCR, and its job queued after the transaction commits."""
    from ..jobs import ocr_import_draft

    require_capability(user, "directives.import")
    draft = ImportDraft(name=name, text="", parsed={}, created_by=user, ocr_status="pending")
    draft.file.save(name, ContentFile(data), save=False)
    draft.save()
    transaction.on_commit(lambda: ocr_import_draft.enqueue(draft_id=draft.pk))
    return draft


def ocr_draft_run(*, draft_id: int) -> str:
    from cchc.domain.directives.ocr import extract_scanned, ocr_pdf

    from ..extraction import org_units

    draft = ImportDraft.objects.select_related("created_by").get(pk=draft_id)
    if draft.ocr_status == "done":
        return "done"  # a repeated job changes nothing
    ImportDraft.objects.filter(pk=draft_id).update(ocr_status="running", ocr_error="")

    def progress(done: int, total: int) -> None:
        ImportDraft.objects.filter(pk=draft_id).update(ocr_pages_done=done, ocr_pages_total=total)

    try:
        with draft.file.open("rb") as fh:
            data = fh.read()
        text = ocr_pdf(data, progress)
        units = list(visible_units(draft.created_by).order_by("path"))
        parsed_letter = extract_scanned(text, org_units=org_units(units))
    except DirectiveInputError as exc:
        ImportDraft.objects.filter(pk=draft_id).update(ocr_status="failed", ocr_error=str(exc))
        return "failed"
    except Exception:
        log.exception("OCR of import draft %s failed", draft_id)
        ImportDraft.objects.filter(pk=draft_id).update(
            ocr_status="failed", ocr_error="Không nhận dạng được bản quét (lỗi hệ thống); hãy thử lại sau."
        )
        raise
    parsed = parsed_letter.to_dict()
    parsed["ocr"] = True
    ImportDraft.objects.filter(pk=draft_id).update(text=parsed_letter.text, parsed=parsed, ocr_status="done")
    return "done"
