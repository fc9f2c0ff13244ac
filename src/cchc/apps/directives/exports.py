"""Excel exports (XlsxWriter) in the layout a văn phòng sends upward:
STT, nhiệm vụ, đơn vị chủ trì, phối hợp, thời hạn, tiến độ, kết quả."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cchc.domain.cells import workbook

from .models import Task
from .selectors import target_deadline


def _decimal_text(v: Decimal | None) -> str:
    """``12,5``: two places at most, no trailing zeros, no exponent (``1E+2``)."""
    if v is None:
        return ""
    return format(v.quantize(Decimal("0.01")).normalize(), "f").replace(".", ",")


def _response(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _book(title: str, headers: list[str], widths: list[int]):
    buf = io.BytesIO()
    book = workbook(buf)
    sheet = book.add_worksheet("Bao cao")
    f = {
        "title": book.add_format(
            {"bold": True, "font_size": 13, "align": "center", "font_name": "Times New Roman"}
        ),
        "head": book.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#EEEEEE",
                "font_name": "Times New Roman",
            }
        ),
        "cell": book.add_format(
            {"border": 1, "valign": "top", "text_wrap": True, "font_name": "Times New Roman"}
        ),
        "center": book.add_format(
            {"border": 1, "valign": "top", "align": "center", "font_name": "Times New Roman"}
        ),
    }
    sheet.merge_range(0, 0, 0, len(headers) - 1, title, f["title"])
    for col, (h, w) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(2, col, h, f["head"])
        sheet.set_column(col, col, w)
    return buf, book, sheet, f


def tasks_xlsx(*, tasks: Iterable[Task], title: str, today: date) -> HttpResponse:
    from .selectors import task_state

    headers = [
        _("STT"),
        _("Nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Thời hạn"),
        _("Tiến độ"),
        _("Kết quả"),
    ]
    buf, book, sheet, f = _book(title.upper(), headers, [6, 60, 28, 28, 14, 22, 50])
    rows = tasks.prefetch_related("coordinating_units") if hasattr(tasks, "prefetch_related") else tasks
    for i, t in enumerate(rows, start=1):
        label, _colour = task_state(t, today=today)
        r = 2 + i
        sheet.write(r, 0, i, f["center"])
        sheet.write(r, 1, f"{t.directive.number}: {t}" if t.directive.number else str(t), f["cell"])
        sheet.write(r, 2, t.unit.name, f["cell"])
        sheet.write(r, 3, ", ".join(u.name for u in t.coordinating_units.all()), f["cell"])
        sheet.write(
            r,
            4,
            t.due_on.strftime("%d/%m/%Y") if t.due_on else (t.deadline_text or _("Thường xuyên")),
            f["center"],
        )
        sheet.write(r, 5, f"{t.progress}% — {label}", f["cell"])
        sheet.write(r, 6, t.result, f["cell"])
    book.close()
    return _response(buf.getvalue(), f"nhiem-vu-{today:%Y%m%d}.xlsx")


def scorecard_xlsx(*, rows, start: date, end: date) -> HttpResponse:
    headers = [
        _("STT"),
        _("Đơn vị"),
        _("Đến hạn"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành trễ hạn"),
        _("Đang quá hạn"),
    ]
    title = _("KẾT QUẢ THỰC HIỆN NHIỆM VỤ TỪ %(a)s ĐẾN %(b)s") % {
        "a": f"{start:%d/%m/%Y}",
        "b": f"{end:%d/%m/%Y}",
    }
    buf, book, sheet, f = _book(title, headers, [6, 45, 12, 20, 20, 16])
    for i, row in enumerate(rows, start=1):
        for col, v in enumerate(
            [i, row.unit.name, row.due, row.done_on_time, row.done_late, row.overdue_now]
        ):
            sheet.write(2 + i, col, v, f["cell"] if col == 1 else f["center"])
    book.close()
    return _response(buf.getvalue(), f"ket-qua-don-vi-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


def overview_xlsx(*, rows: list, today: date) -> HttpResponse:
    headers = [
        _("STT"),
        _("Văn bản"),
        _("Nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Chỉ tiêu"),
        _("Đạt được"),
        _("Hạn"),
        _("Đánh giá"),
        _("Dự báo đến hạn"),
    ]
    buf, book, sheet, f = _book(
        _("TÌNH HÌNH THỰC HIỆN CHỈ TIÊU"), headers, [6, 20, 50, 28, 40, 12, 12, 22, 14]
    )
    for i, row in enumerate(rows, start=1):
        g = row.target
        deadline = target_deadline(g)
        values = [
            i,
            g.task.directive.number,
            str(g.task),
            g.task.unit.name,
            g.text or g.metric,
            "" if g.measured_value is None else str(g.measured_value).replace(".", ","),
            "" if deadline is None else f"{deadline:%d/%m/%Y}",
            row.label,
            _decimal_text(row.status.projected),
        ]
        for col, v in enumerate(values):
            sheet.write(2 + i, col, v, f["cell"])
    book.close()
    return _response(buf.getvalue(), f"chi-tieu-{today:%Y%m%d}.xlsx")
