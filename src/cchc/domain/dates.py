"""Vietnamese date formats: dd/mm/yyyy in and out, and the "ngày 05 tháng 01 năm 2026" long form."""

from __future__ import annotations

import re
from datetime import date, datetime

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_vn_date(text: str) -> date | None:
    """Parse "27/3/2026", "27-03-2026", "27.03.2026" or ISO "2026-03-27"; None when empty or invalid."""
    if not text:
        return None
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_vn_date(value: date | datetime | None) -> str:
    """27/03/2026 (day and month padded, as forms and registers print them)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def format_vn_long_date(value: date, place: str = "") -> str:
    """Date line like "Lai Châu, ngày 05 tháng 01 năm 2026": day < 10 and months 1, 2 padded with 0 (NĐ 30/2020, ô số 4)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
