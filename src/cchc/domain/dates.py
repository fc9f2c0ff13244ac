"""Vietnamese date formats: dd/mm/yyyy in and out, and the "ngày 05 tháng 01 năm 2026" long form."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

# Every date and time a person reads is Vietnam's (UTC+7): a document issued at 00:30 on 05/12 is dated
# 05/12, even though the stored instant is 04/12 17:30 UTC.
VN_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_local(value: datetime) -> datetime:
    """An aware datetime in Vietnam's time; a naive one is taken as already local."""
    return value.astimezone(VN_ZONE) if value.tzinfo is not None else value


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
    """27/03/2026 (day and month padded, as forms and registers print them); an aware datetime is read
    in Vietnam's time (see :data:`VN_ZONE`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = vn_local(value)
    return value.strftime("%d/%m/%Y")


def format_vn_datetime(value: datetime | None) -> str:
    """27/03/2026 14:05 in Vietnam's time."""
    return "" if value is None else vn_local(value).strftime("%d/%m/%Y %H:%M")


def format_vn_long_date(value: date, place: str = "") -> str:
    """Date line like "Lai Châu, ngày 05 tháng 01 năm 2026": day < 10 and months 1, 2 padded with 0 (NĐ 30/2020, ô số 4)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
