"""Excel exports of the legal-document review, through the one safe writer (cchc.domain.cells.workbook:
strings are text cells, never formulas). The headers are those the import reads back."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cchc.domain.cells import workbook
from cchc.domain.dates import format_vn_date

from .models import LegalDocument, ReviewItem, ReviewRound


def _response(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _sheet(name: str, headers: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet(name)
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "font_name": "Times New Roman", "text_wrap": True, "valign": "top"})
    for col, h in enumerate(headers):
        sheet.write(0, col, h, head)
        sheet.set_column(col, col, 6 if col == 0 else 22)
    for i, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write(i, col, value, cell)
    book.close()
    return buf.getvalue()


def documents_xlsx(documents: Sequence[LegalDocument]) -> HttpResponse:
    headers = [
        _("STT"), _("Số, ký hiệu"), _("Loại văn bản"), _("Trích yếu"), _("Cơ quan ban hành"), _("Ngày ban hành"),
        _("Ngày có hiệu lực"), _("Quan hệ với đơn vị"), _("Tình trạng hiệu lực"), _("Đơn vị"),
    ]  # fmt: skip
    rows = [
        [
            i,
            d.symbol,
            d.doc_type,
            d.title,
            d.issuer,
            format_vn_date(d.issued_on),
            format_vn_date(d.effective_on),
            str(d.get_relation_display()),
            str(d.get_effect_display()),
            d.unit.code,
        ]
        for i, d in enumerate(documents, start=1)
    ]
    return _response(_sheet("Danh muc van ban", headers, rows), "danh-muc-van-ban.xlsx")


def findings_xlsx(rnd: ReviewRound, items: Sequence[ReviewItem]) -> HttpResponse:
    headers = [
        _("STT"), _("Số, ký hiệu"), _("Trích yếu"), _("Kết quả rà soát"), _("Hình thức xử lý"),
        _("Lý do, nội dung đề nghị"), _("Ngày rà soát"), _("Tình trạng đề nghị"), _("Ngày xử lý xong"),
        _("Nhiệm vụ liên quan"),
    ]  # fmt: skip
    rows = [
        [
            n,
            i.document.symbol,
            i.document.title,
            str(i.get_effect_display()),
            str(i.get_form_display()),
            i.reason,
            format_vn_date(i.reviewed_on),
            str(i.get_proposal_status_display()) if i.proposal_status else "",
            format_vn_date(i.handled_on),
            i.task.summary if i.task else "",
        ]
        for n, i in enumerate(items, start=1)
    ]
    return _response(_sheet("Ket qua ra soat", headers, rows), f"ket-qua-ra-soat-{rnd.pk}.xlsx")
