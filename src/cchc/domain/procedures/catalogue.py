"""Catalogue of procedures (TTHC and TTHC nội bộ) and their history of publishing decisions.

A procedure's state is the result of the decisions (quyết định công bố) that published, amended or
abolished it; each is a :class:`ProcedureVersion`. The Django app stores versions; the current
catalogue is computed by :func:`current_catalogue` so both share one rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cchc.domain.errors import UserError
from cchc.domain.procedures.fees import FeeRule
from cchc.domain.procedures.time_limits import TimeLimit
from cchc.domain.text import fold

__all__ = [
    "ChangeKind",
    "Channel",
    "Decision",
    "Level",
    "OnlineLevel",
    "Procedure",
    "ProcedureKind",
    "ProcedureVersion",
    "current_catalogue",
    "fold",
    "parse_change_kind",
    "parse_channels",
    "parse_levels",
    "parse_online_level",
]


class ProcedureKind(StrEnum):
    ADMINISTRATIVE = "tthc"  # thủ tục hành chính (citizens, businesses)
    INTERNAL = "noi_bo"  # TTHC nội bộ (between / inside state agencies)


class Level(StrEnum):
    PROVINCE = "cấp tỉnh"
    COMMUNE = "cấp xã"
    CENTRAL = "cấp trung ương"


class OnlineLevel(StrEnum):
    FULL = "toàn trình"
    PARTIAL = "một phần"
    NONE = "không"


class Channel(StrEnum):
    DIRECT = "trực tiếp"
    POST = "bưu chính công ích"
    ONLINE = "trực tuyến"


class ChangeKind(StrEnum):
    NEW = "mới ban hành"
    AMENDED = "sửa đổi, bổ sung"
    REPLACED = "thay thế"
    ABOLISHED = "bãi bỏ"
    LISTED = "công bố danh mục"  # listed again without change (e.g. "không phụ thuộc địa giới")


@dataclass(frozen=True, slots=True)
class Decision:
    """A quyết định công bố (or a simplification decision): "2031/QĐ-UBND" of 28/11/2025."""

    number: str
    signed: date
    issuer: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str  # national code "1.001653"
    name: str
    field: str = ""  # lĩnh vực
    levels: tuple[Level, ...] = ()
    responsible_unit: str = ""  # cơ quan thực hiện / thẩm quyền
    time_limit: TimeLimit | None = None
    fees: tuple[FeeRule, ...] = ()
    online_level: OnlineLevel | None = None  # None = not stated in the source
    channels: tuple[Channel, ...] = ()
    places: str = ""  # địa điểm thực hiện
    legal_basis: tuple[str, ...] = ()
    kind: ProcedureKind = ProcedureKind.ADMINISTRATIVE
    code_as_published: str = ""  # "1.003901.H42"
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ProcedureVersion:
    """One decision's effect on one procedure. ``procedure`` is the state after the decision
    (``None`` for an abolition)."""

    code: str
    decision: Decision
    change: ChangeKind
    procedure: Procedure | None
    changed_parts: tuple[str, ...] = field(default=())  # "Thời hạn giải quyết"
    note: str = ""

    @property
    def effective(self) -> date:
        return self.decision.signed


def current_catalogue(versions: Iterable[ProcedureVersion], on: date | None = None) -> dict[str, Procedure]:
    """The catalogue in force on ``on`` (all versions when ``None``): per code the latest version;
    abolished codes are absent. Ties on the same date keep input order (later wins)."""
    latest: dict[str, ProcedureVersion] = {}
    indexed = sorted(enumerate(versions), key=lambda iv: (iv[1].effective, iv[0]))
    for _, version in indexed:
        if on is not None and version.effective > on:
            continue
        latest[version.code] = version
    return {
        code: v.procedure
        for code, v in latest.items()
        if v.change is not ChangeKind.ABOLISHED and v.procedure is not None
    }


_LEVEL_WORDS = {
    "tinh": Level.PROVINCE,
    "so": Level.PROVINCE,
    "xa": Level.COMMUNE,
    "phuong": Level.COMMUNE,
    "trung uong": Level.CENTRAL,
}


def parse_levels(text: str) -> tuple[Level, ...]:
    """ "Cấp tỉnh, cấp xã" → (PROVINCE, COMMUNE); "UBND cấp xã" → (COMMUNE,); "Sở Văn hóa..." → (PROVINCE,).
    Returns () when no level is recognised (the caller decides whether that is an error)."""
    folded = fold(text)
    found: list[Level] = []
    for word, level in _LEVEL_WORDS.items():
        if re.search(rf"\b{word}\b", folded) and level not in found:
            # "Sở" only counts when it names the unit, not inside "cơ sở".
            if word == "so" and not re.match(r"^so\b", folded):
                continue
            found.append(level)
    order = list(Level)
    return tuple(sorted(found, key=order.index))


def parse_online_level(text: str) -> OnlineLevel | None:
    """ "toàn trình" / "một phần" / "không" (and "DVC trực tuyến toàn trình"...); ``None`` if empty.
    Raises ``ValueError`` with a Vietnamese message for an unknown label."""
    folded = fold(text)
    if not folded:
        return None
    if "toan trinh" in folded:
        return OnlineLevel.FULL
    if "mot phan" in folded:
        return OnlineLevel.PARTIAL
    if folded in {"khong", "khong co", "chua", "truc tiep"}:
        return OnlineLevel.NONE
    raise UserError(f"Mức độ dịch vụ công trực tuyến không hợp lệ: '{text}' (toàn trình / một phần / không)")


def parse_channels(text: str) -> tuple[Channel, ...]:
    """ "- Trực tiếp; - Qua dịch vụ bưu chính công ích; - Qua dịch vụ công trực tuyến một phần." →
    (DIRECT, POST, ONLINE)."""
    folded = fold(text)
    found: list[Channel] = []
    if "truc tiep" in folded:
        found.append(Channel.DIRECT)
    if "buu chinh" in folded:
        found.append(Channel.POST)
    if "truc tuyen" in folded or "dien tu" in folded:
        found.append(Channel.ONLINE)
    return tuple(found)


def parse_change_kind(text: str) -> ChangeKind | None:
    """ "mới ban hành", "được sửa đổi, bổ sung", "bị bãi bỏ", "thay thế"; ``None`` if empty."""
    folded = fold(text)
    if not folded:
        return None
    if "bai bo" in folded:
        return ChangeKind.ABOLISHED
    if "thay the" in folded:
        return ChangeKind.REPLACED
    if "sua doi" in folded or "bo sung" in folded:
        return ChangeKind.AMENDED
    if "moi" in folded or "ban hanh" in folded:
        return ChangeKind.NEW
    raise UserError(f"Loại công bố không hợp lệ: '{text}' (mới ban hành / sửa đổi, bổ sung / bãi bỏ)")
