"""A confidence in [0, 1] for every extracted field, so the review screen can send the coordinator to the
doubtful ones first. Bands: low < :data:`LOW` ≤ medium < :data:`HIGH` ≤ high. Nothing is dropped for a low
confidence: the band only marks it.

The scores are readable rules over how a value was found, one table per field (the weight of each clue is in
the table). They were set while reading the dev gold files; ``cchc directives eval`` prints the precision of
each band, which is what makes the numbers mean something (the low band must be clearly worse than the high).
"""

from __future__ import annotations

import regex

from .model import Deadline, ParsedLetter, Target, Task, UnitRef
from .units import HEAD_RE

LOW = 0.5
HIGH = 0.75

# Task: start from how it was found, then clues.
TASK_ORIGIN = {"fields": 0.9, "table": 0.85, "item": 0.8, "article": 0.7, "request": 0.7, "allocation": 0.6}
_PAST_OR_RESULT = regex.compile(
    r"(?i)(?<!\p{L})(?:đã\s+(?:đạt|hoàn\s+thành|triển\s+khai|ban\s+hành|thực\s+hiện)|kết\s+quả\s+đạt|đạt\s+được)(?!\p{L})"
)
_ACTION_START = regex.compile(
    r"(?i)\W*(?:chủ\s+trì|phối\s+hợp|tổ\s+chức|triển\s+khai|thực\s+hiện|xây\s+dựng|rà\s+soát|tham\s+mưu|hướng\s+dẫn"
    r"|theo\s+dõi|kiểm\s+tra|tăng\s+cường|đẩy\s+mạnh|tiếp\s+tục|khẩn\s+trương|chỉ\s+đạo|hoàn\s+thiện|nghiên\s+cứu"
    r"|bố\s+trí|báo\s+cáo|tổng\s+hợp|cập\s+nhật|đôn\s+đốc|chủ\s+động|tập\s+trung|nâng\s+cao|ban\s+hành|trình"
    r"|phổ\s+biến|tuyên\s+truyền|đề\s+xuất|giao|đề\s+nghị|yêu\s+cầu)(?!\p{L})"
)


def task_confidence(t: Task) -> float:
    c = TASK_ORIGIN.get(t.origin, 0.75)
    words = len(t.summary.split())
    if not t.responsible:
        c -= 0.3  # nobody to do it: often a heading or a description
    elif t.responsible_is_default:
        c -= 0.1
    if words < 6:
        c -= 0.2  # a heading more than a task
    if _PAST_OR_RESULT.search(t.text[:200]):
        c -= 0.15  # reads like a result already achieved
    if t.origin == "item" and not _ACTION_START.match(t.summary) and not HEAD_RE.match(t.summary):
        c -= 0.1  # neither a verb nor a unit opens it
    if len(t.text.split()) > 150:
        c -= 0.1  # several duties may be merged
    return _clamp(c)


def unit_confidence(u: UnitRef, t: Task, *, coordinating: bool = False) -> float:
    if t.origin in {"fields", "table"}:
        c = 0.9
    elif coordinating:
        c = 0.8
    elif t.responsible_is_default:
        c = 0.55  # the letter's addressees, not named by the item
    elif t.span[0] <= u.span[0] < t.span[1]:
        c = 0.85  # named in the item itself
    else:
        c = 0.75  # from the heading above
    words = u.text.split()
    if len(words) > 10:
        c -= 0.25  # a name that ran on into the sentence
    if words and words[-1].lower() in {"và", "các", "của", "với", "đê", "kịp"}:
        c -= 0.3
    if not HEAD_RE.match(u.text) and u.text[:1].islower():
        c -= 0.15  # a generic group ("các cơ quan …"), not a named body
    return _clamp(c)


_FULL_DATE = regex.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)


def deadline_confidence(d: Deadline, t: Task) -> float:
    if d.iso and _FULL_DATE.search(d.text):
        c = 0.9
    elif d.iso:
        c = 0.75  # a month, quarter or year: its last day
    elif d.recurring and d.recurring.startswith("FREQ="):
        c = 0.8 if "BYMONTHDAY" in d.recurring else 0.65
    elif d.recurring:
        c = 0.55  # "thường xuyên", "định kỳ": no date to follow
    elif d.relative:
        c = 0.6
    else:
        c = 0.35  # words only, no date read
    if t.origin in {"fields", "table"} and (d.iso or d.recurring):
        c += 0.05
    return _clamp(c)


def target_confidence(g: Target, t: Task) -> float:
    c = 0.85 if g.comparator in {">=", "<=", ">", "<"} else 0.7
    if t.origin == "allocation":
        c = 0.7
    if not g.metric.strip() or len(g.metric.split()) < 2:
        c -= 0.2  # a number without what it counts
    if g.unit not in {"%", "TTHC", "CSDL"} and g.comparator == "=":
        c -= 0.1
    if not t.responsible:
        c -= 0.2
    return _clamp(c)


def score(letter: ParsedLetter) -> None:
    """Set ``confidence`` on every task, unit, target and deadline of ``letter``."""
    for t in letter.tasks:
        t.confidence = task_confidence(t)
        for u in t.responsible:
            u.confidence = unit_confidence(u, t)
        for u in t.coordinating:
            u.confidence = unit_confidence(u, t, coordinating=True)
        for g in t.targets:
            g.confidence = target_confidence(g, t)
        if t.deadline is not None:
            t.deadline.confidence = deadline_confidence(t.deadline, t)


def band(confidence: float | None) -> str:
    """ "high", "medium" or "low" (``None`` counts as low: nothing says it is right)."""
    if confidence is None or confidence < LOW:
        return "low"
    return "high" if confidence >= HIGH else "medium"


def _clamp(c: float) -> float:
    return round(min(0.99, max(0.05, c)), 2)
