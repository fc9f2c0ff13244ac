"""Excel exports of the registers with the columns of NĐ 30/2020 Phụ lục IV (XlsxWriter)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext, gettext_noop

from cchc.domain.cells import workbook
from cchc.domain.dates import format_vn_date

from .models import IncomingDocument, OutgoingDocument

# The headers of NĐ 30/2020 Phụ lục IV: the API's keys as written; pages and Excel show them through gettext.
# (Marked with gettext_noop by its own name: xgettext, run by `make messages`, does not know an alias.)
OUTGOING_COLUMNS = [
    gettext_noop("Số, ký hiệu văn bản"), gettext_noop("Ngày tháng văn bản"), gettext_noop("Tên loại và trích yếu nội dung"),
    gettext_noop("Người ký"), gettext_noop("Nơi nhận văn bản"), gettext_noop("Đơn vị, người nhận bản lưu"), gettext_noop("Số lượng bản"),
    gettext_noop("Ngày chuyển"), gettext_noop("Ký nhận"), gettext_noop("Ghi chú"),
]  # fmt: skip
INCOMING_COLUMNS = [
    gettext_noop("Ngày đến"), gettext_noop("Số đến"), gettext_noop("Tác giả"), gettext_noop("Số, ký hiệu"), gettext_noop("Ngày tháng văn bản"),
    gettext_noop("Tên loại và trích yếu nội dung"), gettext_noop("Đơn vị hoặc người nhận"), gettext_noop("Ngày chuyển"),
    gettext_noop("Ký nhận"), gettext_noop("Ghi chú"),
]  # fmt: skip


def shown(columns: list[str]) -> list[str]:
    """The headers in the user's language (pages and Excel; the API keeps the Vietnamese keys)."""
    return [gettext(c) for c in columns]


def outgoing_row(d: OutgoingDocument) -> list[object]:
    recipients = "; ".join(line.strip() for line in d.recipients.splitlines() if line.strip())
    note = (gettext("Văn bản điện tử, ký số") if d.digitally_signed else gettext("Văn bản giấy")) + (
        " · MẬT" if d.secrecy != "NONE" else ""
    )
    return [
        d.number_symbol, format_vn_date(d.issue_date), f"{d.type_label}: {d.subject}", d.signatory_name, recipients,
        d.unit.abbreviation, d.archive_copies, format_vn_date(d.issued_at), "", note,
    ]  # fmt: skip


def incoming_row(d: IncomingDocument) -> list[object]:
    return [
        format_vn_date(d.arrival_date), d.arrival_number, d.author, d.number_symbol, format_vn_date(d.doc_date), f"{d.type_name}: {d.subject}",
        d.receiving_unit.name, "", "", gettext("Chữ ký số hợp lệ") if d.verification_ok else "",
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
