"""What "tasks" means in a normative document (quyết định, thông tư, nghị định, luật).

Their articles ("Điều N.") are mostly rules or acts of the issuer itself, not work assigned to a unit:
- "Điều 1. Công bố / Phê duyệt / Ban hành kèm theo / Thông qua / Bãi bỏ …" is the act of the decision: not a task,
  and its counts ("Công bố 02 thủ tục hành chính") are not targets;
- "… này có hiệu lực kể từ …" is not a task;
- in a thông tư, nghị định or luật the articles are rules ("Mức thu phí", "Người nộp phí"): only articles
  titled for implementation ("Tổ chức thực hiện", "Trách nhiệm của …", "Trách nhiệm thi hành") hold tasks;
- the execution article ("Chánh Văn phòng …, Giám đốc Sở … chịu trách nhiệm thi hành Quyết định này") is a
  task of its own whose responsible units are the units it lists, and in a quyết định these units are also
  the default for an article that names no unit (a quyết định has no Kính gửi).
An article with numbered children is kept whatever its verb ("Điều 1. Phê duyệt Kế hoạch … như sau: 1. …").
"""

from __future__ import annotations

import regex

from .model import Task, UnitRef
from .structure import Item
from .units import split_units

NORMATIVE_TYPES = {"Quyết định", "Thông tư", "Thông tư liên tịch", "Nghị định", "Luật"}
# Types whose articles are rules: only implementing articles hold tasks.
RULE_TYPES = NORMATIVE_TYPES - {"Quyết định"}

_THIS = r"(?:Quyết\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Nghị\s+định|Luật)\s+này"
# "… chịu trách nhiệm thi hành Quyết định này", "… có trách nhiệm tổ chức thực hiện Thông tư này"
EXECUTION_RE = regex.compile(
    r"(?i)(?:chịu|có)\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thi\s+hành|thực\s+hiện)\s+" + _THIS
)
# "Quyết định này có hiệu lực (thi hành) kể từ ngày ký"
VALIDITY_RE = regex.compile(r"(?i)" + _THIS + r"\s+(?:có\s+hiệu\s+lực|thay\s+thế|bãi\s+bỏ)")
# The act of the decision itself, at the start of an article ("Điều 1. Công bố kèm theo …").
ACT_RE = regex.compile(
    r"\W*(?:Công\s+bố|Phê\s+duyệt|Ban\s+hành|Thông\s+qua|Bãi\s+bỏ|Sửa\s+đổi|Bổ\s+sung|Thành\s+lập|Kiện\s+toàn"
    r"|Chấp\s+thuận|Quy\s+định\s+(?:chi\s+tiết|về)|Phạm\s+vi|Đối\s+tượng|Giải\s+thích)(?!\p{L})"
)
# Title of an implementing article ("Điều 8. Trách nhiệm của Sở Y tế", "Điều 3. Tổ chức thực hiện").
IMPLEMENTING_TITLE = regex.compile(
    r"(?i)\W*(?:tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm|hiệu\s+lực\s+và\s+trách\s+nhiệm|điều\s+khoản\s+thi\s+hành)"
)
_SENTENCE_START = regex.compile(r"(?<!\d)\.(?!\d)\s|;[ \t]*\n|\n[ \t|]*\n")


def is_normative(doc_type: str | None) -> bool:
    return doc_type in NORMATIVE_TYPES


def select_articles(text: str, items: list[Item], doc_type: str) -> list[Item]:
    """The items that may hold tasks. Non-article items pass through unchanged."""
    out: list[Item] = []
    for it in items:
        if it.kind != "article":
            out.append(it)
            continue
        own = text[it.content_start : it.own_end]
        numbered = any(c.kind in {"number", "decimal", "letter"} for c in it.children)
        if EXECUTION_RE.search(text, it.content_start, it.end):
            out.append(it)
        elif doc_type in RULE_TYPES:
            if IMPLEMENTING_TITLE.match(own):
                out.append(it)
        elif numbered or not (ACT_RE.match(own) or VALIDITY_RE.search(own)):
            out.append(it)
    return out


def execution_sentence(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the execution sentence in ``text[start:end]``: from its first unit to "… Quyết định này"."""
    m = EXECUTION_RE.search(text, start, end)
    if not m:
        return None
    s = start
    for b in _SENTENCE_START.finditer(text, start, m.start()):
        # ";" ends a sentence only after the validity clause ("… có hiệu lực kể từ ngày ký;"), never inside the
        # list of units ("Chánh Văn phòng UBND tỉnh;⏎Giám đốc Sở …")
        if not b.group(0).startswith(";") or VALIDITY_RE.search(text, s, b.start()):
            s = b.end()
    while s < m.start() and text[s] in " \t\n|":
        s += 1
    return s, m.end()


def execution_units(text: str, flat: str, start: int, end: int) -> list[UnitRef]:
    """Units listed in the execution sentence ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế … chịu trách
    nhiệm thi hành Quyết định này")."""
    span = execution_sentence(text, start, end)
    if span is None:
        return []
    units = split_units(flat, span[0], span[1])
    # "Giám đốc: Trung tâm A; Trung tâm B" → "Giám đốc Trung tâm A", "Giám đốc Trung tâm B"
    out: list[UnitRef] = []
    title: str | None = None
    for u in units:
        if _BARE_TITLE.fullmatch(u.text) and flat[u.span[1] : u.span[1] + 2].strip().startswith(":"):
            title = u.text
            continue
        if title and not _TITLED.match(u.text):
            u = UnitRef(f"{title} {u.text}", u.span)
        out.append(u)
    return out


_BARE_TITLE = regex.compile(
    r"Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Chánh\s+Văn\s+phòng|Cục\s+trưởng|Vụ\s+trưởng"
)
_TITLED = regex.compile(
    r"(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Chánh|Cục\s+trưởng|Vụ\s+trưởng|Bộ\s+trưởng)(?!\p{L})"
)


def finish(tasks: list[Task], text: str, doc_type: str) -> list[Task]:
    """Drop validity-only tasks; cut a task that holds the execution sentence down to that sentence; in a
    thông tư / nghị định keep only tasks with a named unit."""
    out: list[Task] = []
    for t in tasks:
        s, e = t.span
        span = execution_sentence(text, s, e)
        if span is None and VALIDITY_RE.search(text, s, e) and len(text[s:e]) < 400:
            continue
        if doc_type in RULE_TYPES and t.responsible_is_default:
            continue
        out.append(t)
    return out
