"""The self-assessment table (XLSX, the layout provinces ask for) and report (DOCX), from plain values.

:func:`table_rows` lays out one line per field, criterion and sub-criterion with its maximum, self-score,
measured value and source, evidence, explanation, appraisal score and the difference's reason; the web page,
the XLSX and the DOCX all show these same rows, so what is exported is what the screen shows. Figures are
written as numbers (XLSX) or in Vietnamese format (DOCX).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from cchc.domain.cells import workbook
from cchc.domain.numbers import format_number

from .criteria import CriteriaSet
from .gaps import Gap
from .scoring import SetScore

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class EntryNotes:
    """What the page knows about one scored entry besides its points."""

    measured: str = ""  # the measured value as shown ("92,5%"), "" when scored by hand
    source: str = ""  # the source's label and period
    evidence: tuple[str, ...] = ()  # names of the attached files
    explanation: str = ""  # the unit's explanation (why no evidence, how scored)
    difference: str = ""  # why the council's score differs
    na: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    code: str
    name: str
    level: int  # 1 field, 2 criterion, 3 sub-criterion
    scored: bool  # a scored entry (has a rule), not a sum
    max_points: Decimal
    self_points: Decimal | None
    appraisal_points: Decimal | None
    notes: EntryNotes = field(default_factory=EntryNotes)

    @property
    def difference(self) -> Decimal | None:
        if self.appraisal_points is None or self.self_points is None:
            return None
        return self.appraisal_points - self.self_points


@dataclass(frozen=True, slots=True)
class Totals:
    max_points: Decimal
    self_points: Decimal
    appraisal_points: Decimal | None
    survey_max: Decimal
    survey: Decimal | None
    index: Decimal | None
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Report:
    organisation: str
    year: int
    set_name: str
    set_version: str
    sample: bool
    state: str
    lines: tuple[Line, ...]
    totals: Totals
    gaps: tuple[Gap, ...] = ()


def table_rows(
    cset: CriteriaSet,
    self_score: SetScore,
    appraisal: SetScore | None = None,
    notes: Mapping[str, EntryNotes] | None = None,
) -> list[Line]:
    """Field, criterion and sub-criterion lines with their points (sums on the field and criterion lines)."""
    notes = notes or {}
    out: list[Line] = []

    def points(score: SetScore | None, codes: Sequence[str]) -> Decimal | None:
        if score is None:
            return None
        values = [score.item(c).points for c in codes]
        if all(v is None for v in values):
            return None
        return sum((v or ZERO for v in values), ZERO)

    for f in cset.fields:
        codes = [i.code for i in f.items()]
        out.append(
            Line(f.code, f.name, 1, False, f.max_points, points(self_score, codes), points(appraisal, codes))
        )
        for c in f.criteria:
            single = len(c.items) == 1 and c.items[0].code == c.code
            ccodes = [i.code for i in c.items]
            out.append(
                Line(
                    c.code,
                    c.name,
                    2,
                    single,
                    c.max_points,
                    points(self_score, ccodes),
                    points(appraisal, ccodes),
                    notes.get(c.code, EntryNotes()) if single else EntryNotes(),
                )
            )
            if single:
                continue
            for i in c.items:
                out.append(
                    Line(
                        i.code,
                        i.name,
                        3,
                        True,
                        i.max_points,
                        self_score.item(i.code).points,
                        appraisal.item(i.code).points if appraisal is not None else None,
                        notes.get(i.code, EntryNotes()),
                    )
                )
    return out


def totals(cset: CriteriaSet, self_score: SetScore, appraisal: SetScore | None) -> Totals:
    final = appraisal or self_score
    return Totals(
        max_points=cset.self_max,
        self_points=self_score.points,
        appraisal_points=appraisal.points if appraisal is not None else None,
        survey_max=cset.survey_max,
        survey=final.survey,
        index=final.index,
        percent=final.percent,
    )


def n(value: Decimal | None) -> str:
    return "" if value is None else format_number(value, 2, strip_zeros=True)


XLSX_HEADERS = (
    "STT", "Lĩnh vực/tiêu chí/tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá", "Giá trị đo được",
    "Nguồn số liệu", "Tài liệu kiểm chứng", "Giải trình", "Điểm thẩm định", "Chênh lệch", "Lý do chênh lệch",
)  # fmt: skip


def write_xlsx(report: Report, target: str | Path | IO[bytes]) -> None:
    """The self-assessment table: a title, one row per line, the totals; numbers as numbers."""
    book = workbook(target)
    sheet = book.add_worksheet("Tự đánh giá")
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    title = f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {report.year}"
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, report.organisation)
    sheet.write(2, 0, f"Bộ tiêu chí: {report.set_name} (phiên bản {report.set_version})")
    if report.sample:
        sheet.write(3, 0, "LƯU Ý: bộ tiêu chí MẪU, chưa phải quyết định của UBND tỉnh.", bold)
    head = 5
    for c, text in enumerate(XLSX_HEADERS):
        sheet.write(head, c, text, bold)
    r = head
    for r, line in enumerate(report.lines, start=head + 1):
        fmt = bold if line.level < 3 and not line.scored else wrap
        sheet.write(r, 0, line.code, fmt)
        sheet.write(r, 1, line.name, fmt)
        sheet.write_number(r, 2, float(line.max_points), fmt)
        for c, value in ((3, line.self_points), (8, line.appraisal_points), (9, line.difference)):
            if value is not None:
                sheet.write_number(r, c, float(value), fmt)
        if line.scored:
            x = line.notes
            sheet.write(r, 4, x.measured if not x.na else "Không phát sinh", wrap)
            sheet.write(r, 5, x.source, wrap)
            sheet.write(r, 6, "; ".join(x.evidence), wrap)
            sheet.write(r, 7, x.explanation, wrap)
            sheet.write(r, 10, x.difference, wrap)
    t = report.totals
    r += 2
    for label, value in (
        ("Tổng điểm tự đánh giá", t.self_points),
        ("Tổng điểm thẩm định", t.appraisal_points),
        ("Điểm điều tra xã hội học", t.survey),
        ("Chỉ số CCHC", t.index),
        ("Tỷ lệ (%)", t.percent),
    ):
        sheet.write(r, 1, label, bold)
        if value is not None:
            sheet.write_number(r, 2, float(value), bold)
        r += 1
    sheet.set_column(1, 1, 60)
    sheet.set_column(4, 7, 24)
    sheet.set_column(10, 10, 30)
    book.close()


def write_docx(report: Report, target: str | Path | IO[bytes]) -> None:
    """The self-assessment report: summary by field, every criterion, the points lost and what wins them back."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    doc.add_paragraph(report.organisation.upper())
    doc.add_heading(f"BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {report.year}", level=1)
    doc.add_paragraph(f"Bộ tiêu chí: {report.set_name} (phiên bản {report.set_version}).")
    if report.sample:
        doc.add_paragraph("Lưu ý: bộ tiêu chí MẪU, chưa phải quyết định của UBND tỉnh.")
    t = report.totals
    doc.add_heading("I. KẾT QUẢ TỔNG HỢP", level=2)
    summary = (
        f"Tổng điểm tự đánh giá: {n(t.self_points)}/{n(t.max_points)} điểm"
        + (f"; điểm thẩm định: {n(t.appraisal_points)}" if t.appraisal_points is not None else "")
        + (f"; điểm điều tra xã hội học: {n(t.survey)}/{n(t.survey_max)}" if t.survey is not None else "")
        + (f"; Chỉ số CCHC: {n(t.index)}" if t.index is not None else "")
        + f"; tỷ lệ {n(t.percent)}%."
    )
    doc.add_paragraph(summary)
    fields = [ln for ln in report.lines if ln.level == 1]
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá"), strict=True
    ):
        cell.text = text
    for ln in fields:
        cells = table.add_row().cells
        for cell, text in zip(cells, (ln.code, ln.name, n(ln.max_points), n(ln.self_points)), strict=True):
            cell.text = text
    doc.add_heading("II. KẾT QUẢ CHI TIẾT", level=2)
    detail = doc.add_table(rows=1, cols=6)
    detail.style = "Table Grid"
    heads = (
        "STT",
        "Nội dung",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Giá trị đo được, nguồn",
        "Tài liệu kiểm chứng",
    )
    for cell, text in zip(detail.rows[0].cells, heads, strict=True):
        cell.text = text
    for ln in report.lines:
        x = ln.notes
        measured = "Không phát sinh" if x.na else ", ".join(v for v in (x.measured, x.source) if v)
        values = (ln.code, ln.name, n(ln.max_points), n(ln.self_points), measured, "; ".join(x.evidence))
        for cell, text in zip(detail.add_row().cells, values, strict=True):
            cell.text = text
    doc.add_heading("III. ĐIỂM BỊ MẤT VÀ GIẢI PHÁP", level=2)
    if not report.gaps:
        doc.add_paragraph("Không có tiêu chí nào bị mất điểm.")
    for gap in report.gaps:
        parts = [f"Tiêu chí {gap.code} {gap.name}: mất {n(gap.lost)} điểm"]
        if gap.at_risk:
            parts.append(f"{n(gap.at_risk)} điểm có nguy cơ không được công nhận")
        if gap.missing_evidence:
            parts.append("thiếu " + "; ".join(gap.missing_evidence))
        if gap.step is not None:
            parts.append(gap.step.text)
        doc.add_paragraph("; ".join(parts) + ".", style="List Bullet")
    doc.save(target)  # type: ignore[arg-type]


def as_json(report: Report) -> dict[str, Any]:
    """The report as JSON-friendly values (the CLI's --json)."""
    t = report.totals
    return {
        "organisation": report.organisation,
        "year": report.year,
        "criteria_set": {"name": report.set_name, "version": report.set_version, "sample": report.sample},
        "state": report.state,
        "totals": {
            "max": str(t.max_points),
            "self": str(t.self_points),
            "appraisal": None if t.appraisal_points is None else str(t.appraisal_points),
            "survey": None if t.survey is None else str(t.survey),
            "index": None if t.index is None else str(t.index),
            "percent": str(t.percent),
        },
        "criteria": [
            {
                "code": ln.code,
                "name": ln.name,
                "level": ln.level,
                "scored": ln.scored,
                "max": str(ln.max_points),
                "self": None if ln.self_points is None else str(ln.self_points),
                "appraisal": None if ln.appraisal_points is None else str(ln.appraisal_points),
                "measured": ln.notes.measured,
                "source": ln.notes.source,
                "na": ln.notes.na,
            }
            for ln in report.lines
        ],
    }
