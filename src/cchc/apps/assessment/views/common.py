"""What the assessment's views share: the year's assessment or a redirect, number input, file answers."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, parse_decimal

from .. import selectors
from ..models import Assessment

YEARS = ("2026",)  # the value the route × role suite fills the year with
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class NoAssessment(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def year_assessment(request: AuthenticatedRequest, year: int) -> Assessment:
    """The user's organisation's assessment of ``year``; without one, back to the list with a message."""
    found = selectors.assessment(user=request.user, year=year)
    if found is None:
        messages.info(request, _("Năm %(y)s chưa có bản tự đánh giá.") % {"y": year})
        raise NoAssessment(redirect("assessment:index"))
    return found


def decimal_or_none(text: str, label: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except NumberFormatError:
        raise UserError(_("%(f)s: “%(v)s” không phải là số.") % {"f": label, "v": text[:40]}) from None


def file_response(content: bytes, name: str, kind: str) -> HttpResponse:
    from cchc.apps.core.downloads import safe_filename

    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(name)}"'
    return response
