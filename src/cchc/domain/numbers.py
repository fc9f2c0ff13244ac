"""Vietnamese numbers, money and percentages: parsing and formatting.

Vietnamese documents group thousands with "." and write decimals with "," ("16.000.000 đồng",
"30,5 %"). Tables exported by other software sometimes use the English convention, so parsing is
tolerant in the cases that are not ambiguous (see :func:`parse_decimal`). Money is always an integer
number of đồng; intermediate arithmetic uses :class:`~decimal.Decimal` and rounds half up, which is how
the decisions round ("làm tròn" in Vietnamese accounting practice), not Python's banker's rounding.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cchc.domain.errors import UserError

__all__ = [
    "NumberFormatError",
    "format_number",
    "format_percent",
    "format_vnd",
    "parse_decimal",
    "parse_int",
    "parse_money",
    "parse_percent",
    "percent_of",
    "round_half_up",
    "round_vnd",
    "split_number_unit",
]


class NumberFormatError(UserError):
    """A text is not a number; ``str(exc)`` is a Vietnamese message fit for a user."""


# Currency and percent words that may surround a number in a table cell. Longest first so that
# "đồng" is removed before "đ".
_UNIT_WORDS = ("việt nam đồng", "vnđ", "vnd", "đồng", "đ", "%")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_MINUS = "-\u2212\u2013"  # ASCII hyphen, minus sign and en dash all occur as a minus sign in tables
_NUMBER_AT_START = re.compile(rf"^\s*([{_MINUS}]?\s*\d[\d.,\u00a0\u202f ]*)")


def _strip_units(text: str) -> str:
    cleaned = text.strip().lower()
    changed = True
    while changed:
        changed = False
        for word in _UNIT_WORDS:
            if cleaned.endswith(word):
                cleaned = cleaned[: -len(word)].rstrip()
                changed = True
    return cleaned


def _canonical(body: str, original: str) -> str:
    """Turn a Vietnamese/English formatted number into Python's ``Decimal`` syntax."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        # Both separators: the one written last is the decimal separator ("1.234,5" / "1,234.5").
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        integer, _, fraction = body.rpartition(decimal_sep)
        _check_groups(integer, group_sep, original)
        return integer.replace(group_sep, "") + "." + fraction
    if dots:
        parts = body.split(".")
        # "16.000.000" and "1.000" are Vietnamese thousands; "30.5" can only be a decimal point.
        if all(len(p) == 3 for p in parts[1:]) and parts[0]:
            return body.replace(".", "")
        if dots == 1:
            return body
        raise NumberFormatError(f"Không đọc được số: '{original}'")
    if commas:
        parts = body.split(",")
        # A single comma is the Vietnamese decimal comma ("30,5", even "1,500" = 1,5). Several commas
        # with 3-digit groups can only be English thousands ("16,000,000").
        if commas == 1:
            return body.replace(",", ".")
        if all(len(p) == 3 for p in parts[1:]) and parts[0]:
            return body.replace(",", "")
        raise NumberFormatError(f"Không đọc được số: '{original}'")
    return body


def _check_groups(integer: str, sep: str, original: str) -> None:
    parts = integer.split(sep)
    if len(parts) > 1 and (not parts[0] or any(len(p) != 3 for p in parts[1:])):
        raise NumberFormatError(f"Không đọc được số: '{original}'")


def parse_decimal(text: str | int | float | Decimal) -> Decimal:
    """Parse "16.000.000", "30,5", "1.234,5", "16,000,000", "40 %", "6.000.000 đồng", "−5".

    Rules: "." followed by groups of exactly three digits is a thousands separator; a single ","
    is a decimal comma; when both occur the last one is the decimal separator. Currency words
    (đồng, đ, VNĐ) and "%" are ignored. Raises :class:`NumberFormatError` otherwise.
    """
    if isinstance(text, bool):
        raise NumberFormatError(f"Không đọc được số: '{text}'")
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        # repr() gives the shortest round-tripping form, so 0.1 stays 0.1 and not 0.1000000000000000055.
        return Decimal(repr(text))
    original = text
    cleaned = _SPACES.sub("", _strip_units(text))
    negative = False
    if cleaned and cleaned[0] in _MINUS:
        negative, cleaned = True, cleaned[1:]
    elif cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not cleaned[0].isdigit():
        raise NumberFormatError(f"Không đọc được số: '{original}'")
    try:
        value = Decimal(_canonical(cleaned, original))
    except InvalidOperation as exc:
        raise NumberFormatError(f"Không đọc được số: '{original}'") from exc
    return -value if negative else value


def parse_int(text: str | int | float | Decimal) -> int:
    """Parse a whole number ("03" → 3, "16.000.000" → 16000000); a fraction is an error."""
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise NumberFormatError(f"Giá trị phải là số nguyên: '{text}'")
    return int(value)


def parse_money(text: str | int | float | Decimal) -> int:
    """Parse an amount in đồng ("16.000.000 đồng" → 16000000). Fractions of a đồng are rounded half up."""
    return round_vnd(parse_decimal(text))


def parse_percent(text: str | int | float | Decimal) -> Decimal:
    """Parse "40 %", "40%", "30,5" → Decimal("30.5") (the value in percent, not a fraction)."""
    return parse_decimal(text)


def split_number_unit(text: str) -> tuple[Decimal, str]:
    """Split a leading number from the rest: "03 ngày" → (3, "ngày"); "1.000.000 đồng/phòng" →
    (1000000, "đồng/phòng"). Raises :class:`NumberFormatError` when the text does not start with one."""
    match = _NUMBER_AT_START.match(text)
    if not match:
        raise NumberFormatError(f"Không tìm thấy số ở đầu: '{text}'")
    number = match.group(1).rstrip(" .,\u00a0\u202f")
    rest = text[match.start(1) + len(number) :].strip()
    return parse_decimal(number), rest


def round_half_up(value: Decimal | int, places: int = 0) -> Decimal:
    """Round half up to ``places`` decimals (2,345 → 2,35), as Vietnamese figures are rounded."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def round_vnd(value: Decimal | int | float) -> int:
    """Round an amount to the đồng, half up."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return int(round_half_up(Decimal(value), 0))


def percent_of(part: Decimal | int, whole: Decimal | int, places: int = 2) -> Decimal | None:
    """``part / whole × 100`` rounded half up to ``places`` decimals; ``None`` when ``whole`` is 0
    (a reduction of nothing has no percentage, and 0 % would read as "no reduction")."""
    if Decimal(whole) == 0:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), places)


def format_number(value: Decimal | int | float, places: int = 0, *, strip_zeros: bool = False) -> str:
    """Vietnamese format: "16.000.000", "30,50" (``places=2``), "30,5" (``strip_zeros=True``)."""
    number = round_half_up(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), places)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{places}f}"  # English grouping first, then swap the separators
    integer, _, fraction = text.partition(".")
    integer = integer.replace(",", ".")
    if strip_zeros:
        fraction = fraction.rstrip("0")
    return sign + integer + ("," + fraction if fraction else "")


def format_vnd(amount: int | Decimal, *, unit: str = "") -> str:
    """``format_vnd(16000000)`` → "16.000.000"; ``unit="đồng"`` → "16.000.000 đồng"."""
    text = format_number(round_vnd(amount), 0)
    return f"{text} {unit}" if unit else text


def format_percent(value: Decimal | int | float | None, places: int = 2, *, space: bool = False) -> str:
    """ "40%", "8%", "33,33%": trailing zeros dropped as the decisions print them. ``None`` → "—"."""
    if value is None:
        return "—"
    text = format_number(value, places, strip_zeros=True)
    return f"{text} %" if space else f"{text}%"
