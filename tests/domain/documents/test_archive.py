"""Archive fixity (SHA-256) and the Phụ lục VI metadata export."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cchc.domain.documents.fixity import check_fixity, record_fixity, sha256_file
from cchc.domain.documents.metadata import (
    Addressee,
    Dossier,
    FileCode,
    MetadataError,
    OutgoingDocument,
    SignerInfo,
    dossier_to_xml,
)


def test_sha256_is_streamed_and_matches_hashlib(tmp_path: Path) -> None:
    data = b"x" * (3 * 1024 * 1024 + 17)  # more than one chunk
    path = tmp_path / "vanban.pdf"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_fixity_check_detects_a_changed_or_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "vanban.pdf"
    path.write_bytes(b"%PDF-1.7 signed")
    record = record_fixity(path)
    assert check_fixity(path, record).ok
    assert check_fixity(path, record.digest.upper()).ok
    path.write_bytes(b"%PDF-1.7 signeD")
    changed = check_fixity(path, record)
    assert not changed.ok and "không khớp" in changed.message
    path.unlink()
    assert not check_fixity(path, record).ok


def _dossier() -> Dossier:
    code = FileCode("000.00.27.H29", 2026, "01.VP")
    doc = OutgoingDocument(
        file_code=code, doc_ordinal=1, type_name="Công văn", code_number="1036", code_notation="SVHTTDL-VP",
        issued_date=dt.date(2026, 3, 27), organ_name="Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu",
        subject="V/v đẩy mạnh, nâng cao chất lượng chỉ đạo, điều hành trong thực hiện công tác cải cách hành chính",
        page_amount=3, signer=SignerInfo("Giám đốc", "Trần Mạnh Hùng"),
        to=(Addressee("000.01.27.H29", "Văn phòng Sở"),), sha256="ab" * 32,
    )  # fmt: skip
    return Dossier(
        file_code=code, title="Hồ sơ cải cách hành chính năm 2026", maintenance="10 năm", rights="Công khai",
        creator="Nguyễn Thị Hương", start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 12, 31),
        page_total=3, documents=[doc],
    )  # fmt: skip


def test_dossier_xml_has_phu_luc_vi_fields_and_documents() -> None:
    root = ET.fromstring(dossier_to_xml(_dossier()))
    assert root.tag == "File"
    assert [c.tag for c in root.find("FileCode")] == ["OrganId", "FileCatalog", "FileNotation"]
    for tag in ("Title", "Maintenance", "Rights", "Creator", "Language", "StartDate", "EndDate", "DocTotal",
                "PageTotal", "Description"):  # fmt: skip
        assert root.find(tag) is not None, tag
    assert root.findtext("DocTotal") == "1" and root.findtext("StartDate") == "05/01/2026"
    doc = root.find("Documents/Document")
    assert doc.findtext("CodeNumber") == "1036" and doc.findtext("CodeNotation") == "SVHTTDL-VP"
    assert doc.findtext("SignerInfo/FullName") == "Trần Mạnh Hùng"
    assert doc.findtext("IssuedDate") == "27/03/2026"


def test_overlong_fields_are_refused() -> None:
    dossier = _dossier()
    bad = Dossier(**{**dossier.__dict__, "creator": "x" * 31})
    with pytest.raises(MetadataError):
        dossier_to_xml(bad)
