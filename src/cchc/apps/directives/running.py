"""The worker's side of a scanned letter: read the import draft's PDF by OCR, page by page (progress on the
draft), then extract it like any other upload.

Separate from ``services.ocr`` (the user's side: create the draft, which enqueues ``jobs.ocr_import_draft``)
so the background job calls this module and ``services`` imports ``jobs``, with no import running back.
"""

from __future__ import annotations

import logging

from cchc.apps.org.access import visible_units
from cchc.domain.directives import DirectiveInputError
from cchc.domain.directives.ocr import extract_scanned, ocr_pdf

from .extraction import org_units
from .models import ImportDraft

log = logging.getLogger("cchc.directives.ocr")


def run_ocr_draft(*, draft_id: int) -> str:
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
