"""Exports as pure functions writing files: the phương án appendix (DOCX, XLSX) and the catalogue (XLSX).

Layout follows NĐ 30/2020 Phụ lục I where it applies: Times New Roman, 13 pt body / 14 pt headings,
A4; the wide plan table is landscape. XLSX amounts use the format code "#,##0": Excel stores the
grouping symbol as "," and shows the reader's locale separator, i.e. "16.000.000" on a Vietnamese
system. A literal "#.##0" code would mean something else to Excel (a decimal point), so we don't.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from cchc.domain.numbers import format_number, format_percent, format_vnd
from cchc.domain.procedures.catalogue import Procedure
from cchc.domain.procedures.costs import simplified_cost
from cchc.domain.procedures.plans import PlanResult, SimplificationPlan, evaluate_plan

__all__ = ["PLAN_COLUMNS", "benefit_lines", "write_catalogue_xlsx", "write_plans_docx", "write_plans_xlsx"]

FONT = "Times New Roman"
PLAN_COLUMNS = (
    "STT",
    "Mã số TTHC",
    "Tên thủ tục hành chính",
    "Thời hạn trước (ngày làm việc)",
    "Thời hạn sau (ngày làm việc)",
    "Tỷ lệ cắt giảm thời gian",
    "Chi phí tuân thủ trước (đồng/năm)",
    "Chi phí tuân thủ sau (đồng/năm)",
    "Chi phí tiết kiệm (đồng/năm)",
    "Tỷ lệ cắt giảm chi phí",
)


def _days(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format_number(value, 2, strip_zeros=True)
    return text.zfill(2) if value == value.to_integral_value() and value < 10 else text


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_vnd(int(value))


def benefit_lines(plan: SimplificationPlan) -> list[str]:
    """The "Lợi ích phương án đơn giản hóa" lines in the wording of QĐ 2816/QĐ-UBND Đồng Nai."""
    result = evaluate_plan(plan)
    lines: list[str] = []
    for label, basis, amount in (
        ("trước khi đơn giản hóa", plan.basis_before, result.cost.before),
        ("sau khi đơn giản hóa", plan.basis_after, result.cost.after),
    ):
        if amount is None:
            continue
        text = f"- Chi phí tuân thủ TTHC {label}: "
        if (
            basis is not None
            and plan.income is not None
            and not (plan.abolished and basis is plan.basis_after)
        ):
            cost = simplified_cost(basis, plan.income)
            text += (
                f"({_days(basis.working_days)} ngày làm việc = {format_number(cost.hours, 2, strip_zeros=True)} giờ"
                f" x {format_vnd(plan.income.amount)} đồng/giờ) x {format_number(basis.dossiers_per_year)} hồ sơ/năm = "
            )
        lines.append(text + f"{_money(amount)} đồng/năm.")
    if result.cost.saving is not None:
        lines.append(f"- Chi phí tiết kiệm: {_money(result.cost.saving)} đồng/năm.")
        lines.append(f"- Tỷ lệ cắt giảm chi phí: {format_percent(result.cost.percent)}.")
    return lines


def _row(index: int, r: PlanResult) -> list[object]:
    return [
        index,
        r.plan.code,
        r.plan.name,
        r.time.before,
        r.time.after,
        r.time.percent,
        r.cost.before,
        r.cost.after,
        r.cost.saving,
        r.cost.percent,
    ]


def write_plans_docx(
    plans: Sequence[SimplificationPlan],
    path: str | Path,
    *,
    title: str = "PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH",
    subtitle: str = "",
) -> Path:
    """Appendix of a simplification decision: Phần I table (landscape A4) and Phần II benefits."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # East-Asian font slot too, otherwise Word may substitute a font for Vietnamese letters.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)

    def heading(text: str, size: int = 14) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size, run.font.name = True, Pt(size), FONT

    heading("PHỤ LỤC")
    heading(title)
    if subtitle:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(subtitle).italic = True
    heading("Phần I. DANH MỤC VÀ LỢI ÍCH PHƯƠNG ÁN ĐƠN GIẢN HÓA", 13)
    table = document.add_table(rows=1, cols=len(PLAN_COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, PLAN_COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(13)
    results = [evaluate_plan(p) for p in plans]
    for i, r in enumerate(results, start=1):
        values = _row(i, r)
        texts = [str(values[0]), str(values[1]), str(values[2]), _days(r.time.before), _days(r.time.after)]
        texts += [format_percent(r.time.percent), _money(r.cost.before), _money(r.cost.after)]
        texts += [_money(r.cost.saving), format_percent(r.cost.percent)]
        cells = table.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.text = text
            if j >= 3:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading("Phần II. NỘI DUNG PHƯƠNG ÁN ĐƠN GIẢN HÓA", 13)
    for i, plan in enumerate(plans, start=1):
        document.add_paragraph().add_run(f"{i}. Thủ tục {plan.name} (mã {plan.code})").bold = True
        if plan.content:
            document.add_paragraph(f"{i}.1. Nội dung đơn giản hóa: {plan.content}.")
        if plan.recommendation:
            document.add_paragraph(f"{i}.2. Kiến nghị thực thi: {plan.recommendation}")
        document.add_paragraph(f"{i}.3. Lợi ích phương án đơn giản hóa")
        if plan.income is not None:
            document.add_paragraph(
                f"(01 giờ làm việc = {format_vnd(plan.income.amount)} đồng theo {plan.income.source})"
            )
        for line in benefit_lines(plan):
            document.add_paragraph(line)
    target = Path(path)
    document.save(str(target))
    return target


def write_plans_xlsx(plans: Sequence[SimplificationPlan], path: str | Path, *, title: str = "Phương án đơn giản hóa TTHC") -> Path:  # fmt: skip
    """The plan table with numeric cells (amounts "#,##0", percentages "0%" / "0.00%") and a total row."""
    from cchc.domain.cells import workbook as new_workbook

    target = Path(path)
    workbook = new_workbook(target)
    try:
        sheet = workbook.add_worksheet("Phương án")
        base = {"font_name": FONT, "font_size": 12, "border": 1, "valign": "vcenter"}
        head = workbook.add_format({**base, "bold": True, "text_wrap": True, "align": "center"})
        text = workbook.add_format({**base, "text_wrap": True})
        money = workbook.add_format({**base, "num_format": "#,##0"})
        days = workbook.add_format({**base, "num_format": "General"})
        # "0.##%" would print "40.%" for whole numbers, so whole and fractional rates get two formats.
        pct_whole = workbook.add_format({**base, "num_format": "0%"})
        pct = workbook.add_format({**base, "num_format": "0.00%"})
        bold_money = workbook.add_format({**base, "num_format": "#,##0", "bold": True})
        sheet.merge_range(0, 0, 0, len(PLAN_COLUMNS) - 1, title, workbook.add_format({"font_name": FONT, "font_size": 14, "bold": True, "align": "center"}))  # fmt: skip
        sheet.write_row(1, 0, PLAN_COLUMNS, head)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_column(0, 1, 10)
        sheet.set_column(2, 2, 48)
        sheet.set_column(3, 9, 16)
        results = [evaluate_plan(p) for p in plans]
        row = 2
        for i, r in enumerate(results, start=1):
            sheet.write_number(row, 0, i, text)
            sheet.write_string(row, 1, r.plan.code, text)
            sheet.write_string(row, 2, r.plan.name, text)
            for col, value, fmt in ((3, r.time.before, days), (4, r.time.after, days), (6, r.cost.before, money), (7, r.cost.after, money), (8, r.cost.saving, money)):  # fmt: skip
                _write_number(sheet, row, col, value, fmt)
            for col, value in ((5, r.time.percent), (9, r.cost.percent)):
                fmt = pct_whole if value is not None and value == value.to_integral_value() else pct
                _write_number(sheet, row, col, None if value is None else value / 100, fmt)
            row += 1
        sheet.write_string(row, 2, "Tổng cộng", head)
        for col in (6, 7, 8):
            total = sum(
                (getattr(r.cost, ("before", "after", "saving")[col - 6]) or 0 for r in results), Decimal(0)
            )
            sheet.write_number(row, col, int(total), bold_money)
    finally:
        workbook.close()
    return target


def _write_number(sheet: object, row: int, col: int, value: Decimal | None, fmt: object) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)  # type: ignore[attr-defined]
    else:
        number = int(value) if value == value.to_integral_value() else float(value)
        sheet.write_number(row, col, number, fmt)  # type: ignore[attr-defined]


CATALOGUE_COLUMNS = (
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Thời hạn giải quyết",
    "Thời hạn (ngày làm việc)",
    "Phí, lệ phí",
    "Mức độ DVCTT",
    "Cách thức thực hiện",
    "Căn cứ pháp lý",
)


def write_catalogue_xlsx(procedures: Sequence[Procedure], path: str | Path) -> Path:
    """The catalogue as one sheet, one procedure per row, Vietnamese headers."""
    from cchc.domain.cells import workbook as new_workbook

    target = Path(path)
    workbook = new_workbook(target)
    try:
        sheet = workbook.add_worksheet("Danh mục TTHC")
        head = workbook.add_format({"font_name": FONT, "bold": True, "border": 1, "text_wrap": True})
        text = workbook.add_format({"font_name": FONT, "border": 1, "text_wrap": True, "valign": "top"})
        days = workbook.add_format({"font_name": FONT, "border": 1, "num_format": "General", "valign": "top"})
        sheet.write_row(0, 0, CATALOGUE_COLUMNS, head)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 10, 22)
        sheet.freeze_panes(1, 0)
        for row, p in enumerate(procedures, start=1):
            limit = p.time_limit
            values = [
                p.code,
                p.name,
                p.field,
                ", ".join(level.value for level in p.levels),
                p.responsible_unit,
                limit.text or limit.label() if limit else "",
            ]
            sheet.write_row(row, 0, values, text)
            wd = limit.working_days() if limit else None
            _write_number(sheet, row, 6, wd, days)
            sheet.write_string(row, 7, "; ".join(f.label() for f in p.fees), text)
            sheet.write_string(row, 8, p.online_level.value if p.online_level else "", text)
            sheet.write_string(row, 9, "; ".join(c.value for c in p.channels), text)
            sheet.write_string(row, 10, "\n".join(p.legal_basis), text)
    finally:
        workbook.close()
    return target
