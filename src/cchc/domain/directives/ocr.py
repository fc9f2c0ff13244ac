"""Scanned PDFs → text with Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-vie``), page by page.

Pages are rendered by ``pdftoppm`` (poppler-utils) at :data:`DPI` in grey and read by ``tesseract -l vie``,
one process per page so a caller can report progress ("trang 3/7") and a stuck page times out alone. Both
programs are run without a shell, on files in a private temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import regex

from .model import DirectiveInputError, ParsedLetter

DPI = 300  # scans arrive at 150–300 dpi; rendering the PDF at 300 gives Tesseract letters it reads well
PAGE_TIMEOUT_S = 60
MAX_PAGES = 60
LANG = "vie"


class OcrUnavailable(DirectiveInputError):
    """Tesseract or its Vietnamese data is not installed on this server."""


def available() -> bool:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm") and shutil.which("pdfinfo")):
        return False
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in out.stdout.split()


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=30, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise DirectiveInputError("Tệp PDF bị hỏng, không đọc được số trang.")


def ocr_pdf(data: bytes, progress: Callable[[int, int], None] | None = None) -> str:
    """The text of a scanned PDF. ``progress(done, total)`` is called after each page."""
    if not available():
        raise OcrUnavailable(
            "Máy chủ chưa cài công cụ nhận dạng chữ (tesseract-ocr, tesseract-ocr-vie, poppler-utils): chưa đọc "
            "được bản quét. Hãy báo quản trị hệ thống hoặc tải lên tệp .docx/.pdf có lớp chữ."
        )
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one page per core at most: the machine is shared
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as tmp:
        folder = Path(tmp)
        pdf = folder / "scan.pdf"
        pdf.write_bytes(data)
        total = page_count(pdf)
        if total > MAX_PAGES:
            raise DirectiveInputError(
                f"Bản quét có {total} trang; chỉ nhận dạng tối đa {MAX_PAGES} trang một lần."
            )
        pages: list[str] = []
        for n in range(1, total + 1):
            stem = folder / f"p{n}"
            try:
                subprocess.run(
                    ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(n), "-l", str(n), "-singlefile",
                     str(pdf), str(stem)],
                    check=True, capture_output=True, timeout=PAGE_TIMEOUT_S, env=env,
                )  # fmt: skip
                out = subprocess.run(
                    ["tesseract", f"{stem}.png", "stdout", "-l", LANG, "--psm", "6"],
                    check=True, capture_output=True, timeout=PAGE_TIMEOUT_S, env=env,
                )  # fmt: skip
            except subprocess.TimeoutExpired as exc:
                raise DirectiveInputError(f"Nhận dạng trang {n} quá lâu; hãy thử bản quét rõ hơn.") from exc
            except subprocess.CalledProcessError as exc:
                raise DirectiveInputError(f"Không nhận dạng được trang {n} của bản quét.") from exc
            pages.append(out.stdout.decode("utf-8", errors="replace"))
            (folder / f"p{n}.png").unlink(missing_ok=True)
            if progress is not None:
                progress(n, total)
    text = fix_common_misreads("\n".join(pages))
    if sum(1 for c in text if c.isalpha()) < 20:
        raise DirectiveInputError("Bản quét không có chữ đọc được (trang trắng hoặc ảnh quá mờ).")
    return text


# Misreadings of the letter's fixed forms, one row each: (pattern, replacement, example).
MISREADS: list[tuple[regex.Pattern[str], str, str]] = [
    (regex.compile(r"(?m)^([ \t|]*)V\s*[/ỊIl1|]\s*[vVy](?=\s|$)"), r"\1V/v", "VỊV đề xuất … → V/v đề xuất …"),
    (regex.compile(r"(?m)^([ \t|]*)S[ốô6]\s*[:;]\s*(?=\d)"), r"\1Số: ", "Sô; 10989/BNV → Số: 10989/BNV"),
]


def fix_common_misreads(text: str) -> str:
    for rx, repl, _example in MISREADS:
        text = rx.sub(repl, text)
    return text


def extract_scanned(text: str, **kwargs: object) -> ParsedLetter:
    """:func:`extract` on OCR text, then the checks a scan needs: a deadline printed before the letter's own
    date is a misread digit of its year ("năm 2023" for 2025 in a letter of 29/11/2025) when the letter's year
    makes it plausible; it is corrected, its confidence set low and a warning added. The letter says it came
    from OCR."""
    from datetime import date

    from .extract import extract

    letter = extract(text, **kwargs)  # type: ignore[arg-type]
    signed = letter.signed_date.value if letter.signed_date else None
    if signed:
        signed_on = date.fromisoformat(signed)
        for t in letter.tasks:
            d = t.deadline
            if d is None or not d.iso or d.iso >= signed:
                continue
            due = date.fromisoformat(d.iso)
            for year in (signed_on.year, signed_on.year + 1):
                try:
                    fixed = due.replace(year=year)
                except ValueError:
                    continue
                if fixed >= signed_on and abs(year - due.year) <= 9:
                    letter.warnings.append(
                        f"Nhiệm vụ {t.number}: thời hạn “{d.text}” trước ngày ban hành; có thể nhận dạng sai năm, "
                        f"đã đọc là {fixed.strftime('%d/%m/%Y')} — hãy kiểm tra."
                    )
                    d.iso = fixed.isoformat()
                    d.confidence = min(d.confidence or 1.0, 0.3)
                    break
    letter.warnings.append(
        "Văn bản được đọc từ bản quét bằng nhận dạng chữ (OCR): hãy đối chiếu với bản gốc."
    )
    return letter
