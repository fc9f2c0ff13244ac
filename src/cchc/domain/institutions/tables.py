"""Reading the legal-document review tables: the register of documents and the findings of a review round
(CSV / XLSX).

The header spellings are data (``data/institutions_profiles.toml``); the file is read by the one table reader
(:func:`cchc.domain.procedures.tables.read_table`, through the safe readers of :mod:`cchc.domain.files`).
Every data row ends up either as a record or as a :class:`RejectedRow` with its row number, its cells as
printed and the Vietnamese reasons — nothing is dropped. Codes or labels of an effect, a handling form, a
relation or a proposal status are both accepted (an export reads back). Nothing is written: the app decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from cchc.domain.procedures.tables import (
    HeaderProfile,
    ParseResult,
    RejectedRow,
    TableError,
    date_of,
    detect_profile,
    load_profiles,
    read_table,
    records_of,
    text_of,
)
from cchc.domain.text import fold

from . import review

__all__ = [
    "DOCUMENTS",
    "FINDINGS",
    "DocumentRow",
    "FindingRow",
    "ParseResult",
    "RejectedRow",
    "TableError",
    "parse",
    "parse_rows",
]

PROFILES: tuple[HeaderProfile, ...] = load_profiles(
    resources.files("cchc.domain.data").joinpath("institutions_profiles.toml").read_text(encoding="utf-8")
)
DOCUMENTS, FINDINGS = PROFILES  # by `order`

# The app's choices, by code and by label (folded): "Chủ trì soạn thảo" or "chu_tri".
RELATIONS = {"chu_tri": "Chủ trì soạn thảo", "ap_dung": "Áp dụng, thi hành"}
PROPOSALS = {"de_nghi": "Đã đề nghị", "dang_xu_ly": "Đang xử lý", "da_xu_ly": "Đã xử lý"}


@dataclass(frozen=True, slots=True)
class DocumentRow:
    row_number: int
    symbol: str
    doc_type: str
    title: str
    issuer: str
    issued_on: date
    effective_on: date | None
    relation: str
    effect: str
    unit: str  # as written ("" = the unit chosen for the import): the app resolves it
    raw: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class FindingRow:
    row_number: int
    symbol: str
    effect: str
    form: str
    reason: str
    reviewed_on: date | None
    proposal_status: str
    handled_on: date | None
    raw: dict[str, str] = field(default_factory=dict, compare=False)


def _lookup(choices: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, label in choices.items():
        found[fold(code)] = code
        found[fold(label)] = code
    return found


def _choice(text: str, choices: dict[str, str], what: str, reasons: list[str], *, default: str = "") -> str:
    if not text:
        return default
    code = _lookup(choices).get(fold(text))
    if code is None:
        named = ", ".join(choices.values())
        reasons.append(f"{what} không hợp lệ: “{text}” (một trong: {named})")
        return ""
    return code


def _effects(rules: review.Rules) -> dict[str, str]:
    return {e.code: e.label for e in rules.effects.values()}


def _forms(rules: review.Rules) -> dict[str, str]:
    return {f.code: f.label for f in rules.forms.values()}


def _document(
    number: int, cells: Sequence[Any], index: dict[str, int], reasons: list[str], *, rules: review.Rules
) -> DocumentRow | None:
    symbol = text_of(cells, index, "symbol")
    if not symbol:
        reasons.append("Thiếu số, ký hiệu văn bản")
    doc_type = text_of(cells, index, "doc_type")
    if not doc_type:
        reasons.append("Thiếu loại văn bản")
    title = text_of(cells, index, "title")
    if not title:
        reasons.append("Thiếu trích yếu")
    issued = date_of(cells, index, "issued_on", "Ngày ban hành", reasons)
    if issued is None and not text_of(cells, index, "issued_on"):
        reasons.append("Thiếu ngày ban hành")
    effective = date_of(cells, index, "effective_on", "Ngày có hiệu lực", reasons)
    if issued and effective and effective < issued:
        reasons.append("Ngày có hiệu lực trước ngày ban hành")
    relation = _choice(
        text_of(cells, index, "relation"), RELATIONS, "Quan hệ với đơn vị", reasons, default="ap_dung"
    )
    effect = _choice(
        text_of(cells, index, "effect"),
        _effects(rules),
        "Tình trạng hiệu lực",
        reasons,
        default="con_hieu_luc",
    )
    if reasons or issued is None:
        return None
    return DocumentRow(
        number, symbol, doc_type, title, text_of(cells, index, "issuer"), issued, effective, relation, effect,
        text_of(cells, index, "unit"),
    )  # fmt: skip


def _finding(
    number: int, cells: Sequence[Any], index: dict[str, int], reasons: list[str], *, rules: review.Rules
) -> FindingRow | None:
    symbol = text_of(cells, index, "symbol")
    if not symbol:
        reasons.append("Thiếu số, ký hiệu văn bản")
    effect_text = text_of(cells, index, "effect")
    if not effect_text:
        reasons.append("Thiếu kết quả rà soát (tình trạng hiệu lực)")
    effect = _choice(effect_text, _effects(rules), "Kết quả rà soát", reasons)
    form = _choice(text_of(cells, index, "form"), _forms(rules), "Hình thức xử lý", reasons)
    status = _choice(text_of(cells, index, "proposal_status"), PROPOSALS, "Tình trạng đề nghị", reasons)
    reviewed = date_of(cells, index, "reviewed_on", "Ngày rà soát", reasons)
    handled = date_of(cells, index, "handled_on", "Ngày xử lý xong", reasons)
    if effect and not reasons:
        try:
            review.check_finding(review.Finding(symbol, effect, form), rules)
        except review.ReviewRulesError as exc:
            reasons.append(str(exc))
    if status and form and not rules.forms[form].changes:
        reasons.append(f"Hình thức “{rules.forms[form].label}” không có đề nghị xử lý để ghi tình trạng")
    if status == "da_xu_ly" and handled is None and not reasons:
        reasons.append("Đề nghị đã xử lý cần ngày xử lý xong")
    if reasons:
        return None
    return FindingRow(
        number, symbol, effect, form, text_of(cells, index, "reason"), reviewed, status, handled
    )


def parse_rows(
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence[Any]]],
    profile: HeaderProfile,
    rules: review.Rules | None = None,
) -> ParseResult:
    """Records and rejected rows of ``rows`` read with ``profile``; a document seen twice (same số, ký hiệu
    and unit) rejects the later row."""
    rules = rules or review.load_rules()
    if profile.kind == "documents":
        build = partial(_document, rules=rules)
        return records_of(headers, rows, profile, build, lambda r: (fold(r.symbol), fold(r.unit)))
    return records_of(headers, rows, profile, partial(_finding, rules=rules), lambda r: (fold(r.symbol),))


def parse(path: str | Path, kind: str | None = None) -> ParseResult:
    """Read a register (``documents``) or findings (``findings``) table; without ``kind`` the headers decide."""
    headers, rows = read_table(path)
    profiles = [p for p in PROFILES if kind is None or p.kind == kind]
    profile = detect_profile(headers, profiles)
    return parse_rows(headers, rows, profile)
