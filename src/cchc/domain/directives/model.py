"""Dataclasses of a parsed directive (công văn, chỉ thị, kế hoạch, thông báo kết luận…).

Every extracted item carries ``span = (start, end)``: a half-open character range in the *normalised*
text (:attr:`ParsedLetter.text`), so that a review screen can highlight where it came from.
:meth:`ParsedLetter.to_dict` gives the JSON shape of the gold files (``shared/realdata/gold/*.json``)
plus the extra keys documented in ``docs/directives.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc.domain.errors import UserError

Span = tuple[int, int]


class DirectiveInputError(UserError):
    """The input cannot be read as a directive; the message is Vietnamese and meant for the user."""


@dataclass(frozen=True)
class OrgUnit:
    """A unit of the organisation tree (no Django): ``OrgUnit("VP", "Văn phòng Sở", "VP", ("Văn phòng",))``."""

    code: str
    name: str
    abbreviation: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class UnitRef:
    """A unit named in the text, normalised, with the org unit it was matched to (if an org tree was given)."""

    text: str
    span: Span
    code: str | None = None
    confidence: float | None = None
    external: bool | None = None  # set when an org tree is given: True if no unit of the organisation matches


@dataclass
class Target:
    """A numeric target: ``tối thiểu 30% thời gian giải quyết`` → value 30, unit "%", comparator ">="."""

    metric: str
    value: float | int | str
    unit: str
    comparator: str
    text: str
    span: Span
    target_year: int | None = None
    baseline: str | None = None
    year_span: Span | None = None  # where the target year is printed ("đến năm 2026")
    confidence: float | None = None


@dataclass
class Deadline:
    """A deadline as printed and as an ISO date; recurring and relative deadlines have no ISO date."""

    text: str
    span: Span
    iso: str | None = None
    recurring: str | None = None  # e.g. "FREQ=MONTHLY;BYMONTHDAY=15" or "thường xuyên"
    relative: str | None = None  # e.g. "10 ngày làm việc kể từ ngày nhận được văn bản"
    confidence: float | None = None


@dataclass
class Task:
    number: str
    summary: str
    text: str
    span: Span
    responsible: list[UnitRef] = field(default_factory=list)
    coordinating: list[UnitRef] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadline: Deadline | None = None
    responsible_is_default: bool = False
    # how the task was found: "item" (numbered item or bullet), "fields" (item with chủ trì / thời gian fields),
    # "table" (appendix row), "request" (sentence of a letter without items), "allocation" (quota by unit),
    # "article" (execution article of a quyết định)
    origin: str = "item"
    confidence: float | None = None


@dataclass
class CitedDocument:
    number: str
    doc_type: str | None
    date_iso: str | None
    span: Span


@dataclass
class Field:
    """A metadata value with where it was found."""

    value: str
    span: Span


@dataclass
class ParsedLetter:
    text: str
    doc_type: Field | None = None
    doc_number: Field | None = None
    issuer: Field | None = None
    parent_body: Field | None = None
    place: Field | None = None
    signed_date: Field | None = None
    subject: Field | None = None
    signer_name: Field | None = None
    signer_title: Field | None = None
    addressees: list[Field] = field(default_factory=list)
    recipients: list[Field] = field(default_factory=list)
    signed_by: Field | None = None
    signed_at: Field | None = None
    cited_documents: list[CitedDocument] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def signer(self) -> str | None:
        """Gold-file form: ``"Trần Mạnh Hùng (Giám đốc)"``."""
        if self.signer_name is None:
            return None
        if self.signer_title is None:
            return self.signer_name.value
        return f"{self.signer_name.value} ({self.signer_title.value})"

    def to_dict(self) -> dict[str, Any]:
        """The gold-file JSON keys first, then spans and extra metadata."""

        def val(f: Field | None) -> str | None:
            return f.value if f else None

        def spn(f: Field | None) -> list[int] | None:
            return list(f.span) if f else None

        tasks = []
        for t in self.tasks:
            item: dict[str, Any] = {
                "number": t.number,
                "summary": t.summary,
                "responsible_units": [u.text for u in t.responsible],
                "coordinating_units": [u.text for u in t.coordinating],
                "targets": [
                    {
                        "metric": g.metric,
                        "value": g.value,
                        "unit": g.unit,
                        "comparator": g.comparator,
                        "target_year": g.target_year,
                        "baseline": g.baseline,
                        "text": g.text,
                        "span": list(g.span),
                    }
                    for g in t.targets
                ],
                "deadline": t.deadline.text if t.deadline else None,
                "deadline_iso": t.deadline.iso if t.deadline else None,
                "recurring": t.deadline.recurring if t.deadline else None,
                "span": list(t.span),
                "deadline_span": list(t.deadline.span) if t.deadline else None,
                "deadline_relative": t.deadline.relative if t.deadline else None,
                "responsible_is_default": t.responsible_is_default,
                "responsible_unit_refs": [_unit_dict(u) for u in t.responsible],
                "coordinating_unit_refs": [_unit_dict(u) for u in t.coordinating],
                "origin": t.origin,
                "confidence": {
                    "task": t.confidence,
                    "responsible_units": [u.confidence for u in t.responsible],
                    "coordinating_units": [u.confidence for u in t.coordinating],
                    "targets": [g.confidence for g in t.targets],
                    "deadline": t.deadline.confidence if t.deadline else None,
                },
            }
            tasks.append(item)
        return {
            "doc_type": val(self.doc_type),
            "doc_number": val(self.doc_number),
            "issuer": val(self.issuer),
            "signed_date": val(self.signed_date),
            "signer": self.signer,
            "subject": val(self.subject),
            "addressees": [a.value for a in self.addressees],
            "recipients": [r.value for r in self.recipients],
            "signature": {"signed_by": val(self.signed_by), "signed_at": val(self.signed_at)}
            if self.signed_by or self.signed_at
            else None,
            "cited_documents": [c.number for c in self.cited_documents],
            "tasks": tasks,
            "parent_body": val(self.parent_body),
            "place": val(self.place),
            "signer_name": val(self.signer_name),
            "signer_title": val(self.signer_title),
            "cited_document_details": [
                {"number": c.number, "doc_type": c.doc_type, "date": c.date_iso, "span": list(c.span)}
                for c in self.cited_documents
            ],
            "spans": {
                "doc_type": spn(self.doc_type),
                "doc_number": spn(self.doc_number),
                "issuer": spn(self.issuer),
                "parent_body": spn(self.parent_body),
                "place": spn(self.place),
                "signed_date": spn(self.signed_date),
                "subject": spn(self.subject),
                "signer_name": spn(self.signer_name),
                "signer_title": spn(self.signer_title),
                "signed_by": spn(self.signed_by),
                "signed_at": spn(self.signed_at),
                "addressees": [list(a.span) for a in self.addressees],
                "recipients": [list(r.span) for r in self.recipients],
            },
            "warnings": list(self.warnings),
        }


def _unit_dict(u: UnitRef) -> dict[str, Any]:
    return {
        "text": u.text,
        "span": list(u.span),
        "code": u.code,
        "confidence": u.confidence,
        "external": u.external,
    }
