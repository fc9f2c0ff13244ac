"""Excel/CSV exports: the dossier lists of the drill-down and quarantined rows to fix and import again."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cchc.analytics.importer import export_quarantine
from cchc.domain.cells import workbook

from .drill import Column, cell_value
from .selectors import DossierLine
from .storage import open_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _xlsx(title: str, headers: list[str], rows: Iterable[list[object]]) -> bytes:
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet("Ho so")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True})
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "border": 1})
    cell = book.add_format({"border": 1})
    sheet.write(0, 0, title, bold)
    for col, h in enumerate(headers):
        sheet.write(2, col, h, head)
        sheet.set_column(col, col, 18 if col else 22)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if hasattr(value, "hour"):
                sheet.write_datetime(r, c, value, when)
            elif value is None:
                sheet.write_blank(r, c, None, cell)
            else:
                sheet.write(r, c, value, cell)
    book.close()
    return buf.getvalue()


def dossiers_xlsx(*, lines: list[DossierLine], title: str, columns: Sequence[Column] = ()) -> HttpResponse:
    """The drill-down list; ``columns``: the indicator's own fields (:func:`cchc.apps.dossiers.drill.columns`)."""
    headers = [
        _("Mã hồ sơ"),
        _("Đơn vị"),
        _("Mã TTHC"),
        _("Ngày tiếp nhận"),
        _("Ngày hẹn trả"),
        _("Ngày kết thúc/đánh giá"),
        _("Đã kết thúc"),
        _("Đúng hạn"),
        _("Số lần bổ sung"),
        _("Trễ (ngày làm việc)"),
        *(str(c.header) for c in columns),
    ]
    rows = (
        [
            ln.row.dossier_code,
            ln.unit.name,
            ln.row.procedure,
            ln.row.received_at,
            ln.row.due_at,
            ln.row.end_at,
            _("Có") if ln.row.finished else _("Không"),
            _("Có") if ln.row.on_time else _("Không"),
            ln.row.supplement_count,
            ln.row.delay_working_days,
            *(cell_value(c, ln.row) for c in columns),
        ]
        for ln in lines
    )
    return _attachment(_xlsx(title, headers, rows), "ho-so.xlsx", XLSX)


def quarantine_file(*, source: str, fmt: str) -> HttpResponse:
    """Unresolved quarantined rows of ``source`` with their original headers and a "Lý do" column.

    Fixed and uploaded again, the rows get imported and marked resolved (the "Lý do" column is ignored).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cach-ly.csv"
        with open_store() as store:
            export_quarantine(store, out, source=source)
        data = out.read_bytes()
    if fmt != "xlsx":
        return _attachment(data, f"cach-ly-{source}.csv", "text/csv; charset=utf-8")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    rows = list(reader)
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet("Cach ly")
    text = book.add_format({"num_format": "@"})  # keep codes and dates exactly as typed
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value, text)
    book.close()
    return _attachment(buf.getvalue(), f"cach-ly-{source}.xlsx", XLSX)
