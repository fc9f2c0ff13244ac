"""Fee rules (phí, lệ phí) as data, and the fee due for a quantity.

Thông tư 110/2025/TT-BTC Điều 4 is the model: "1.000.000 đồng/phòng, nhưng tổng mức thu không quá
6.000.000 đồng/Giấy phép/lần thẩm định" is a per-unit rule with a cap; "10.000.000 đồng/Giấy phép/lần
thẩm định" is flat. Rules are values so that a change of circular is a data change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, format_vnd, parse_money, split_number_unit

__all__ = ["TT110_2025_RULES", "FeeError", "FeeKind", "FeeRule", "fee_for", "parse_fee_text"]


class FeeError(UserError):
    """A fee text or quantity is invalid; the message is Vietnamese."""


class FeeKind(StrEnum):
    FREE = "free"  # "Không", "Miễn phí"
    FLAT = "flat"  # a fixed amount per dossier / licence
    PER_UNIT = "per_unit"  # amount × quantity
    PER_UNIT_CAPPED = "per_unit_capped"  # min(amount × quantity, cap)


@dataclass(frozen=True, slots=True)
class FeeRule:
    kind: FeeKind
    amount: int = 0  # đồng (per unit for PER_UNIT*)
    unit: str = ""  # "phòng" for per-unit rules, "Giấy phép/lần thẩm định" for flat ones
    cap: int | None = None  # đồng, PER_UNIT_CAPPED only
    cap_unit: str = ""
    description: str = ""
    legal_basis: str = ""  # "Thông tư 110/2025/TT-BTC Điều 4.1"
    procedure_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.amount < 0 or (self.cap is not None and self.cap < 0):
            raise FeeError("Mức thu không được âm")
        if self.kind is FeeKind.PER_UNIT_CAPPED and self.cap is None:
            raise FeeError("Mức thu theo đơn vị có mức trần cần giá trị trần")

    def label(self) -> str:
        """Vietnamese wording in the style of the circular."""
        if self.kind is FeeKind.FREE:
            return "Không"
        text = (
            f"{format_vnd(self.amount)} đồng/{self.unit}" if self.unit else f"{format_vnd(self.amount)} đồng"
        )
        if self.kind is FeeKind.PER_UNIT_CAPPED and self.cap is not None:
            cap_unit = f"/{self.cap_unit}" if self.cap_unit else ""
            text += f", nhưng tổng mức thu không quá {format_vnd(self.cap)} đồng{cap_unit}"
        return text


def fee_for(rule: FeeRule, quantity: int = 1) -> int:
    """Fee due in đồng for ``quantity`` units (rooms...). Flat and free rules ignore the quantity."""
    if quantity < 0:
        raise FeeError("Số lượng không được âm")
    if rule.kind is FeeKind.FREE:
        return 0
    if rule.kind is FeeKind.FLAT:
        return rule.amount
    total = rule.amount * quantity
    if rule.kind is FeeKind.PER_UNIT_CAPPED and rule.cap is not None:
        return min(total, rule.cap)
    return total


_FREE = re.compile(r"^(?:không(?:\s+(?:có|thu))?|miễn(?:\s+phí)?(?:,?\s*lệ\s+phí)?|0)\.?$", re.IGNORECASE)
_CAP = re.compile(r"(?:nhưng\s+)?(?:tổng\s+mức\s+thu\s+)?(?:không\s+quá|tối\s+đa)\s+(.+)$", re.IGNORECASE)
_KNOWN_UNITS = ("phòng", "trang", "bản", "m2", "m²", "người", "lượt", "tác phẩm")


def parse_fee_text(text: str) -> FeeRule:
    """Read a printed fee: "Không" → free; "500.000 đồng/Giấy phép/lần thẩm định" → flat;
    "1.000.000 đồng/phòng, nhưng tổng mức thu không quá 6.000.000 đồng/Giấy phép" → per unit, capped."""
    cleaned = " ".join(text.split()).strip(" .;")
    if not cleaned or _FREE.match(cleaned):
        return FeeRule(FeeKind.FREE, description=cleaned)
    head, _, tail = cleaned.partition(",")
    try:
        amount, rest = split_number_unit(head)
    except NumberFormatError as exc:
        raise FeeError(f"Không đọc được mức phí, lệ phí: '{text}'") from exc
    unit = re.sub(r"^(?:đồng|đ|vnđ)\s*/?\s*", "", rest, flags=re.IGNORECASE).strip()
    per_unit = unit.split("/")[0].strip().lower() in _KNOWN_UNITS
    cap_match = _CAP.search(tail) if tail else None
    if cap_match:
        cap_amount, cap_rest = split_number_unit(cap_match.group(1))
        cap_unit = re.sub(r"^(?:đồng|đ)\s*/?\s*", "", cap_rest, flags=re.IGNORECASE).strip()
        return FeeRule(
            FeeKind.PER_UNIT_CAPPED,
            parse_money(amount),
            unit.split("/")[0].strip(),
            parse_money(cap_amount),
            cap_unit,
            description=cleaned,
        )
    if per_unit:
        return FeeRule(FeeKind.PER_UNIT, parse_money(amount), unit.split("/")[0].strip(), description=cleaned)
    return FeeRule(FeeKind.FLAT, parse_money(amount), unit, description=cleaned)


# Thông tư 110/2025/TT-BTC (19/11/2025, hiệu lực 05/01/2026) Điều 4, as data. The codes are inferred
# from the Ninh Bình catalogue (QĐ 1498/QĐ-UBND), as in shared/realdata/tables/fees_tt110_*.csv.
_TT110 = "Thông tư 110/2025/TT-BTC"
TT110_2025_RULES: tuple[FeeRule, ...] = (
    FeeRule(
        FeeKind.PER_UNIT_CAPPED, 1_000_000, "phòng", 6_000_000, "Giấy phép/lần thẩm định",
        "cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", f"{_TT110} Điều 4.1", ("1.001029",),
    ),
    FeeRule(
        FeeKind.FLAT, 10_000_000, "Giấy phép/lần thẩm định", None, "",
        "cấp Giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường", f"{_TT110} Điều 4.2",
    ),
    FeeRule(
        FeeKind.FLAT, 500_000, "Giấy phép/lần thẩm định", None, "",
        "điều chỉnh Giấy phép karaoke hoặc vũ trường – thay đổi chủ sở hữu", f"{_TT110} Điều 4.3.a",
        ("1.000963",),
    ),
    FeeRule(
        FeeKind.PER_UNIT_CAPPED, 1_000_000, "phòng", 6_000_000, "Giấy phép/lần thẩm định",
        "điều chỉnh Giấy phép karaoke – tăng thêm phòng", f"{_TT110} Điều 4.3.b", ("1.000963",),
    ),
)  # fmt: skip
