"""Deadlines: one table of patterns, each with an example. Dates of cited documents are never deadlines.

A pattern yields the printed text, an ISO date (last day of the period when the text names a
month, quarter, half-year or year), or a recurrence rule, or a relative deadline.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass

import regex

from .model import Deadline

_D = r"(?P<d>\d{1,2})"
_M = r"(?P<m>\d{1,2})"
_Y = r"(?P<y>(?:19|20)\d\d)"
_DATE = rf"{_D}\s*[/.-]\s*{_M}\s*[/.-]\s*{_Y}"
_DATE_WORDS = rf"{_D}\s+tháng\s+{_M}\s+năm\s+{_Y}"
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CUE = r"(?:trước|chậm\s+nhất|hạn\s+chót|hoàn\s+thành|xong|kết\s+thúc|trong|đến\s+hết|hết|thời\s+hạn|thời\s+gian)"


def _last_day(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _ymd(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


_FREQ = {"tháng": "MONTHLY", "quý": "QUARTERLY", "năm": "YEARLY", "tuần": "WEEKLY", "ngày": "DAILY"}


@dataclass(frozen=True)
class DeadlinePattern:
    name: str
    regex: regex.Pattern[str]
    build: Callable[[regex.Match[str]], tuple[str | None, str | None, str | None]]  # iso, recurring, relative
    example: str


def _rec(m: regex.Match[str]) -> tuple[str | None, str | None, str | None]:
    freq = _FREQ[m.group("per").lower()]
    day = m.group("day")
    rule = f"FREQ={freq}" + (f";BYMONTHDAY={int(day)}" if day else "")
    return None, rule, None


def _yearly_days(m: regex.Match[str]) -> str | None:
    """ "trước ngày 15/6 và 15/12" → FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15 (days differ: the first one)."""
    pairs = [(int(m.group("d")), int(m.group("m")))]
    pairs += [(int(d), int(mo)) for d, mo in regex.findall(r"(\d{1,2})\s*/\s*(\d{1,2})", m.group("more"))]
    if not all(1 <= mo <= 12 and 1 <= d <= 31 for d, mo in pairs):
        return None
    months = ",".join(str(mo) for _, mo in pairs)
    return f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={pairs[0][0]}"


PATTERNS: list[DeadlinePattern] = [
    DeadlinePattern(
        "recurring_before_day",
        regex.compile(
            r"(?:trước|chậm\s+nhất)\s+(?:vào\s+)?ngày\s+(?P<day>\d{1,2})\s+(?:hằng|hàng)\s+(?P<per>tháng|quý|năm)",
            regex.I,
        ),
        _rec,
        "báo cáo trước ngày 15 hằng tháng",
    ),
    DeadlinePattern(
        "recurring_then_day",
        regex.compile(
            r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?P<per>tháng|quý|năm|tuần)\s*(?:,|\()?\s*(?:(?:trước|chậm\s+nhất)\s+(?:vào\s+)?ngày\s+(?P<day>\d{1,2})(?!\s*[/.-]\s*\d))?",
            regex.I,
        ),
        _rec,
        "định kỳ hằng quý, trước ngày 15",
    ),
    DeadlinePattern(
        "yearly_days",
        regex.compile(
            r"(?:trước|chậm\s+nhất|hạn\s+chót)\s+(?:vào\s+)?ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/]|\s+/\s*\d)"
            r"(?P<more>(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?![\d/]|\s+/\s*\d))*)",
            regex.I,
        ),
        lambda m: (None, _yearly_days(m), None),
        "định kỳ 6 tháng, hằng năm báo cáo trước ngày 15/6 và 15/12 (a day/month without a year recurs)",
    ),
    DeadlinePattern(
        "yearly_from",
        regex.compile(r"(?:năm\s+20\d\d\s+)?và\s+các\s+năm\s+tiếp\s+theo", regex.I),
        lambda m: (None, "FREQ=YEARLY", None),
        "làm cơ sở đánh giá Chỉ số CCHC năm 2025 và các năm tiếp theo",
    ),
    DeadlinePattern(
        "working_days_from",
        regex.compile(
            r"(?:trong\s+(?:thời\s+hạn\s+)?|chậm\s+nhất\s+(?:sau\s+)?|sau\s+)(?P<n>\d{1,3})\s+ngày(?P<wd>\s+làm\s+việc)?\s*(?:,\s*)?(?:kể\s+)?từ\s+(?:ngày\s+)?(?P<from>[^.;,\n]{3,80})",
            regex.I,
        ),
        lambda m: (
            None,
            None,
            f"{m.group('n')} ngày{' làm việc' if m.group('wd') else ''} kể từ {m.group('from').strip()}",
        ),
        "trong 10 ngày làm việc kể từ ngày nhận được văn bản",
    ),
    DeadlinePattern(
        "before_date",
        regex.compile(
            rf"{_CUE}(?:\s+\p{{L}}+){{0,3}}?\s+(?:ngày\s+)?(?:{_DATE}|{_DATE_WORDS.replace('(?P<d>', '(?P<d2>').replace('(?P<m>', '(?P<m2>').replace('(?P<y>', '(?P<y2>')})",
            regex.I,
        ),
        lambda m: (
            _ymd(
                int(m.group("y") or m.group("y2")),
                int(m.group("m") or m.group("m2")),
                int(m.group("d") or m.group("d2")),
            ),
            None,
            None,
        ),
        "hoàn thành trước ngày 15/12/2025; trước 30/11/2025",
    ),
    DeadlinePattern(
        "month",
        regex.compile(
            rf"(?:{_CUE}\s+)?(?:trong\s+|cuối\s+|hết\s+)?tháng\s+{_M}\s*(?:/|-|năm\s+)\s*{_Y}", regex.I
        ),
        lambda m: (
            _last_day(int(m.group("y")), int(m.group("m"))) if 1 <= int(m.group("m")) <= 12 else None,
            None,
            None,
        ),
        "hoàn thành trong tháng 12/2025; trong tháng 11 năm 2025; Tháng 12/2025",
    ),
    DeadlinePattern(
        "quarter",
        regex.compile(rf"(?:{_CUE}\s+)?qu[ýí]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|-|năm\s+)\s*{_Y}", regex.I),
        lambda m: (_last_day(int(m.group("y")), 3 * _ROMAN_Q[m.group("q").upper()]), None, None),
        "trong quý I/2026 → 2026-03-31",
    ),
    DeadlinePattern(
        "half_year",
        regex.compile(rf"(?P<n>6|06|9|09)\s+tháng\s+(?P<part>đầu|cuối)\s+năm\s+{_Y}", regex.I),
        lambda m: (
            _last_day(int(m.group("y")), 12 if m.group("part").lower() == "cuối" else int(m.group("n"))),
            None,
            None,
        ),
        "6 tháng đầu năm 2026 → 2026-06-30",
    ),
    DeadlinePattern(
        "year",
        regex.compile(
            # not "những tháng cuối năm 2025" (a period the text talks about, not a due date)
            rf"(?:(?:hoàn\s+thành|thực\s+hiện|xong)\s+(?:\p{{L}}+\s+){{0,2}}?)?(?<!tháng\s)(?:trong|cuối|trước\s+hết|hết|đến\s+hết)\s+năm\s+{_Y}",
            regex.I,
        ),
        lambda m: (_last_day(int(m.group("y")), 12), None, None),
        "hoàn thành thực thi trong năm 2026 → 2026-12-31",
    ),
    DeadlinePattern(
        "year_field",
        regex.compile(
            r"\G[\s|]*(?:(?:trong\s+)?(?:năm|giai\s+đoạn)\s+)?(?P<y1>(?:19|20)\d\d)(?:\s*[-–]\s*(?P<y>(?:19|20)\d\d))?"
            r"(?=[\s.;|]*$)",
            regex.I,
        ),
        lambda m: (_last_day(int(m.group("y") or m.group("y1")), 12), None, None),
        "Thời gian: năm 2026 → 2026-12-31; Năm 2026 - 2027 → 2027-12-31 (a field or table cell only)",
    ),
    DeadlinePattern(
        "periodic",
        regex.compile(
            r"định\s+kỳ(?!\s+(?:hằng|hàng|\d|sáu|ba|mỗi))(?=\s+(?:báo\s+cáo|tổng\s+hợp|kiểm\s+tra|đánh\s+giá|sơ\s+kết))",
            regex.I,
        ),
        lambda m: (None, "định kỳ", None),
        "Định kỳ báo cáo kết quả triển khai về Sở (no period printed: recurring, no date)",
    ),
    DeadlinePattern(
        "ongoing",
        regex.compile(r"(?:thực\s+hiện\s+)?thường\s+xuyên(?:\s*,\s*liên\s+tục)?", regex.I),
        lambda m: (None, "thường xuyên", None),
        "Thời gian thực hiện: Thực hiện thường xuyên",
    ),
]

# In free text a bare "thường xuyên" ("thường xuyên kiểm tra") is an adverb, not a deadline: only in fields.
_FIELD_ONLY = {"year_field"}
# In free text "hằng năm" alone ("tổ chức hằng năm") is weak; it counts as a deadline only with a day.
_NEEDS_DAY_IN_TEXT: set[str] = set()


def find_deadlines(
    flat: str, start: int, end: int, *, field: bool = False, exclude: list[tuple[int, int]] | None = None
) -> list[Deadline]:
    """All deadlines in ``flat[start:end]`` (``flat`` is the normalised text with newlines as spaces).

    ``field`` is true for a "Thời gian thực hiện:" / "Thời hạn" field or a table cell, where weaker
    forms ("Thực hiện thường xuyên", "Tháng 12/2025") count. ``exclude`` are spans of cited
    documents: a date inside one is that document's date, not a deadline.
    """
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = list(exclude or [])
    for pat in PATTERNS:
        if pat.name in _FIELD_ONLY and not field:
            continue
        for m in pat.regex.finditer(flat, start, end):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if pat.name in _NEEDS_DAY_IN_TEXT and not field and not m.group("day"):
                continue
            if (
                pat.name == "month"
                and not field
                and not regex.match(r"(?i)(trước|chậm|hoàn|xong|kết|trong|đến|hết|thời|cuối)", m.group(0))
            ):
                continue
            iso, rec, rel = pat.build(m)
            text = flat[s:e].strip(" ,;")
            found.append(Deadline(text=text, span=(s, s + len(text)), iso=iso, recurring=rec, relative=rel))
            taken.append((s, e))
    found.sort(key=lambda d: d.span[0])
    return found


def pick_deadline(found: list[Deadline]) -> Deadline | None:
    """One deadline per task: the last one printed (the "đảm bảo hoàn thành …" clause usually closes)."""
    if not found:
        return None
    dated = [d for d in found if d.iso or d.recurring or d.relative]
    return (dated or found)[-1]
