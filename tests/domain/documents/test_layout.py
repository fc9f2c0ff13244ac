"""Rendering in the NĐ 30/2020 layout: PDF (reportlab, always) and DOCX (+ LibreOffice when present)."""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document as open_docx
from docx.shared import Pt
from pypdf import PdfReader

from cchc.domain.documents import layout_docx
from cchc.domain.documents.layout_pdf import FIELD_PERSON, FIELD_SEAL, render_pdf
from tests.domain.documents import samples

EXPECTED = [
    "UBND TỈNH LAI CHÂU",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 1036/SVHTTDL-VP",
    "Lai Châu, ngày 27 tháng 3 năm 2026",
    "Kính gửi: Các phòng, đơn vị trực thuộc Sở.",
    "Nơi nhận:",
    "- Lưu: VT, VP (Hương).",
    "GIÁM ĐỐC",
    "Trần Mạnh Hùng",
]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_pdf_text_keeps_vietnamese_diacritics() -> None:
    text = _text(render_pdf(samples.letter()).data)
    for needle in EXPECTED:
        assert needle in text, needle
    assert "V/v đẩy mạnh, nâng cao chất lượng chỉ đạo" in text


def test_pdf_is_a4_with_numbered_later_pages_and_signature_fields() -> None:
    rendered = render_pdf(samples.letter(extra_paragraphs=6))
    reader = PdfReader(io.BytesIO(rendered.data))
    assert rendered.page_count == len(reader.pages) >= 2
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    assert reader.pages[1].extract_text().strip().startswith("2")  # page number on page 2
    assert not reader.pages[0].extract_text().strip().startswith("1")  # none on page 1
    assert set(reader.get_fields() or {}) >= {FIELD_PERSON, FIELD_SEAL}
    # The seal's right edge falls on the first third of the signer's image (Phụ lục I, ô 8).
    assert rendered.seal_box[2] < (rendered.person_box[0] + rendered.person_box[2]) / 2


def test_decision_has_type_title_and_kt_signature() -> None:
    text = _text(render_pdf(samples.decision()).data)
    for needle in [
        "Số: 05/QĐ-SVHTTDL",
        "ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ]:
        assert needle in text, needle


def test_docx_has_nd30_margins_font_and_sizes() -> None:
    d = open_docx(io.BytesIO(layout_docx.render_docx(samples.letter())))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert 20 <= round(s.top_margin.mm) <= 25 and 20 <= round(s.bottom_margin.mm) <= 25
    assert 30 <= round(s.left_margin.mm) <= 35 and 15 <= round(s.right_margin.mm) <= 20
    assert s.different_first_page_header_footer
    header_cells = d.tables[0].rows[0].cells
    assert all(c.width is not None for c in header_cells)
    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    runs += [
        r for t in d.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs if r.text.strip()
    ]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert all(r._element.rPr.rFonts.get(f"{ns}eastAsia") == "Times New Roman" for r in runs)
    body = next(p for p in d.paragraphs if p.text.startswith("Thực hiện Công văn"))
    assert body.alignment == 3  # JUSTIFY
    assert round(body.paragraph_format.first_line_indent.mm, 1) == 10.0
    assert body.runs[0].font.size == Pt(14)
    texts = [p.text for c in header_cells for p in c.paragraphs]
    assert "Số: 1036/SVHTTDL-VP" in texts and "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in texts


@pytest.mark.skipif(
    layout_docx.soffice_path() is None,
    reason="LibreOffice (soffice) chưa cài: apt install libreoffice-writer-nogui",
)
def test_docx_converts_to_pdf_with_libreoffice() -> None:
    text = _text(layout_docx.docx_to_pdf(layout_docx.render_docx(samples.letter())))
    for needle in EXPECTED:
        assert needle in text, needle
