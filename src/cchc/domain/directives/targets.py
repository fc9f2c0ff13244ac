"""Numeric targets: percentages, counts of named things, "24/7". One table per concept.

Not targets (the gold files call them distractors): results already achieved ("đạt 72,4% kế hoạch",
"tăng 26,94% so với cùng kỳ"), scoring thresholds ("từ 80% trở lên được 1 điểm"), document numbers,
standard numbers ("TCVN 14423:2025") and dates. Callers only pass task text (never the preamble or the
"đánh giá" section), and :data:`RESULT_CONTEXT` removes the rest.
"""

from __future__ import annotations

import regex

from .model import Target

# Comparator words, searched backwards from the number within its clause; first hit wins.
COMPARATORS: list[tuple[str, str]] = [
    (r"không\s+vượt\s+quá", "<="),  # không vượt quá 5%
    (r"không\s+quá", "<="),  # không quá 10 ngày
    (r"tối\s+đa", "<="),  # tối đa 5%
    (r"dưới", "<"),  # dưới 2%
    (r"tối\s+thiểu", ">="),  # cắt giảm tối thiểu 30%
    (r"ít\s+nhất", ">="),  # ít nhất 50%
    (r"không\s+(?:dưới|thấp\s+hơn|ít\s+hơn)", ">="),  # không dưới 80%
    (r"từ\s+\S+\s+trở\s+lên|trở\s+lên", ">="),  # 90% trở lên
    (r"trên", ">"),  # trên 95%
    (r"vượt", ">"),  # vượt mục tiêu Chính phủ giao (10%)
]
_COMP_RES = [(regex.compile(rf"(?i)(?<!\p{{L}}){p}(?!\p{{L}})"), c) for p, c in COMPARATORS]

# Things that are counted in targets: "04 Nghị định", "59 TTHC", "11 cơ sở dữ liệu".
COUNT_UNITS: list[tuple[str, str]] = [
    (r"thủ\s+tục\s+hành\s+chính|TTHC", "TTHC"),
    (r"cơ\s+sở\s+dữ\s+liệu|CSDL", "CSDL"),
    (r"Nghị\s+định", "Nghị định"),
    (r"Thông\s+tư", "Thông tư"),
    (r"Nghị\s+quyết", "Nghị quyết"),
    (r"Quyết\s+định", "Quyết định"),
    (r"nền\s+tảng", "nền tảng"),
    (r"dịch\s+vụ\s+công(?:\s+trực\s+tuyến)?", "dịch vụ công"),
    (r"hồ\s+sơ", "hồ sơ"),
    (r"doanh\s+nghiệp", "doanh nghiệp"),
    (r"mô\s+hình", "mô hình"),
    (r"lớp(?:\s+(?:tập\s+huấn|đào\s+tạo|bồi\s+dưỡng))?", "lớp"),
    (r"học\s+viên|lượt\s+người|người", "người"),
    (r"tỷ\s+đồng|triệu\s+đồng", "đồng"),
]
_COUNT_RE = regex.compile(
    r"(?<![\p{L}\d/.,])(?P<num>\d{1,3}(?:\.\d{3})*|\d+)\s+(?P<unit>"
    + "|".join(f"(?:{p})" for p, _ in COUNT_UNITS)
    + r")(?!\p{L})"
)
_PCT_RE = regex.compile(r"(?<![\d/.,])(?P<num>\d{1,3}(?:[.,]\d+)?)\s?%")
_247_RE = regex.compile(r"(?<![\d/])24\s?/\s?7(?![\d/])")

# Context (same clause) that makes a number a result, a score or a reference rather than a target.
RESULT_CONTEXT = regex.compile(
    r"(?i)so\s+với\s+cùng\s+kỳ|ước\s+đạt|đã\s+đạt|lũy\s+kế|đạt\s+được|\bđiểm\b|tháng\s+đầu\s+năm|bình\s+quân\s+chung"
    r"|hiện\s+nay|hiện\s+có|năm\s+trước|đến\s+nay|(?<!\p{L})chiếm(?!\p{L})|tổng\s+số\s[^,;]{0,60}?\slà\s"
    # a past verb of reporting ("đã cắt giảm 87 TTHC", "08 bộ đã sửa đổi"); not "đã được phê duyệt" (qualifies
    # the object) nor "người đã có tài khoản" (a relative clause inside a target)
    r"|(?<!\p{L})đã\s+(?:sửa\s+đổi|ban\s+hành|công\s+bố|giải\s+quyết|tiếp\s+nhận|triển\s+khai|xử\s+lý|phê\s+duyệt"
    r"|trình|cấp|bãi\s+bỏ|đơn\s+giản\s+hóa|kết\s+nối|tích\s+hợp|cung\s+cấp)(?!\p{L})"
)
# "(khoảng 1.500 tỷ đồng)", "(đạt 62,8%)": an estimate or a result in brackets, never a target.
_BRACKET_ESTIMATE = regex.compile(r"(?i)\(\s*(?:khoảng|gần|hơn|đạt|chiếm|tương\s+đương)\s*$")
# A count preceded by these words is a reference ("một số điều của 37 Luật"), not a target.
# "tại Điều 2 Quyết định số …": the number is an article's, not a count.
_COUNT_REFERENCE = regex.compile(r"(?i)(?:của|tại|theo|gồm|trong\s+số|điều|khoản|điểm|mục|phụ\s+lục)\s*$")
# "." and ":" between digits are thousands separators / ratios ("3.071 TTHC"), not clause ends.
_CLAUSE_BREAK = regex.compile(r"[;!?\n]|(?<!\d)[.:]|[.:](?!\d)|\s-\s|,\s(?=(?:đồng\s+thời|trong\s+đó))")
_BY_YEAR_RE = regex.compile(r"(?i)đến\s+năm\s+(?P<y>20\d\d)")
_SENTENCE_BREAK = regex.compile(r"[!?\n]|(?<!\d)\.|\.(?!\d)")
# A sentence that opens with its year sets the year of every target in it ("Năm 2026, cắt giảm 100% …").
_LEADING_YEAR_RE = regex.compile(r"(?i)\W*(?P<p>(?:đến\s+|trong\s+)?năm\s+(?P<y>20\d\d))\s*,")
_YEAR_RE = regex.compile(r"(?i)(?:đến\s+)?năm\s+(?P<y>20\d\d)")
_BASELINE_RE = regex.compile(
    r"(?i)so\s+với\s+(?P<b>(?:năm\s+20\d\d|cùng\s+kỳ(?:\s+năm\s+20\d\d)?|[^,;.]{3,40}?))(?=[,;.)]|$)"
)


def _clause_bounds(flat: str, pos: int, start: int, end: int) -> tuple[int, int]:
    left = start
    for m in _CLAUSE_BREAK.finditer(flat, start, pos):
        left = m.end()
    m2 = _CLAUSE_BREAK.search(flat, pos, end)
    right = m2.start() if m2 else end
    return left, right


def _target_year(
    flat: str, start: int, s: int, e: int, cs: int, ce: int, base: tuple[int, int] | None
) -> tuple[int, tuple[int, int]] | None:
    """Year by which the target is due, with the span of its printed words, or None.

    "100% … năm 2025" / "đến năm 2030" in the clause, or a sentence opening "Năm 2026, …". A year inside the
    baseline ("50% … so với năm 2024") is the year compared with, never the target year.
    """
    in_base = (lambda m: cs + base[0] <= m.start() < cs + base[1]) if base else (lambda m: False)
    for m in _YEAR_RE.finditer(flat, e, ce):
        if not in_base(m):
            return int(m.group("y")), m.span()
    for m in _BY_YEAR_RE.finditer(flat, cs, ce):
        if not in_base(m):
            return int(m.group("y")), m.span()
    sent = start
    for m in _SENTENCE_BREAK.finditer(flat, start, s):
        sent = m.end()
    lead = _LEADING_YEAR_RE.match(flat, sent, s)
    if lead:
        return int(lead.group("y")), lead.span("p")
    return None


def _comparator(before: str) -> str:
    best: tuple[int, str] | None = None
    for rx, comp in _COMP_RES:
        for m in rx.finditer(before):
            if best is None or m.start() > best[0]:
                best = (m.start(), comp)
    return best[1] if best else "="


def _metric(flat: str, num_end: int, clause_end: int, clause_start: int, num_start: int) -> str:
    after = flat[num_end:clause_end].strip(" ,()")
    after = regex.split(r"(?i),\s*(?:\d|đảm bảo|bảo đảm)|\(", after)[0]
    words = after.split()
    if len(words) >= 2:
        return " ".join(words[:14]).strip(" ,")
    before = flat[clause_start:num_start].strip(" ,(")
    return " ".join(before.split()[-10:])


def find_targets(
    flat: str, start: int, end: int, *, exclude: list[tuple[int, int]] | None = None
) -> list[Target]:
    """Targets in ``flat[start:end]``. ``exclude``: spans of deadlines and cited documents."""
    taken: list[tuple[int, int]] = list(exclude or [])
    out: list[Target] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in taken)

    candidates: list[tuple[int, int, float | int | str, str]] = []
    for m in _PCT_RE.finditer(flat, start, end):
        number = float(m.group("num").replace(",", "."))
        candidates.append((m.start(), m.end(), int(number) if number.is_integer() else number, "%"))
    for m in _COUNT_RE.finditer(flat, start, end):
        if _COUNT_REFERENCE.search(flat[max(start, m.start() - 20) : m.start()]):
            continue
        unit = next(u for p, u in COUNT_UNITS if regex.fullmatch(p, m.group("unit")))
        n = int(m.group("num").replace(".", ""))
        if n == 0 or (n >= 1900 and n <= 2100):
            continue
        candidates.append((m.start(), m.end(), n, unit))
    for m in _247_RE.finditer(flat, start, end):
        candidates.append((m.start(), m.end(), "24/7", "availability"))
    candidates.sort()
    for s, e, found, unit in candidates:
        if overlaps(s, e):
            continue
        cs, ce = _clause_bounds(flat, s, start, end)
        clause = flat[cs:ce]
        if RESULT_CONTEXT.search(clause):
            continue
        in_brackets = (unit == "%" and regex.search(r"\(\s*$", flat[max(cs, s - 2) : s])) or (
            _BRACKET_ESTIMATE.search(flat[max(cs, s - 24) : s])
        )
        if in_brackets and not regex.search(r"(?i)vượt|mục\s+tiêu|chỉ\s+tiêu", flat[cs:s]):
            continue  # "(54,4%)", "(khoảng 1.500 tỷ đồng)": a comparison or an estimate in brackets
        comp = _comparator(flat[cs:s])
        text = flat[cs:ce].strip(" ,;-+")
        text_start = flat.index(text, cs) if text else s
        # the target year follows the number ("100% … năm 2025") or says "đến năm 2030"; a year before the
        # number usually belongs to a cited programme ("Nghị quyết … năm 2025 và 2026, đảm bảo … 30%")
        base_m = _BASELINE_RE.search(clause)
        year = _target_year(flat, start, s, e, cs, ce, base_m.span() if base_m else None)
        out.append(
            Target(
                metric=_metric(flat, e, ce, cs, s),
                value=found,
                unit=unit,
                comparator=comp,
                text=" ".join(text.split()),
                span=(text_start, text_start + len(text)),
                target_year=year[0] if year else None,
                year_span=year[1] if year else None,
                baseline=" ".join(base_m.group("b").split()) if base_m else None,
            )
        )
        taken.append((s, e))
    return out


# ---------------------------------------------------------------- targets as sentences (review screen)

_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "đạt"}
_FROM_SYMBOL = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "=", "đạt": "="}
# Units printed right after the number; anything else after the number belongs to the metric.
SENTENCE_UNITS = ("%", *(name for _, name in COUNT_UNITS), "trạm", "ngày", "giờ", "km")


def target_sentence(target: dict) -> str:
    """ "≥ 30% thời gian giải quyết TTHC thuộc thẩm quyền, so với năm 2024 (năm 2026)": what a coordinator reads,
    from a target dict (``ParsedLetter.to_dict``). A value that is not a number (24/7) is printed as is."""
    from cchc.domain.numbers import format_number

    value = target.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        places = 0 if float(value).is_integer() else len(f"{value}".split(".")[1])
        shown = format_number(value, places)
    else:
        shown = str(value or "").strip()
    unit = str(target.get("unit") or "").strip()
    head = " ".join(
        p
        for p in (_SYMBOL.get(str(target.get("comparator") or ""), ""), shown + ("%" if unit == "%" else ""))
        if p
    )
    if unit.startswith("/"):
        head += unit  # "24/7"
    elif unit and unit != "%":
        head += f" {unit}"
    metric = " ".join(str(target.get("metric") or "").split())
    if target.get("baseline"):  # the metric may already end with its baseline
        metric = regex.sub(r",?\s*so\s+với\s+" + regex.escape(str(target["baseline"])) + r"\s*$", "", metric)
    out = f"{head} {metric}".strip()
    if target.get("baseline"):
        out += f", so với {target['baseline']}"
    if target.get("target_year"):
        out += f" (năm {target['target_year']})"
    return out


_SENTENCE_RE = regex.compile(
    r"^\s*(?P<c>≥|≤|>=|<=|>|<|=|đạt(?=\s))?\s*(?P<v>\d(?:[\d.,]*\d)?)(?P<frac>/\d+)?(?!\d)\s*(?P<rest>.*?)\s*$"
)


def parse_target_sentence(line: str) -> dict | None:
    """The inverse of :func:`target_sentence` for a line the coordinator typed or kept ("≥ 30% thời gian …, so
    với năm 2024 (năm 2026)"); also the older "≥ 30 % ; nội dung" form. None when no number opens the line."""
    m = _SENTENCE_RE.match(line)
    if not m:
        return None
    rest = m.group("rest")
    unit = m.group("frac") or ""  # "24/7": the value 24 and the unit "/7"
    default = "="
    if ";" in rest:  # "30 % ; nội dung" (the older form, where no comparator meant "at least")
        unit, _, rest = (p.strip() for p in rest.partition(";"))
        default = ">="
    elif not unit:
        for u in sorted(SENTENCE_UNITS, key=len, reverse=True):
            if rest == u or rest.startswith(u + " ") or (u == "%" and rest.startswith("%")):
                unit, rest = u, rest[len(u) :].strip()
                break
    year = None
    ym = regex.search(r"\s*\(năm\s+(?P<y>20\d\d)\)\s*$", rest)
    if ym:
        year, rest = int(ym.group("y")), rest[: ym.start()]
    baseline = ""
    bm = regex.search(r",\s*so\s+với\s+(?P<b>.+)$", rest)
    if bm:
        baseline, rest = bm.group("b").strip(), rest[: bm.start()]
    return {
        "comparator": _FROM_SYMBOL.get(m.group("c") or "", default),
        "value": m.group("v"),
        "unit": unit,
        "metric": rest.strip(" ;,"),
        "baseline": baseline,
        "target_year": year,
    }
