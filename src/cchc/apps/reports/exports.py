"""A report's files: DOCX in the NĐ 30/2020 layout (the documents domain's renderer), PDF converted from that
DOCX by LibreOffice headless (the documents layout's own PDF when LibreOffice is missing), and the XLSX annex
with every figure and its reference (source key, unit of measure, window, query)."""

from __future__ import annotations

import io

from django.core.cache import cache
from django.utils import timezone

from cchc.domain import cells
from cchc.domain.documents import model as dm
from cchc.domain.documents.layout_docx import docx_to_pdf, render_docx, soffice_path
from cchc.domain.documents.layout_pdf import render_pdf
from cchc.domain.reports import content as rc
from cchc.domain.reports.periods import report_period

from . import generate
from .models import Report
from .services import document_data

PDF_CACHE_SECONDS = 3600
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def as_document(report: Report) -> dm.Document:
    outline = generate.current_outline()
    org = report.unit.root()
    p = report_period(report.period)
    values = rc.placeholder_values(p, report.unit.name)
    data = document_data(report)
    return dm.Document(
        doc_type=dm.DocType.BAO_CAO, parent_organ=org.parent_body, issuer=dm.issuer_name(org.name, org.parent_body),
        issuer_abbr=org.abbreviation, drafting_unit_abbr=report.unit.abbreviation, place=org.place_name or org.name,
        issue_date=report.issued_on or timezone.localdate(), subject=report.title,
        signatory=dm.Signatory(full_name=data["signatory_name"], position=data["signatory_position"]),
        recipients=dm.Recipients(lines=tuple(outline.recipients), archive_unit=report.unit.abbreviation),
        number=report.document.number if report.document is not None else None,
        body=rc.body(outline, rc.sections_from_json(report.figures), report.texts, values),
        addressees=tuple(outline.addressees), closing=data["closing"],
    )  # fmt: skip


def to_docx(report: Report) -> bytes:
    return render_docx(as_document(report))


def to_pdf(report: Report) -> bytes:
    """LibreOffice takes seconds: a saved report's PDF is kept in the cache until the report changes."""
    if soffice_path() is None:
        return render_pdf(as_document(report)).data
    if report.pk is None or report.updated_at is None:
        return docx_to_pdf(to_docx(report))
    key = f"reports:pdf:{report.pk}:{report.updated_at.timestamp()}:{report.document_id}"
    data = cache.get(key)
    if data is None:
        data = docx_to_pdf(to_docx(report))
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


def to_xlsx(report: Report) -> bytes:
    """The annex: one row per figure (section, label, value, counts, reference) and one sheet per list."""
    outline = generate.current_outline()
    sections = rc.sections_from_json(report.figures)
    out = io.BytesIO()
    book = cells.workbook(out)
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Số liệu")
    sheet.write_row(0, 0, [report.title], bold)
    header = [
        "Mục", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Tử số", "Mẫu số", "Từ ngày", "Đến ngày",
        "Mã nguồn số liệu", "Truy vấn", "Tham chiếu", "Đơn vị",
        "Lũy kế từ đầu năm", "Tử số lũy kế", "Mẫu số lũy kế", "Lũy kế từ ngày",
    ]  # fmt: skip
    sheet.write_row(2, 0, header, bold)
    row = 3
    lists = []
    for section in outline.sections:
        content = sections.get(section.key)
        if content is None:
            continue
        for f in content.figures:
            sheet.write_row(row, 0, [
                section.title, f.label, None if f.value is None else float(f.value), f.unit,
                f.numerator, f.denominator, f"{f.start:%d/%m/%Y}", f"{f.end:%d/%m/%Y}", f.key, f.query_id,
                f.reference, f.scope or "", *_ytd_cells(f),
            ])  # fmt: skip
            row += 1
        lists += [(section, b) for b in content.lists]
    sheet.set_column(0, 1, 40)
    sheet.set_column(8, 10, 36)
    for n, (section, block) in enumerate(lists, start=1):
        ws = book.add_worksheet(f"Danh sách {n}")
        ws.write_row(0, 0, [f"{section.title} — {block.title}"], bold)
        ws.write_row(1, 0, [f"Tham chiếu: {block.reference}"])
        ws.write_row(3, 0, list(block.columns), bold)
        for i, values in enumerate(block.rows, start=4):
            ws.write_row(i, 0, list(values))
        ws.set_column(0, len(block.columns), 28)
    book.close()
    return out.getvalue()


def _ytd_cells(f: rc.Figure) -> list[object]:
    """The year to date beside a quý II–IV figure; empty cells for a period that starts the year."""
    y = f.ytd
    if y is None:
        return [None, None, None, None]
    return [None if y.value is None else float(y.value), y.numerator, y.denominator, f"{y.start:%d/%m/%Y}"]


def render(report: Report, fmt: str) -> bytes:
    return {"docx": to_docx, "xlsx": to_xlsx, "pdf": to_pdf}[fmt](report)


def filename(report: Report, fmt: str) -> str:
    return f"bao-cao-cchc-{report.period.lower()}-{report.unit.abbreviation or report.unit.pk}.{fmt}"
