"""Excel exports of the people app, through the one safe writer (cchc.domain.cells.workbook: strings are
text cells, never formulas). Personal columns are written only for a user who may see them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cchc.domain.cells import workbook
from cchc.domain.dates import format_vn_date
from cchc.domain.people.training import STATUS_LABELS, Status

from .models import StaffRecord


def _response(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def staff_xlsx(
    records: Sequence[StaffRecord], *, personal: bool, statuses: dict[int, Status]
) -> HttpResponse:
    """The staff register with the headers the import reads back; personal columns only when ``personal``."""
    headers = [
        _("STT"), _("Mã cán bộ"), _("Họ và tên"), _("Đơn vị"), _("Chức vụ"), _("Ngạch"), _("Vị trí việc làm"),
        _("Loại"), _("Kỹ năng số"),
    ]  # fmt: skip
    if personal:
        headers += [
            _("Ngày sinh"),
            _("Giới tính"),
            _("Số CCCD"),
            _("Điện thoại"),
            _("Email"),
            _("Ngày tuyển dụng"),
        ]
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet("Can bo")
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "font_name": "Times New Roman"})
    for col, h in enumerate(headers):
        sheet.write(0, col, h, head)
        sheet.set_column(col, col, 8 if col == 0 else 22)
    for i, s in enumerate(records, start=1):
        row = [
            i, s.code, s.full_name, s.unit.name, s.position, s.rank, s.job_position, s.get_staff_kind_display(),
            str(STATUS_LABELS[statuses.get(s.pk, Status.NOT_STARTED)]),
        ]  # fmt: skip
        if personal:
            row += [
                format_vn_date(s.birth_date), s.get_gender_display(), s.id_number, s.phone, s.email,
                format_vn_date(s.started_on),
            ]  # fmt: skip
        for col, value in enumerate(row):
            sheet.write(i, col, value, cell)
    book.close()
    return _response(buf.getvalue(), "ho-so-can-bo.xlsx")
