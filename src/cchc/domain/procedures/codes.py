"""TTHC codes: the national code in the CSDLQG TTHC is "<group>.<6 digits>" ("1.001653").

Provinces publish variants that must map to the same procedure: a province suffix
("1.003901.H42", H42 = Ninh Bình), a thousands-style dot ("1.013.788.H42"), a lost dot ("1014217",
Hà Tĩnh QĐ 2914), or a numeric spreadsheet cell that dropped trailing zeros (1.00144).
"""

from __future__ import annotations

import re

from cchc.domain.errors import UserError

__all__ = ["CodeError", "find_codes", "is_national_code", "normalize_code", "province_suffix"]


class CodeError(UserError):
    """A text is not a TTHC code; the message is Vietnamese."""


_NATIONAL = re.compile(r"^[1-3]\.\d{6}$")
# Province/ministry suffix of a locally published code: ".H42", ".000.00.00.H42" style tails.
_SUFFIX = re.compile(r"^(?P<body>.*?)(?P<suffix>(?:\.[0-9]{3}\.[0-9]{2}\.[0-9]{2})?\.[A-Z][0-9A-Z]{1,3})$")
_IN_TEXT = re.compile(r"(?<![\d.])([1-3])\.(\d{3})\.?(\d{3})(?:\.[A-Z][0-9A-Z]{1,3})?(?![\d])")


def is_national_code(text: str) -> bool:
    return bool(_NATIONAL.match(text))


def province_suffix(raw: str) -> str | None:
    """ "1.003901.H42" → "H42"; ``None`` for a national code."""
    match = _SUFFIX.match(raw.strip().upper())
    return match.group("suffix").rsplit(".", 1)[-1] if match else None


def normalize_code(raw: str | float | int) -> str:
    """Return the national code for a published variant, or raise :class:`CodeError`.

    "1.003901.H42" → "1.003901"; "1.013.788.H42" → "1.013788"; "1014217" → "1.014217";
    a float 1.00144 from a numeric spreadsheet cell → "1.001440".
    """
    if isinstance(raw, float):
        # A numeric cell lost the trailing zeros of the code; six decimals restore them.
        text = f"{raw:.6f}"
    else:
        text = str(raw).strip().upper().replace(" ", "")
    if not text:
        raise CodeError("Thiếu mã TTHC")
    match = _SUFFIX.match(text)
    body = match.group("body") if match else text
    digits = body.replace(".", "")
    if re.fullmatch(r"[1-3]\d{6}", digits) and re.fullmatch(r"\d(\.?\d{3}){2}|\d\.\d{6}", body):
        return f"{digits[0]}.{digits[1:]}"
    raise CodeError(f"Mã TTHC không hợp lệ: '{raw}' (cần dạng 1.001653)")


def find_codes(text: str) -> list[str]:
    """National codes mentioned in free text ("1.001029 (theo danh mục Ninh Bình)" → ["1.001029"])."""
    seen: list[str] = []
    for match in _IN_TEXT.finditer(text):
        code = f"{match.group(1)}.{match.group(2)}{match.group(3)}"
        if code not in seen:
            seen.append(code)
    return seen
