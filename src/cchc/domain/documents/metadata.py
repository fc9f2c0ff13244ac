"""E-document metadata of NĐ 30/2020 Phụ lục VI Phần II: văn bản đi (mục I) and hồ sơ (mục III),
with an XML export of a hồ sơ and its documents (the system must export hồ sơ to .xml).

Element names are the decree's field names (FileCode, OrganId, …); lengths are the decree's
maxima and are checked before export, so a bad record fails here and not at the archive.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileCode:
    """Mã hồ sơ: OrganId (mã cơ quan, ≤13) + FileCatalog (năm, 4 digits) + FileNotation (số và ký
    hiệu hồ sơ, ≤20)."""

    organ_id: str
    file_catalog: int
    file_notation: str

    def __str__(self) -> str:
        return f"{self.organ_id}.{self.file_catalog}.{self.file_notation}"


@dataclass(frozen=True)
class SignerInfo:
    position: str
    full_name: str


@dataclass(frozen=True)
class Addressee:
    organ_id: str
    organ_name: str


@dataclass(frozen=True)
class OutgoingDocument:
    """Phụ lục VI Phần II mục I — văn bản đi."""

    file_code: FileCode
    doc_ordinal: int  # số thứ tự văn bản trong hồ sơ
    type_name: str
    code_number: str  # số văn bản
    code_notation: str  # ký hiệu
    issued_date: dt.date
    organ_name: str
    subject: str
    language: str = "Tiếng Việt"
    page_amount: int = 1
    description: str = ""
    signer: SignerInfo | None = None
    to: tuple[Addressee, ...] = ()
    priority: int = 0  # 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc
    issued_amount: int = 1
    due_date: dt.date | None = None
    sha256: str = ""  # not in Phụ lục VI: fixity of the stored file, exported as an extension


@dataclass(frozen=True)
class Dossier:
    """Phụ lục VI Phần II mục III — hồ sơ."""

    file_code: FileCode
    title: str
    maintenance: str  # thời hạn bảo quản, e.g. "10 năm", "Vĩnh viễn"
    rights: str  # chế độ sử dụng, e.g. "Công khai", "Hạn chế"
    creator: str  # người lập hồ sơ
    start_date: dt.date
    end_date: dt.date | None = None
    language: str = "Tiếng Việt"
    page_total: int = 0
    description: str = ""
    documents: list[OutgoingDocument] = field(default_factory=list)

    @property
    def doc_total(self) -> int:
        return len(self.documents)


# Maximum lengths (String n / Number n) of Phụ lục VI.
LIMITS = {
    "OrganId": 13, "FileNotation": 20, "TypeName": 100, "CodeNumber": 11, "CodeNotation": 30,
    "OrganName": 200, "Subject": 500, "Language": 50, "Description": 500, "Position": 100,
    "FullName": 50, "Title": 500, "Maintenance": 30, "Rights": 30, "Creator": 30,
}  # fmt: skip


class MetadataError(ValueError):
    pass


def _sub(parent: ET.Element, tag: str, value: object) -> ET.Element:
    text = "" if value is None else value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    limit = LIMITS.get(tag)
    if limit is not None and len(text) > limit:
        raise MetadataError(f"{tag} dài {len(text)} ký tự, tối đa {limit} (Phụ lục VI NĐ 30/2020)")
    el = ET.SubElement(parent, tag)
    el.text = text
    return el


def _file_code(parent: ET.Element, code: FileCode) -> None:
    fc = ET.SubElement(parent, "FileCode")
    _sub(fc, "OrganId", code.organ_id)
    if not 1000 <= code.file_catalog <= 9999:
        raise MetadataError("FileCatalog phải là năm 4 chữ số")
    _sub(fc, "FileCatalog", code.file_catalog)
    _sub(fc, "FileNotation", code.file_notation)


def document_element(doc: OutgoingDocument) -> ET.Element:
    el = ET.Element("Document")
    _file_code(el, doc.file_code)
    for tag, value in (
        ("DocOrdinal", doc.doc_ordinal), ("TypeName", doc.type_name), ("CodeNumber", doc.code_number),
        ("CodeNotation", doc.code_notation), ("IssuedDate", doc.issued_date), ("OrganName", doc.organ_name),
        ("Subject", doc.subject), ("Language", doc.language), ("PageAmount", doc.page_amount),
        ("Description", doc.description),
    ):  # fmt: skip
        _sub(el, tag, value)
    if doc.signer:
        si = ET.SubElement(el, "SignerInfo")
        _sub(si, "Position", doc.signer.position)
        _sub(si, "FullName", doc.signer.full_name)
    for to in doc.to:
        t = ET.SubElement(el, "To")
        _sub(t, "OrganId", to.organ_id)
        _sub(t, "OrganName", to.organ_name)
    _sub(el, "Priority", doc.priority)
    _sub(el, "IssuedAmount", doc.issued_amount)
    _sub(el, "DueDate", doc.due_date)
    if doc.sha256:
        _sub(el, "Sha256", doc.sha256)
    return el


def dossier_element(dossier: Dossier) -> ET.Element:
    el = ET.Element("File")
    _file_code(el, dossier.file_code)
    for tag, value in (
        ("Title", dossier.title), ("Maintenance", dossier.maintenance), ("Rights", dossier.rights),
        ("Creator", dossier.creator), ("Language", dossier.language), ("StartDate", dossier.start_date),
        ("EndDate", dossier.end_date), ("DocTotal", dossier.doc_total), ("PageTotal", dossier.page_total),
        ("Description", dossier.description),
    ):  # fmt: skip
        _sub(el, tag, value)
    docs = ET.SubElement(el, "Documents")
    for doc in sorted(dossier.documents, key=lambda d: d.doc_ordinal):
        docs.append(document_element(doc))
    return el


def dossier_to_xml(dossier: Dossier) -> bytes:
    """UTF-8 XML of a hồ sơ with its documents (dates dd/mm/yyyy as in Phụ lục VI's Date10)."""
    root = dossier_element(dossier)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
