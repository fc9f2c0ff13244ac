"""Scanned PDFs read by OCR (Tesseract, Vietnamese): on scans generated from dev texts, the extraction F1 per
field stays within 0.05 of the text version's; a page takes at most 10 s."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.domain.directives import DirectiveInputError, extract
from cchc.domain.directives.evaluate import Score, compare
from cchc.domain.directives.ocr import available, extract_scanned, ocr_pdf
from cchc.domain.directives.reader import ScannedPdf, read_bytes

from .scans import scan_pdf

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(
        not available(), reason="tesseract-ocr + tesseract-ocr-vie + poppler-utils not installed"
    ),
]
# short letters of three kinds (one-paragraph công văn, công văn by unit, thông báo kết luận)
DOCS = [
    ("cv-10989-bnv-tcbc-2025-de-xuat-bien-che-2026-2031", 200, 0.8),
    ("cv-11414-vpcp-cn-2025-cao-toc-ben-luc-long-thanh-bien-hoa-vung-tau", 150, -0.6),
    ("tb-659-tb-vpcp-2025-ket-luan-thuc-hien-nq66-xay-dung-thi-hanh-phap-luat", 175, 1.0),
]
FIELDS = ["tasks", "responsible_units", "targets", "deadlines"]


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_scanned_pdf_is_recognised_as_such() -> None:
    with pytest.raises(ScannedPdf):
        read_bytes(scan_pdf("Kính gửi: Các phòng.\n1. Rà soát thủ tục hành chính."), name="scan.pdf")


def test_ocr_extraction_is_within_005_of_the_text_version(shared_dir: Path) -> None:
    text_scores = {f: Score() for f in FIELDS}
    ocr_scores = {f: Score() for f in FIELDS}
    per_page: list[float] = []
    for name, dpi, angle in DOCS:
        gold = json.loads((shared_dir / "realdata" / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        text = (shared_dir / "realdata" / "docs" / f"{name}.txt").read_text(encoding="utf-8")
        pdf = scan_pdf(text, dpi=dpi, angle=angle)
        seen: list[int] = []
        cpu0 = _children_cpu()
        ocr_text = ocr_pdf(pdf, lambda done, total, seen=seen: seen.append(done))
        assert seen == list(range(1, len(seen) + 1))  # progress after every page
        # processor time of pdftoppm + tesseract (one thread) per page: wall time on an idle machine, but not
        # inflated by the other jobs of a shared one
        per_page.append((_children_cpu() - cpu0) / len(seen))
        for scores, letter in ((text_scores, extract(text)), (ocr_scores, extract_scanned(ocr_text))):
            pred = letter.to_dict()
            for t, pt in zip(pred["tasks"], letter.tasks, strict=True):
                t["text"] = pt.text
            r = compare(gold, pred, name)
            for f in FIELDS:
                scores[f].add(r.scores[f])
    for f in FIELDS:
        assert ocr_scores[f].f1 >= text_scores[f].f1 - 0.05, (f, ocr_scores[f].f1, text_scores[f].f1)
    assert max(per_page) <= 10, per_page


def test_ocr_missing_tools_give_a_vietnamese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.domain.directives import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(DirectiveInputError, match="nhận dạng chữ"):
        ocr.ocr_pdf(b"%PDF-1.4")


def test_a_deadline_before_the_letter_is_a_misread_year_and_is_flagged() -> None:
    text = (
        "Số: 12/SVHTTDL-VP\nLai Châu, ngày 29 tháng 11 năm 2025\nKính gửi: Các phòng.\n"
        "1. Văn phòng Sở báo cáo kết quả trước ngày 10 tháng 12 năm 2023.\nNơi nhận:\n- Như trên;\n"
    )
    letter = extract_scanned(text)
    d = letter.tasks[0].deadline
    assert d is not None and d.iso == "2025-12-10" and d.confidence is not None and d.confidence < 0.5
    assert any("nhận dạng sai năm" in w for w in letter.warnings)
    assert any("OCR" in w for w in letter.warnings)
