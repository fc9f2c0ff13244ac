"""The web side of a register import (finance, institutions, people): upload → preview (nothing written) →
confirm (the valid rows are written, every rejected row kept with its reasons) → batch page.

An app's views keep their own ``@declare``, capability check, form and the rendering of its valid rows;
:class:`ImportFlow` does the steps that are the same everywhere: remembering the stashed upload in the
session, reading it back, the confirmation (write, drop the stash, the success message, the batch page) and
the refusal of a table that cannot be read (a Vietnamese message, back to the upload page). The templates
``core/imports/*.html`` are the matching pieces of the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cchc.domain.errors import UserError

from .imports import Analysis, Stash
from .models import ImportBatchBase


@dataclass(frozen=True)
class ImportFlow:
    """One app's import: its session key, its stash and the names of its upload, preview and batch pages."""

    session_key: str
    stash: Stash
    upload_url: str
    preview_url: str
    batch_url: str

    def remember(self, request: HttpRequest, upload: Any, **pending: Any) -> HttpResponse:
        """Stash ``upload`` and keep it (with ``pending``: unit, kind…) in the session for the preview."""
        request.session[self.session_key] = {
            "token": self.stash.put(upload),
            "file_name": upload.name,
            **pending,
        }
        return redirect(self.preview_url)

    def pending(self, request: HttpRequest) -> dict[str, Any]:
        """The upload waiting for confirmation (404 when there is none)."""
        pending = request.session.get(self.session_key)
        if not pending:
            raise Http404
        return pending

    def preview(
        self,
        request: HttpRequest,
        pending: dict[str, Any],
        *,
        analyse: Callable[[Path], Analysis],
        write: Callable[[Path], ImportBatchBase],
        show: Callable[[Analysis], HttpResponse],
    ) -> HttpResponse:
        """GET: ``show`` the analysis of the stashed file. POST: ``write`` it, then the batch page. A file
        that cannot be read (or has expired) sends the user back to the upload page with the reason."""
        try:
            path = self.stash.path(pending["token"])
            if request.method == "POST":
                batch = write(path)
                path.unlink(missing_ok=True)
                del request.session[self.session_key]
                messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi được giữ lại cùng lý do.") % {
                    "n": batch.imported_count, "r": batch.rejected_rows.count()})  # type: ignore[attr-defined]  # fmt: skip
                return redirect(self.batch_url, pk=batch.pk)
            analysis = analyse(path)
        except (ValidationError, UserError) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
            request.session.pop(self.session_key, None)
            return redirect(self.upload_url)
        return show(analysis)
