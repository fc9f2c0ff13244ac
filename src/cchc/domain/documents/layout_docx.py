"""DOCX rendering (python-docx) of a document in the NĐ 30/2020 layout, for drafts that people
edit in Word, and DOCX → PDF through LibreOffice when it is installed.

python-docx gotchas (stack-notes §5): the font must be set in ``w:rFonts`` for eastAsia/cs too,
otherwise Word substitutes a font for Vietnamese runs; table column widths are honoured only when
set on every cell with autofit off.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from cchc.domain.documents.layout_pdf import MARGINS_MM, NATIONAL_TITLE
from cchc.domain.documents.model import DocType, Document, Item

FONT_NAME = "Times New Roman"
BODY_SIZE = 14
FIRST_LINE_INDENT = Mm(10)


def _font(run_or_style: object, size: float, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT_NAME
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT_NAME)


def _para(
    container: object,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
    indent: Mm | None = None,
    underline: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.0
    if indent is not None:
        fmt.first_line_indent = indent
    run = p.add_run(text)
    _font(run, size, bold, italic)
    run.font.underline = underline
    if color is not None:
        run.font.color.rgb = color
    return p


def _short_line(container: object, chars: int) -> None:
    """A solid line under a heading, drawn with underlined spaces: it survives Word and LibreOffice
    without drawing objects."""
    p = _para(container, "\u00a0" * chars, 6, underline=True)
    p.paragraph_format.space_after = Pt(2)


def _two_columns(doc: object, widths_mm: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table.rows[0].cells
    for cell, w in zip(cells, widths_mm, strict=True):
        cell.width = Mm(w)  # on every cell, or Word/LibreOffice ignore it
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return cells[0], cells[1]


def render_docx(doc: Document) -> bytes:
    """The document as .docx bytes (A4, NĐ 30 margins, Times New Roman)."""
    d = new_docx()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.different_first_page_header_footer = True  # page numbers from page 2
    _page_number(section.header.paragraphs[0])
    _font(d.styles["Normal"], BODY_SIZE)

    text_width = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
    left, right = _two_columns(d, (text_width * 0.4, text_width * 0.6))
    _para(left, doc.parent_organ.upper(), 13)
    _para(left, doc.issuer.upper(), 13, bold=True)
    _short_line(left, 25)
    _para(left, doc.number_line, 13, space_after=6)
    if doc.doc_type is DocType.CONG_VAN:
        _para(left, f"V/v {doc.subject}", 12, space_after=6)
    for mark in (doc.urgency.value, doc.secrecy.value):
        if mark:
            _para(left, mark, 13, bold=True, color=RGBColor(0xED, 0x1C, 0x24))
    _para(right, NATIONAL_TITLE, 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True, space_after=12)
    _para(right, doc.date_line, 14, italic=True)

    if doc.doc_type is not DocType.CONG_VAN:
        _para(d, "", 6)
        _para(d, doc.doc_type.title, 14, bold=True)
        _para(d, doc.subject, 14, bold=True)
        _short_line(d, 30)
    if doc.addressees:
        lines = [f"Kính gửi: {doc.addressees[0]}"] if len(doc.addressees) == 1 else ["Kính gửi:"]
        lines += [f"- {a}" for a in doc.addressees] if len(doc.addressees) > 1 else []
        for line in lines:
            _para(d, line, 14, space_after=6)
    body = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": FIRST_LINE_INDENT, "space_after": 6}
    for block in doc.body:
        if isinstance(block, Item):
            _para(d, (f"{block.number} " if block.number else "") + block.text, BODY_SIZE, **body)  # type: ignore[arg-type]
            for b in block.bullets:
                _para(d, f"- {b}", BODY_SIZE, **body)  # type: ignore[arg-type]
        else:
            _para(d, block, BODY_SIZE, **body)  # type: ignore[arg-type]
    if doc.closing:
        _para(d, doc.closing, BODY_SIZE, **body)  # type: ignore[arg-type]

    left, right = _two_columns(d, (text_width * 0.5, text_width * 0.5))
    _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.recipients.all_lines():
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.signatory.heading_lines():
        _para(right, line, 14, bold=True)
    for _ in range(4):  # room for the signature and seal
        _para(right, "", 14)
    _para(right, doc.signatory.full_name, 14, bold=True)
    props = d.core_properties
    props.title, props.author, props.subject, props.language = (
        doc.number_line,
        doc.issuer,
        doc.subject,
        "vi-VN",
    )
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field centred in the header (13 pt); the first-page header stays empty."""
    from docx.oxml import OxmlElement

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """Convert with ``soffice --headless``; a private profile/HOME so that parallel runs and
    read-only home directories work. RuntimeError if LibreOffice is missing or fails."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) chưa được cài; dùng layout_pdf.render_pdf")
    with tempfile.TemporaryDirectory(prefix="cchc-soffice-") as tmp:
        src = Path(tmp) / "vanban.docx"
        src.write_bytes(docx)
        env = {**os.environ, "HOME": tmp}
        cmd = [
            binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", tmp, str(src),
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
        out = Path(tmp) / "vanban.pdf"
        if proc.returncode != 0 or not out.is_file():  # soffice can exit 0 and write nothing
            raise RuntimeError(
                f"chuyển DOCX sang PDF thất bại: {proc.stderr.decode(errors='replace')[-500:]}"
            )
        return out.read_bytes()
