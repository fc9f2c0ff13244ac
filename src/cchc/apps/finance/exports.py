"""Excel exports of the three finance registers through the one safe writer (cchc.domain.cells.workbook: strings
are text cells, never formulas). The headers are spellings the import reads back (data/finance_profiles.toml),
so an exported register can be corrected in Excel and imported again."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cchc.domain.cells import workbook
from cchc.domain.dates import format_vn_date

from .selectors import AssetRow, AutonomyRow, Row


def _xlsx(name: str, sheet_name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> HttpResponse:
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet(sheet_name)
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "font_name": "Times New Roman"})
    for col, h in enumerate(headers):
        sheet.write(0, col, h, head)
        sheet.set_column(col, col, 20)
    for i, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write(i, col, "" if value is None else value, cell)
    book.close()
    resp = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _num(value: Any) -> Any:
    return (
        int(value)
        if value is not None and value == int(value)
        else (float(value) if value is not None else "")
    )


def autonomy_xlsx(rows: Sequence[AutonomyRow], year: int) -> HttpResponse:
    headers = [
        _("Đơn vị"), _("Năm"), _("Nhóm tự chủ"), _("Số quyết định"), _("Ngày quyết định"), _("Giai đoạn phương án"),
        _("Nguồn thu sự nghiệp"), _("Chi thường xuyên"), _("Mức tự bảo đảm chi thường xuyên"),
        _("Tự bảo đảm chi đầu tư"), _("Nhóm mục tiêu"), _("Ghi chú"),
    ]  # fmt: skip
    data = [
        [
            r.record.unit.code, r.record.year, r.record.group, r.record.decision_number,
            format_vn_date(r.record.decision_date), r.record.plan_period, _num(r.record.revenue),
            _num(r.record.spending), _num(r.record.share), _("Có") if r.record.finances_investment else _("Không"),
            r.record.target_group or "", r.record.note,
        ]
        for r in rows
    ]  # fmt: skip
    return _xlsx(f"tu-chu-tai-chinh-{year}.xlsx", "Tu chu", headers, data)


def assets_xlsx(rows: Sequence[AssetRow]) -> HttpResponse:
    headers = [
        _("Đơn vị"), _("Mã tài sản"), _("Tên tài sản"), _("Loại tài sản"), _("Nguyên giá"), _("Giá trị còn lại"),
        _("Hiện trạng"), _("Không sử dụng từ ngày"), _("Hình thức xử lý"), _("Quyết định xử lý"),
        _("Ngày quyết định xử lý"), _("Ngày bàn giao tạm"), _("Tiến độ xử lý"), _("Ngày xử lý xong"), _("Ghi chú"),
    ]  # fmt: skip
    data = [
        [
            r.asset.unit.code, r.asset.code, r.asset.name, r.kind_label, _num(r.asset.value), _num(r.asset.book_value),
            r.status_label, format_vn_date(r.asset.idle_since), r.handling_label, r.asset.handling_decision,
            format_vn_date(r.asset.decided_on), format_vn_date(r.asset.handover_on), r.progress_label,
            format_vn_date(r.asset.handled_on), r.asset.note,
        ]
        for r in rows
    ]  # fmt: skip
    return _xlsx("tai-san-cong.xlsx", "Tai san", headers, data)


def disclosures_xlsx(rows: Sequence[Row], year: int) -> HttpResponse:
    headers = [
        _("Đơn vị"), _("Năm"), _("Nghĩa vụ"), _("Kỳ"), _("Ngày phát sinh"), _("Hạn công khai"), _("Ngày công khai"),
        _("Hình thức công khai"), _("Đường dẫn"), _("Số, ký hiệu văn bản công khai"), _("Trạng thái"),
    ]  # fmt: skip
    data = [
        [
            r.disclosure.unit.code, r.disclosure.year, r.label, r.disclosure.period,
            format_vn_date(r.disclosure.event_date), format_vn_date(r.disclosure.due_date),
            format_vn_date(r.disclosure.published_on), r.form_label, r.disclosure.link, r.disclosure.proof_document,
            r.status_label,
        ]
        for r in rows
    ]  # fmt: skip
    return _xlsx(f"cong-khai-ngan-sach-{year}.xlsx", "Cong khai", headers, data)
