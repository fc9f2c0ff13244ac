"""Scanned letters: an import draft whose PDF has no text layer is read by OCR in a background job
(:func:`cchc.apps.directives.jobs.ocr_import_draft`, which runs :mod:`cchc.apps.directives.running`), then
extracted like any other upload. The draft keeps
the job's progress (pages done / pages in all) for the review screen, and ``parsed["ocr"] = True`` so that the
screen says the text came from OCR."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from cchc.apps.org.access import require_capability
from cchc.apps.org.models import User

from .. import jobs
from ..models import ImportDraft


def create_scanned_draft(*, user: User, name: str, data: bytes) -> ImportDraft:
    """A draft waiting for OCR, and its job queued after the transaction commits."""
    require_capability(user, "directives.import")
    draft = ImportDraft(name=name, text="", parsed={}, created_by=user, ocr_status="pending")
    draft.file.save(name, ContentFile(data), save=False)
    draft.save()
    transaction.on_commit(lambda: jobs.ocr_import_draft.enqueue(draft_id=draft.pk))
    return draft
