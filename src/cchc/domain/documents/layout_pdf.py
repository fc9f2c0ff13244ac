"""Direct PDF rendering (reportlab) of a :class:`~cchc.domain.documents.model.Document` in the
NĐ 30/2020 layout, so that issuing a PDF never depends on LibreOffice being installed.

The output also carries two empty signature fields placed per Phụ lục I (ô 7c: signer's image
between chức vụ and họ tên; ô 8: the seal over the left third of it), so that signing tools and
``signing.sign_pdf`` fill them without guessing coordinates.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign import fields
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cchc.domain.documents import stamps
from cchc.domain.documents.fonts import serif_family
from cchc.domain.documents.model import DocType, Document, Item

FIELD_PERSON = "ChuKyNguoiKy"
FIELD_SEAL = "ChuKyCoQuan"
# Within NĐ 30's ranges: top/bottom 20–25, left 30–35, right 15–20 mm.
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
BODY_SIZE = 14
FIRST_LINE_INDENT = 10 * mm  # "1 cm hoặc 1,27 cm"
SIGNATURE_SPACE = stamps.SIGNATURE_IMAGE_MM[1] * mm + stamps.CAPTION_HEIGHT + 6
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
FONT = "TNR"  # registered name; the file is Times New Roman or its metric twin Liberation Serif


# Flowables (the short lines under names) are centred in their cell like the text above them.
CELLS = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
)


@cache
def register_fonts() -> str:
    fam = serif_family()
    for suffix, path in (("", fam.regular), ("-B", fam.bold), ("-I", fam.italic), ("-BI", fam.bold_italic)):
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT + "-B", italic=FONT + "-I", boldItalic=FONT + "-BI"
    )
    return FONT


def _style(
    size: float, align: int = TA_CENTER, bold: bool = False, italic: bool = False, **kw: float
) -> ParagraphStyle:
    name = FONT + ("-BI" if bold and italic else "-B" if bold else "-I" if italic else "")
    return ParagraphStyle(name, fontName=name, fontSize=size, leading=size * 1.2, alignment=align, **kw)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _Anchor(Flowable):
    """Zero-height marker remembering where (page, x, y) the signature image goes."""

    def __init__(self, sink: dict[str, float]) -> None:
        super().__init__()
        self.sink = sink
        self.width = self.height = 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.sink.update(page=self.canv.getPageNumber() - 1, x=x, y=y)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    signature_page: int
    person_box: stamps.Box
    seal_box: stamps.Box


def _line(fraction_of: float, thickness: float = 0.6) -> HRFlowable:
    return HRFlowable(
        width=fraction_of,
        thickness=thickness,
        color=colors.black,
        hAlign="CENTER",
        spaceBefore=1,
        spaceAfter=4,
    )


def _header(doc: Document, width: float) -> Table:
    # The right column must hold the quốc hiệu on one line; the issuer may wrap (as on issued letters).
    right_w = pdfmetrics.stringWidth(NATIONAL_TITLE, FONT + "-B", 12) + 6
    left_w = width - right_w
    left: list[Flowable] = [
        _p(doc.parent_organ.upper(), _style(13)),
        _p(doc.issuer.upper(), _style(12.5, bold=True)),
        _line(left_w * 0.35),
        _p(doc.number_line, _style(13)),
    ]
    if doc.doc_type is DocType.CONG_VAN:
        left += [Spacer(1, 6), _p(f"V/v {doc.subject}", _style(12))]
    for mark in (doc.urgency.value, doc.secrecy.value):
        if mark:
            left += [Spacer(1, 6), _p(mark, _style(13, bold=True, textColor=colors.red))]
    title_style = _style(12, bold=True)
    motto = _p("Độc lập - Tự do - Hạnh phúc", _style(13, bold=True))
    motto_w = pdfmetrics.stringWidth("Độc lập - Tự do - Hạnh phúc", FONT + "-B", 13)
    right: list[Flowable] = [
        _p(NATIONAL_TITLE, title_style),
        motto,
        _line(motto_w),  # ô 1: the line is as long as the motto
        Spacer(1, 14),
        _p(doc.date_line, _style(14, italic=True)),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(CELLS)
    return table


def _body(doc: Document) -> list[Flowable]:
    para = _style(BODY_SIZE, align=TA_JUSTIFY, firstLineIndent=FIRST_LINE_INDENT, spaceAfter=6)
    out: list[Flowable] = []
    if doc.doc_type is not DocType.CONG_VAN:
        out += [
            Spacer(1, 12),
            _p(doc.doc_type.title, _style(14, bold=True)),
            _p(doc.subject, _style(14, bold=True)),
            _line(40 * mm),
        ]
    if doc.addressees:
        out.append(Spacer(1, 6))
        if len(doc.addressees) == 1:
            out.append(_p(f"Kính gửi: {doc.addressees[0]}", _style(14)))
        else:
            out.append(_p("Kính gửi:", _style(14)))
            out += [_p(f"- {a}", _style(14)) for a in doc.addressees]
    out.append(Spacer(1, 8))
    for block in doc.body:
        if isinstance(block, Item):
            head = f"{block.number} " if block.number else ""
            out.append(_p(head + block.text, para))
            out += [_p(f"- {b}", para) for b in block.bullets]
        else:
            out.append(_p(block, para))
    if doc.closing:
        out.append(_p(doc.closing, para))
    return out


def _signature_block(doc: Document, width: float, anchor: dict[str, float]) -> Table:
    left: list[Flowable] = [_p("Nơi nhận:", _style(12, align=TA_LEFT, bold=True, italic=True))]
    left += [_p(line, _style(11, align=TA_LEFT)) for line in doc.recipients.all_lines()]
    if doc.drafter_mark:
        left += [Spacer(1, 4), _p(doc.drafter_mark, _style(11, align=TA_LEFT))]
    sig = doc.signatory
    right: list[Flowable] = [_p(line, _style(14, bold=True)) for line in sig.heading_lines()]
    right += [_Anchor(anchor), Spacer(1, SIGNATURE_SPACE), _p(sig.full_name, _style(14, bold=True))]
    table = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle(CELLS)
    table.setStyle(TableStyle([("ALIGN", (0, 0), (0, 0), "LEFT")]))
    return table


def _decorate(doc: Document) -> tuple:
    def first(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        if doc.contact:  # ô 13: under a full-width line at the foot of page 1
            canvas.saveState()
            y = MARGINS_MM["bottom"] * mm - 4
            canvas.line(MARGINS_MM["left"] * mm, y + 12, A4[0] - MARGINS_MM["right"] * mm, y + 12)
            canvas.setFont(FONT, 11)
            canvas.drawString(MARGINS_MM["left"] * mm, y, doc.contact)
            canvas.restoreState()

    def later(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        # Page numbers: centred in the top margin, 13–14, not on page 1.
        canvas.saveState()
        canvas.setFont(FONT, 13)
        x = (MARGINS_MM["left"] * mm + A4[0] - MARGINS_MM["right"] * mm) / 2
        canvas.drawCentredString(x, A4[1] - 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    return first, later


def designation(full_name: str) -> fields.SigSeedValueSpec | None:
    """Seed value of the person field: the signer's certificate must carry this common name (ISO 32000
    /SV /Cert /SubjectDN, required). Readers that honour seed values (Adobe, pyHanko) refuse another
    person's key, and ``signing.sign_pdf`` checks it for every signing path of the application."""
    name = " ".join(unicodedata.normalize("NFC", full_name).split())
    if not name:
        return None
    return fields.SigSeedValueSpec(
        cert=fields.SigCertConstraints(
            flags=fields.SigCertConstraintFlags.SUBJECT_DN,
            subject_dn=asn1_x509.Name.build({"common_name": name}),
        )
    )


def _with_signature_fields(
    data: bytes, page: int, person: stamps.Box, seal: stamps.Box, signer: str = ""
) -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data)))
    for name, box, seed in ((FIELD_PERSON, person, designation(signer)), (FIELD_SEAL, seal, None)):
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                sig_field_name=name, box=stamps.int_box(box), on_page=page, seed_value_dict=seed
            ),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf(doc: Document, *, signature_fields: bool = True) -> RenderedPdf:
    """Render an A4 PDF; ``person_box``/``seal_box`` say where the two signatures go."""
    register_fonts()
    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGINS_MM["left"] * mm,
        rightMargin=MARGINS_MM["right"] * mm,
        topMargin=MARGINS_MM["top"] * mm,
        bottomMargin=MARGINS_MM["bottom"] * mm,
        title=f"{doc.doc_type.label.capitalize()} {doc.number_line.removeprefix('Số: ')}",
        author=doc.issuer,
        subject=doc.subject,
        lang="vi",
    )
    width = template.width
    anchor: dict[str, float] = {}
    story: list[Flowable] = [
        _header(doc, width),
        *_body(doc),
        Spacer(1, 10),
        _signature_block(doc, width, anchor),
    ]
    first, later = _decorate(doc)
    template.build(story, onFirstPage=first, onLaterPages=later)
    data = buf.getvalue()
    page_count = template.page
    center_x = MARGINS_MM["left"] * mm + width * 0.75
    person = stamps.person_box(center_x, anchor["y"] - 2)
    seal = stamps.seal_box(person)
    page = int(anchor["page"])
    if signature_fields:
        data = _with_signature_fields(data, page, person, seal, doc.signatory.full_name)
    return RenderedPdf(
        data=data, page_count=page_count, signature_page=page, person_box=person, seal_box=seal
    )
