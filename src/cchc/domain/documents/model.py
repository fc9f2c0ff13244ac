"""A văn bản hành chính as data: the components (ô số) of NĐ 30/2020 Phụ lục I, Phần I.

The model holds what a drafter decides; how it looks is the business of ``layout_docx`` and
``layout_pdf`` and how it is numbered is the business of ``numbering``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cchc.domain.documents.kinds import Authority, DocType, Secrecy, Urgency
from cchc.domain.documents.numbering import compose_symbol, format_date_line, format_number_line


def issuer_name(name: str, parent_body: str = "") -> str:
    """The issuing organ's name as printed in ô 2 of the page and on the organisation's seal — one rule.

    Under a parent organ line ("UBND TỈNH LAI CHÂU") the province is already said, so "Sở Văn hóa, Thể thao
    và Du lịch tỉnh Lai Châu" prints as "Sở Văn hóa, Thể thao và Du lịch"; without one the full name stays.
    """
    name = " ".join(name.split())
    if parent_body.strip():
        for word in (" tỉnh ", " thành phố "):
            head, sep, _tail = name.partition(word)
            if sep and head:
                return head
    return name


@dataclass(frozen=True)
class Signatory:
    """Ô 7: quyền hạn, chức vụ and họ tên. ``on_behalf_of`` is the line after the authority:
    for "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" it is "GIÁM ĐỐC" and ``position`` is "PHÓ GIÁM ĐỐC"."""

    full_name: str
    position: str
    authority: Authority = Authority.NONE
    on_behalf_of: str = ""

    def heading_lines(self) -> list[str]:
        """The upper-case lines above the signature (7a, 7b)."""
        if self.authority is Authority.NONE:
            return [self.position.upper()]
        return [f"{self.authority.value} {self.on_behalf_of.upper()}", self.position.upper()]


@dataclass(frozen=True)
class Item:
    """A numbered item of the body ("1.", "a)") with optional dash sub-paragraphs."""

    text: str
    number: str = ""
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recipients:
    """Ô 9b "Nơi nhận". The last line is always "- Lưu: VT, <đơn vị> (<số bản>)."."""

    lines: tuple[str, ...]
    archive_unit: str
    archive_copies: int | str = 2

    def all_lines(self) -> list[str]:
        # Every line but the archive one ends with ";" (Phụ lục I, ô 9b).
        out = [f"- {line.rstrip(';.')};" for line in self.lines]
        out.append(f"- Lưu: VT, {self.archive_unit} ({self.archive_copies}).")
        return out


@dataclass
class Document:
    """One administrative document being drafted or issued.

    ``number`` is ``None`` while drafting: it is assigned from the register at issue (Điều 15).
    ``issuer_abbr`` and ``drafting_unit_abbr`` feed the symbol (ô 3); ``subject`` is the trích yếu
    (without "V/v", which the layout adds for a công văn).
    """

    doc_type: DocType
    parent_organ: str
    issuer: str
    issuer_abbr: str
    drafting_unit_abbr: str
    place: str
    issue_date: dt.date
    subject: str
    signatory: Signatory
    recipients: Recipients
    number: int | None = None
    body: list[Item | str] = field(default_factory=list)
    addressees: tuple[str, ...] = ()
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NONE
    circulation: str = ""  # ô 11, e.g. "LƯU HÀNH NỘI BỘ"
    drafter_mark: str = ""  # ô 12, e.g. "VP.Hương.02"
    contact: str = ""  # ô 13: address, phone, email, website
    closing: str = ""  # e.g. "Nhận được công văn này, … thực hiện./."

    @property
    def symbol(self) -> str:
        return compose_symbol(self.doc_type, self.issuer_abbr, self.drafting_unit_abbr)

    @property
    def number_line(self) -> str:
        return format_number_line(self.number, self.symbol)

    @property
    def date_line(self) -> str:
        return format_date_line(self.place, self.issue_date)
