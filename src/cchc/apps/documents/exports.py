"""Excel exports of the registers with the columns of NĐ 30/2020 Phụ lục IV (XlsxWriter)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from cchc.domain.cells import workbook
from cchc.domain.dates import format_vn_date

from .models import IncomingDocument, OutgoingDocument

OUTGOING_COLUMNS = [
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký", "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
]  # fmt: skip
INCOMING_COLUMNS = [
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
]  # fmt: skip


def outgoing_row(d: OutgoingDocument) -> list[object]:
    recipients = "; ".join(line.strip() for line in d.recipients.splitlines() if line.strip())
    note = ("Văn bản điện tử, ký số" if d.digitally_signed else "Văn bản giấy") + (
        " · MẬT" if d.secrecy != "NONE" else ""
    )
    return [
        d.number_symbol, format_vn_date(d.issue_date), f"{d.type_label}: {d.subject}", d.signatory_name, recipients,
        d.unit.abbreviation, d.archive_copies, format_vn_date(d.issued_at), "", note,
    ]  # fmt: skip


def incoming_row(d: IncomingDocument) -> list[object]:
    return [
        format_vn_date(d.arrival_date), d.arrival_number, d.author, d.number_symbol, format_vn_date(d.doc_date), f"{d.type_name}: {d.subject}",
        d.receiving_unit.name, "", "", "Chữ ký số hợp lệ" if d.verification_ok else "",
    ]  # fmt: skip


def register_xlsx(title: str, columns: list[str], rows: Iterable[list[object]]) -> bytes:
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet("So dang ky")
    bold = book.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
    )
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet.merge_range(
        0, 0, 0, len(columns) - 1, title, book.add_format({"bold": True, "font_size": 14, "align": "center"})
    )
    for col, name in enumerate(columns):
        sheet.write(2, col, name, bold)
        sheet.write(3, col, f"({col + 1})", bold)  # Phụ lục IV numbers the columns
        sheet.set_column(col, col, 40 if "trích yếu" in name else 16)
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row):
            sheet.write(r, col, value, cell)
    sheet.freeze_panes(4, 0)
    book.close()
    return buf.getvalue()
