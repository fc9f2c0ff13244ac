"""Inputs: encodings, legacy fonts, docx, pdf, and the Vietnamese error messages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cchc.domain.directives import DirectiveInputError, extract
from cchc.domain.directives.legacy import unicode_to_tcvn3
from cchc.domain.directives.reader import MAX_FILE_BYTES, read_bytes, read_path

SAMPLE = "Kính gửi: Các phòng, đơn vị trực thuộc Sở.\n\n1. Cắt giảm tối thiểu 30% thời gian giải quyết thủ tục hành chính.\n"


def test_utf16_and_cp1258_are_decoded() -> None:
    assert "Cắt giảm" in read_bytes(SAMPLE.encode("utf-16"), name="a.txt")
    import unicodedata

    decomposed = unicodedata.normalize("NFD", SAMPLE)
    raw = read_bytes(decomposed.encode("cp1258", errors="ignore"), name="a.txt")
    assert "thủ tục" in unicodedata.normalize("NFC", raw)


def test_tcvn3_text_is_converted_to_unicode() -> None:
    legacy = unicode_to_tcvn3(SAMPLE).encode("latin-1")
    text = read_bytes(legacy, name="cv.txt")
    assert "Cắt giảm tối thiểu 30% thời gian" in text


def test_vni_text_is_converted_to_unicode() -> None:
    vni = "Kính gôûi: Caùc phoøng. Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Caét giaûm toái thieåu 30% thôøi gian."
    text = read_bytes(vni.encode("latin-1"), name="cv.txt")
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in text


def test_binary_file_is_refused_in_vietnamese() -> None:
    with pytest.raises(DirectiveInputError, match="nhị phân"):
        read_bytes(b"\x00\x01\x02\x03binary\x00" * 50, name="x.txt")


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DirectiveInputError, match="quá lớn"):
        read_bytes(b"a" * (MAX_FILE_BYTES + 1), name="big.txt")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DirectiveInputError, match="Không tìm thấy"):
        read_path(tmp_path / "khong-co.txt")


def test_scanned_pdf_without_text_layer_is_refused() -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(DirectiveInputError, match="không có lớp văn bản"):
        read_bytes(buf.getvalue(), name="scan.pdf")


def test_pdf_with_text_layer_is_read() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 800, "Kinh gui: Cac phong. 1. Ra soat thu tuc hanh chinh truoc ngay 30/6/2026.")
    c.save()
    assert "30/6/2026" in read_bytes(buf.getvalue(), name="cv.pdf")


def test_docx_is_read(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in SAMPLE.splitlines():
        d.add_paragraph(line)
    path = tmp_path / "cv.docx"
    d.save(str(path))
    letter = extract(path)
    assert letter.tasks and letter.tasks[0].targets[0].value == 30


def test_broken_docx_is_refused() -> None:
    with pytest.raises(DirectiveInputError, match="docx"):
        read_bytes(b"PK\x03\x04not really a zip" * 10, name="x.docx")


def test_a_letter_pdf_with_active_content_is_refused_before_reading_or_ocr() -> None:
    """A PDF carrying JavaScript or an automatic action is refused with a Vietnamese sentence, whether it has a
    text layer or would go to OCR as a scan (the directive upload used to queue it for OCR and keep it)."""
    from tests.malformed import javascript_pdf

    with pytest.raises(DirectiveInputError) as caught:
        read_bytes(javascript_pdf(), name="cong-van.pdf")
    assert "JavaScript" in str(caught.value) or "tự chạy" in str(caught.value)
    assert "không nhận vì lý do an toàn" in str(caught.value)
