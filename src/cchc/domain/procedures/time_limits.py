"""Thời hạn giải quyết as printed in catalogues: value + unit + condition text.

Examples: "03 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ", "15 ngày", "Trong ngày", "05 giờ",
"Không quá 10 ngày làm việc". Calendar days and working days are different units and are never mixed
silently: converting calendar days needs a calendar (cchc.domain calendar module), not a factor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, format_number, split_number_unit

__all__ = ["TimeLimit", "TimeLimitError", "TimeUnit", "parse_time_limit"]


class TimeLimitError(UserError):
    """The text is not a time limit; the message is Vietnamese."""


class TimeUnit(StrEnum):
    WORKING_DAY = "ngày làm việc"
    DAY = "ngày"  # calendar days
    WORKING_HOUR = "giờ làm việc"
    HOUR = "giờ"
    MONTH = "tháng"
    SAME_DAY = "trong ngày"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    value: Decimal
    unit: TimeUnit
    condition: str = ""  # "kể từ ngày nhận đủ hồ sơ hợp lệ"
    text: str = ""  # as printed

    def working_days(self, hours_per_day: int = 8, same_day_as: Decimal = Decimal(1)) -> Decimal | None:
        """The limit in working days, or ``None`` when it cannot be known without a calendar.

        Hours count as working hours (hours_per_day per day, the 8 h convention of QĐ 2816 Đồng Nai);
        "Trong ngày" counts as ``same_day_as`` working days (1 by default: the day of receipt).
        """
        if self.unit is TimeUnit.WORKING_DAY:
            return self.value
        if self.unit in (TimeUnit.HOUR, TimeUnit.WORKING_HOUR):
            return self.value / hours_per_day
        if self.unit is TimeUnit.SAME_DAY:
            return same_day_as
        return None

    def label(self) -> str:
        """Vietnamese label: "03 ngày làm việc", "Trong ngày"."""
        if self.unit is TimeUnit.SAME_DAY:
            return "Trong ngày"
        number = format_number(self.value, 2, strip_zeros=True)
        if self.value == self.value.to_integral_value() and self.value < 10:
            number = number.zfill(2)  # decisions write "03 ngày", "05 giờ"
        return f"{number} {self.unit.value}"


# Words before the number that do not change the limit.
_LEAD = re.compile(
    r"^(?:trong\s+(?:thời\s+hạn|vòng)\s+|không\s+quá\s+|tối\s+đa\s+|thời\s+hạn\s+|chậm\s+nhất\s+(?:là\s+)?)",
    re.IGNORECASE,
)
_SAME_DAY = re.compile(r"^(?:ngay\s+)?trong\s+(?:ngày|buổi)(?:\s+làm\s+việc)?\b", re.IGNORECASE)
_SPELLED = re.compile(r"^\(\s*[^\d()]*\)\s*")  # "03 (ba) ngày" — the spelled-out number
_UNITS: tuple[tuple[str, TimeUnit], ...] = (
    ("ngày làm việc", TimeUnit.WORKING_DAY),
    ("giờ làm việc", TimeUnit.WORKING_HOUR),
    ("ngày", TimeUnit.DAY),
    ("giờ", TimeUnit.HOUR),
    ("tháng", TimeUnit.MONTH),
)


def parse_time_limit(text: str) -> TimeLimit:
    """Parse a printed time limit or raise :class:`TimeLimitError`."""
    raw = unicodedata.normalize("NFC", text)
    cleaned = " ".join(raw.split())
    if not cleaned:
        raise TimeLimitError("Thiếu thời hạn giải quyết")
    same = _SAME_DAY.match(cleaned)
    if same:
        rest = cleaned[same.end() :].lstrip(" ,;.-")
        return TimeLimit(Decimal(1), TimeUnit.SAME_DAY, rest, raw)
    body = _LEAD.sub("", cleaned)
    try:
        value, rest = split_number_unit(body)
    except NumberFormatError as exc:
        raise TimeLimitError(f"Không đọc được thời hạn giải quyết: '{text}'") from exc
    if value < 0:
        raise TimeLimitError(f"Thời hạn giải quyết không được âm: '{text}'")
    rest = _SPELLED.sub("", rest)
    lowered = rest.lower()
    for word, unit in _UNITS:
        if lowered.startswith(word):
            condition = rest[len(word) :].lstrip(" ,;.-")
            return TimeLimit(value, unit, condition, raw)
    raise TimeLimitError(f"Không rõ đơn vị thời hạn (ngày làm việc, ngày, giờ, tháng): '{text}'")
