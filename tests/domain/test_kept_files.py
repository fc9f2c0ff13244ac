"""files.check_kept_file: a file kept as sent (a task's evidence) is what its extension says, with nothing
active (PDF scripts, Office macros) or explosive (zip bombs) in it."""

from __future__ import annotations

import io
import zipfile

import pytest

from cchc.domain.files import FileProblem, check_kept_file, sniff
from tests.malformed import PNG, javascript_pdf, xlsx_bytes, zip_bomb_xlsx

PLAIN_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # fmt: skip


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _docx(*extra: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            **{e: b"x" for e in extra},
        }
    )


def _ole(*names: str) -> bytes:
    directory = b"".join(n.encode("utf-16-le").ljust(64, b"\0") for n in names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bien-ban.pdf", PLAIN_PDF),
        ("bao-cao.docx", _docx()),
        ("so-lieu.xlsx", xlsx_bytes([["Mã", "Số"], ["A", 1]])),
        ("cu.doc", _ole("Root Entry", "WordDocument")),
        ("anh.png", PNG),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32),
        ("ghi-chu.txt", "Đã họp triển khai.".encode()),
        ("ho-so.zip", _zip({"a.txt": b"mot"})),
    ],
)
def test_ordinary_evidence_is_kept(name, data):
    check_kept_file(data, name=name)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("js.pdf", javascript_pdf(), "chứa lệnh tự chạy khi mở"),
        ("anh.pdf", PNG, "nội dung là tệp ảnh PNG"),
        ("bao-cao.txt", PLAIN_PDF, "nội dung là tệp PDF"),
        ("bang.xlsx", b"Ma,Ten\n1,A\n", "nội dung không phải tệp .xlsx"),
        ("bom.xlsx", zip_bomb_xlsx(), "bom nén"),
        ("bom.zip", zip_bomb_xlsx(), "bom nén"),
        ("bao-cao.docx", xlsx_bytes([["a"]]), "thiếu phần nội dung chính"),
        ("macro.docx", _docx("word/vbaProject.bin"), "chứa macro"),
        ("macro.doc", _ole("Root Entry", "WordDocument", "_VBA_PROJECT"), "chứa macro"),
        ("nul.txt", b"Bien ban\x00\x00", "ký tự NUL"),
        ("ngoac.txt", b"[" * 500 + b"]" * 500, "không có chữ nào"),
    ],
)
def test_a_file_that_is_not_what_it_says_or_carries_active_content_is_refused_in_words(name, data, words):
    with pytest.raises(FileProblem) as exc:
        check_kept_file(data, name=name)
    assert words in str(exc.value) and f"“{name}”" in str(exc.value)


def test_sniff_names_the_kind_of_the_bytes():
    assert [sniff(d) for d in (PLAIN_PDF, PNG, _docx(), _ole("Root Entry"), b"abc")] == [
        "PDF", "PNG", "ZIP", "OLE", "TEXT",
    ]  # fmt: skip
