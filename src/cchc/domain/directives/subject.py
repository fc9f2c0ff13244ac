"""Subject (trích yếu, NĐ 30/2020 ô số 5a) of every document type except the công văn's "V/v" line: the line(s)
right after the tên loại heading ("KẾ HOẠCH", "QUYẾT ĐỊNH", …), before the body.

The subject is read line by line. Lines are stripped of "|" table-cell markers; empty lines, lone "|" and
lines of dashes are gaps. Before the subject starts, gaps, the number line and the place-date line are
skipped. The subject ends at a stop line (``STOPS``), at a change of case (a title in capitals followed by
prose, or a sentence-case title followed by a line in capitals), or at a gap that is not bridged by a
continuation (``_bridged``). Wrapped lines are joined with single spaces; the text is kept as printed."""

from __future__ import annotations

import regex

from .model import Field

_NUMBER_LINE = regex.compile(r"^Số\s*:")
_PLACE_DATE_LINE = regex.compile(
    r"^\p{Lu}[\p{L} .]{1,40},\s*ngày(?:\s+\d{1,2})?(?:\s+tháng|\s*$)|^tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$"
)
# Lines that end the subject (or show there is none). One row per concept: (name, pattern, example).
STOPS: list[tuple[str, regex.Pattern[str], str]] = [
    (
        "body opening",
        regex.compile(
            r"^(?:(?:Căn\s+cứ|Thực\s+hiện|Để|Kính\s+gửi|Đồng\s+kính\s+gửi|Xét|Theo\s+đề\s+nghị|Trên\s+cơ\s+sở|Nhằm"
            r"|Từ\s+ngày|Sau\s+khi|Thời\s+gian\s+qua|Vừa\s+qua)(?=[\s,:]|$)|Ngày\s+\d)"
        ),
        "Căn cứ Luật Tổ chức chính quyền địa phương …",
    ),
    (
        "numbered item, article, chapter",
        regex.compile(
            r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXLC]{1,6}\.\s|[a-zđ]\)\s|[-+•]\s|Điều\s+\d|(?:Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+[IVXLC\d]+\b)"
        ),
        "I. MỤC ĐÍCH, YÊU CẦU / 1. Sở Nội vụ … / Điều 1. …",
    ),
    ("line ending with a colon", regex.compile(r":\s*$"), "QUYẾT ĐỊNH: / THỦ TƯỚNG CHÍNH PHỦ điện:"),
    ("number line", _NUMBER_LINE, "Số: 308/KH-UBND"),
    ("place-date line", _PLACE_DATE_LINE, "Hà Nội, ngày 17 tháng 11 năm 2025"),
    (
        "national motto",
        regex.compile(r"^(?:CỘNG\s+HÒA\s+XÃ|Độc\s+lập\s+-)"),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ),
]
# The issuing authority of a quyết định / thông tư / công điện, printed in capitals under the subject
# ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỦ TƯỚNG CHÍNH PHỦ điện:"). It ends the subject
# unless the previous line asks for more ("… THUỘC THẨM QUYỀN CỦA⏎ỦY BAN NHÂN DÂN CẤP XÃ").
AUTHORITY_RE = regex.compile(
    r"^(?:(?:PHÓ\s+)?CHỦ\s+TỊCH|(?:PHÓ\s+)?THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|CHÍNH\s+PHỦ|ỦY\s+BAN\s+NHÂN\s+DÂN|UBND|HỘI\s+ĐỒNG"
    r"|(?:TỔNG\s+)?GIÁM\s+ĐỐC|(?:TỔNG\s+)?CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG|CHỦ\s+NHIỆM|THỐNG\s+ĐỐC"
    r"|TỔNG\s+KIỂM\s+TOÁN|VIỆN\s+TRƯỞNG|CHÁNH\s+ÁN|TRƯỞNG\s+BAN)\b"
)
# Words that leave a wrapped title unfinished at the end of a line ("… CỦA⏎ỦY BAN NHÂN DÂN CẤP XÃ"), and the
# fewer that continue it at the start of the next ("…⏎CỦA CHÍNH PHỦ"; not "Ngày", which opens the body).
END_CONNECTORS = frozenset(
    "của và về với tại trên thuộc cho theo trong từ đến các những số ngày năm hoặc đối là được để nhằm giữa".split()
)
START_CONNECTORS = frozenset("của và với tại trên thuộc cho trong đối hoặc giữa".split())
_DASHES = regex.compile(r"^[-–—_=*.]{3,}$")
_CLEAN = regex.compile(r"^[\s|]*(?P<c>.*?)[\s|]*$")
MAX_LINES = 8
MAX_CHARS = 800


def _is_caps(line: str) -> bool | None:
    """True for a line in capitals, False for one with lower case, None for one without letters ("2025")."""
    if regex.search(r"\p{Ll}", line):
        return False
    return True if regex.search(r"\p{Lu}", line) else None


def _stop(line: str) -> bool:
    return any(p.search(line) for _, p, _ in STOPS)


def _bridged(prev: str, line: str, caps: bool) -> bool:
    """After a gap the title goes on only if it plainly continues: a lower-case start (sentence case), or a
    connector at the end of the previous line or at the start of this one."""
    if not caps and regex.match(r"\p{Ll}", line):
        return True
    last = prev.split()[-1].lower() if prev.split() else ""
    first = line.split()[0].lower()
    return prev.endswith((",", "-", "–")) or last in END_CONNECTORS or first in START_CONNECTORS


def find_subject(text: str, start: int, limit: int | None = None) -> Field | None:
    """The trích yếu after a type heading ending at ``start``; None if the body follows the heading."""
    end_of_zone = min(len(text), limit if limit is not None else start + 3000)
    parts: list[tuple[int, int]] = []  # content spans of the subject lines
    caps = False
    gap = False
    for lm in regex.finditer(r"(?m)^.*$", text, pos=start, endpos=end_of_zone):
        if lm.start() == start and lm.group(0).strip(" \t|") == "":
            continue  # rest of the heading line
        c = _CLEAN.match(lm.group(0))
        assert c is not None
        line = c.group("c")
        s, e = lm.start() + c.start("c"), lm.start() + c.end("c")
        if not line or _DASHES.match(line):
            if parts and _DASHES.match(line):
                break  # a rule under the subject
            gap = bool(parts)
            continue
        if not parts:
            if _NUMBER_LINE.search(line) or _PLACE_DATE_LINE.search(line):
                continue  # number or place-date line printed after the heading
            title_opening = regex.match(r"^(?:Thực\s+hiện|Để)\s", line)
            if (_stop(line) and not title_opening) or AUTHORITY_RE.match(line):
                return None
            caps = _is_caps(line) is not False
            parts.append((s, e))
            continue
        prev = text[parts[-1][0] : parts[-1][1]]
        if _stop(line) or (AUTHORITY_RE.match(line) and not _bridged(prev, line, caps)):
            break
        case = _is_caps(line)
        if case is not None and case != caps and (caps or len(line.split()) >= 2):
            break  # prose after a title in capitals, or capitals after a sentence-case title
        if gap and not _bridged(prev, line, caps):
            break
        gap = False
        parts.append((s, e))
        if len(parts) > MAX_LINES:
            return None
    if not parts:
        return None
    value = " ".join(" ".join(text[s:e] for s, e in parts).split())
    if len(value) > MAX_CHARS or value.endswith((";", ":", ",")):
        return None  # a sentence of the body, not a title
    return Field(value, (parts[0][0], parts[-1][1]))
