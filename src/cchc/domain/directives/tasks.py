"""From numbered items and table rows to tasks: which items are tasks, their units, targets, deadline.

Rules (each is one function below):
- a section whose heading is purpose/assessment ("MỤC ĐÍCH, YÊU CẦU", "ĐÁNH GIÁ CHUNG", …) holds no tasks;
- an item with numbered children is a container; its own text is a task only if it is more than a heading;
  a heading that names units ("2. Sở Khoa học và Công nghệ") makes them responsible for the children;
- an item whose children are fields ("a) Nhiệm vụ:", "b) Cơ quan thực hiện:", "c) Thời gian thực hiện:") is
  one task;
- dash bullets under a task stay in it unless they name their own unit or target; such bullets are tasks
  of their own, and a following bullet without a unit keeps the previous bullet's units;
- a task without a responsible unit gets the heading's units, else the default (Kính gửi, …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .deadlines import find_deadlines, pick_deadline
from .model import Deadline, Task, UnitRef
from .structure import Item, TableRow, walk
from .targets import find_targets
from .units import HEAD_RE, LOWER_HEAD_RE, find_coordinating, find_responsible, split_units

SKIP_HEADING = regex.compile(
    r"(?i)\s*(?:MỤC\s+ĐÍCH|YÊU\s+CẦU|QUAN\s+ĐIỂM|ĐÁNH\s+GIÁ|TÌNH\s+HÌNH|KẾT\s+QUẢ\s+(?:ĐẠT|THỰC)|CĂN\s+CỨ"
    r"|SỰ\s+CẦN\s+THIẾT|PHẠM\s+VI|ĐỐI\s+TƯỢNG|BỐI\s+CẢNH|THỰC\s+TRẠNG|MỤC\s+TIÊU|CHỈ\s+TIÊU|NGUYÊN\s+TẮC"
    r"|HIỆN\s+TRẠNG)"
)
# An objective, however long: "Mục tiêu 1. Lĩnh vực chính trị", "Chỉ tiêu 2: Tỷ lệ … đạt 40%" (not a task: no unit
# is asked to do anything; its numbers are the plan's objectives).
OBJECTIVE_ITEM = regex.compile(r"(?i)\s*(?:mục\s+tiêu|chỉ\s+tiêu)(?:\s+(?:\d{1,2}|[a-z]))?\s*[.:]")
# "III. KINH PHÍ THỰC HIỆN": a task section only if it names a unit ("Sở Tài chính bố trí kinh phí …").
FUNDING_HEADING = regex.compile(r"\s*(?:NGUỒN\s+)?KINH\s+PHÍ(?!\p{L})")  # capitals: a section heading
FIELD_TASK = regex.compile(r"(?i)\s*(?:nhiệm\s+vụ|nội\s+dung(?:\s+công\s+việc)?)\s*:")
FIELD_UNITS = regex.compile(r"(?i)\s*(?:cơ\s+quan|đơn\s+vị)\s+(?:thực\s+hiện|chủ\s+trì|phối\s+hợp)")
FIELD_TIME = regex.compile(
    r"(?i)\s*(?:thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|thời\s+hạn|tiến\s+độ)\s*:\s*"
)
FIELD_PRODUCT = regex.compile(r"(?i)\s*(?:sản\s+phẩm|kết\s+quả)(?:\s+đầu\s+ra)?\s*:")
_NUMBERED = {"roman", "article", "decimal", "number", "letter"}


@dataclass
class Context:
    flat: str
    default_units: list[UnitRef]
    exclude: list[tuple[int, int]]
    tasks: list[Task] = field(default_factory=list)
    funding: set[str] = field(
        default_factory=set
    )  # numbers of "KINH PHÍ" sections kept for their named units


def _trim(flat: str, s: int, e: int) -> tuple[int, int]:
    while s < e and flat[s] in " \t|":
        s += 1
    while e > s and flat[e - 1] in " \t|":
        e -= 1
    return s, e


def _summary(flat: str, s: int, e: int) -> str:
    words = flat[s:e].split()
    text = " ".join(words[:40])
    m = regex.search(r"[.;](?=\s|$)", text)
    if m and m.start() > 40:
        text = text[: m.start()]
    return text.strip(" .;:-+") + ("…" if len(words) > 40 and not m else "")


def _is_heading(flat: str, s: int, e: int) -> bool:
    t = flat[s:e].strip()
    if not t:
        return True
    if len(t) > 160 or regex.search(r"\.\s+\p{Lu}", t):
        return False
    return (
        t.endswith(":")
        or t.startswith("Về ")
        or t.upper() == t
        or len(t) < 70
        or _unit_heading(flat, s, e) is not None
    )


def _lead_in(flat: str, s: int, e: int) -> int | None:
    """Start of the lead-in sentence of a heading that introduces a list ("II. NHIỆM VỤ TRỌNG TÂM⏎Đề nghị UBND
    tỉnh tập trung …, trong đó lưu ý các nội dung sau:"; "1. Giao Sở Nội vụ chủ trì thực hiện các nội dung
    sau:"), or None when ``flat[s:e]`` does not end with ":"."""
    t = flat[s:e].rstrip()
    if not t.endswith(":"):
        return None
    for m in regex.finditer(r"\S+", flat[s : s + len(t)]):
        if regex.search(r"\p{Ll}", m.group(0)):
            return s + m.start()
    return None


_ASSIGN = regex.compile(r"(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s*:?\s+(?:cho\s+)?\p{L}")


def _assignment_heading(flat: str, s: int, e: int) -> bool:
    """ "1. Giao người đứng đầu các cơ quan …; Chủ tịch UBND các xã" above its bullets: an assignment with no
    sentence of its own (no full stop), however long its list of units."""
    t = flat[s:e].strip()
    return bool(_ASSIGN.match(t)) and not regex.search(r"\.(?:\s|$)", t) and len(t) < 400


def _lead_in_units(flat: str, s: int, e: int) -> list[UnitRef]:
    """Units named by a lead-in that ends with ":" ("Đề nghị Thường trực Tỉnh ủy tập trung …:"); they are
    responsible for the items below it that name none."""
    lead = _lead_in(flat, s, e)
    return find_responsible(flat, lead, e) if lead is not None else []


def _unit_heading(flat: str, s: int, e: int) -> list[UnitRef] | None:
    """Units if ``flat[s:e]`` is only a list of units ("Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường")."""
    s, e = _trim(flat, s, e)
    verb = regex.match(r"(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s*:?\s+(?:cho\s+)?(?=\p{Lu}|các\s)", flat[s:e])
    if verb:  # "2. Giao Sở Nội vụ" above its duties
        s += verb.end()
    t = flat[s:e].rstrip(" .:")
    if not t or len(t) > 160 or not (HEAD_RE.match(t) or (verb and LOWER_HEAD_RE.match(t))):
        return None
    units = split_units(flat, s, s + len(t))
    lead_in = flat[s:e].rstrip().endswith(":")
    if verb and not HEAD_RE.match(t) and not lead_in and len(t) < 100 and "," not in t and len(units) <= 1:
        # "6. Đề nghị các tổ chức cung cấp dịch vụ chi trả" above its bullets: the whole remainder names the unit
        return [UnitRef(" ".join(t.split()), (s, s + len(t)))]
    covered = sum(u.span[1] - u.span[0] for u in units)
    if units:
        # "1. Văn phòng Bộ X chủ trì rà soát thủ tục." is a task with its unit, not a heading: words after the
        # last unit (other than a bracketed role, "(Cơ quan thường trực)") make it a sentence
        rest = regex.sub(r"\([^)]*\)?", " ", flat[units[-1].span[1] : s + len(t)]).strip(" .,:;-")
        if len(rest.split()) >= 2:
            return None
    return units if units and covered >= 0.8 * len(t.replace(" ", "")) * 0.9 else None


def _split_heading(text: str, flat: str, s: int, e: int) -> tuple[list[UnitRef], int] | None:
    """ "Cục Mỹ thuật, Nhiếp ảnh và Triển lãm\\nKhẩn trương hoàn thiện…" → (units, body start)."""
    if not HEAD_RE.match(flat, s, e):
        return None
    for m in regex.finditer(r"\n\s*(?=\p{Lu})", text[s:e]):
        b = s + m.end()
        if b - s > 160:
            break
        prev = text[s : s + m.start()].rstrip()
        if prev.endswith((",", "và")) or HEAD_RE.fullmatch(prev.split()[-1]) or HEAD_RE.match(flat, b, e):
            continue
        units = _unit_heading(flat, s, s + m.start())
        if units:
            return units, b
    return None


_TOPIC = regex.compile(r"\W*Về\s[^:]{3,400}?:(?=\s)")


def _task(ctx: Context, number: str, s: int, e: int, units: list[UnitRef], body: int | None = None) -> Task:
    flat = ctx.flat
    s, e = _trim(flat, s, e)
    body = s if body is None else body
    deadlines = find_deadlines(flat, body, e, exclude=ctx.exclude)
    deadline = pick_deadline(deadlines)
    # "Về bố trí nguồn lực … (đảm bảo tỷ lệ kiên cố hóa 100%): giao Bộ …": the topic before the colon quotes the
    # request being answered; its numbers are not targets given to anyone
    topic = _TOPIC.match(flat, body, e)
    skip = [(body, topic.end())] if topic else []
    targets = find_targets(flat, body, e, exclude=ctx.exclude + [d.span for d in deadlines] + skip)
    if deadline is None:
        # "đến năm 2026 đạt 80%": a target due in a year is due by 31/12 of that year; the deadline shows the
        # printed words ("đến năm 2026") and their span. Baseline years ("so với năm 2024") never get here.
        dated = [t for t in targets if t.target_year and t.year_span]
        if dated and len({t.target_year for t in dated}) == 1:
            t0 = dated[0]
            assert t0.year_span is not None
            ys, ye = t0.year_span
            deadline = Deadline(
                text=" ".join(flat[ys:ye].split()), span=(ys, ye), iso=f"{t0.target_year}-12-31"
            )
    own = find_responsible(flat, body, e)
    coord = find_coordinating(flat, body, e)
    own_keys = {u.text.lower() for u in own}
    coord = [c for c in coord if c.text.lower() not in own_keys]
    task = Task(
        number=number,
        summary=_summary(flat, body, e),
        text=" ".join(flat[s:e].split()),
        span=(s, e),
        responsible=own or list(units) or list(ctx.default_units),
        coordinating=coord,
        targets=targets,
        deadline=deadline,
        responsible_is_default=not own and not units,
    )
    return task


def _join(prefix: str, item: Item) -> str:
    if item.kind == "decimal":
        head = item.label.split(".")[0]
        if prefix.endswith(head) and (prefix == head or prefix.endswith("." + head)):
            return prefix[: len(prefix) - len(head)] + item.label
    return f"{prefix}.{item.label}" if prefix else item.label


def visit(
    text: str, ctx: Context, items: list[Item], prefix: str = "", units: list[UnitRef] | None = None
) -> None:
    flat = ctx.flat
    units = units or []
    for item in items:
        number = _join(prefix, item) if item.kind not in {"dash", "plus"} else prefix
        s, own_e = _trim(flat, item.content_start, item.own_end)
        numbered_children = [c for c in item.children if c.kind in _NUMBERED]
        if OBJECTIVE_ITEM.match(flat, s, own_e):
            continue
        if SKIP_HEADING.match(flat, s, own_e) and (item.kind == "roman" or own_e - s < 120):
            if not any(FIELD_TASK.match(flat, c.content_start, c.own_end) for c in item.children):
                _directions(text, ctx, item, number, units)
                continue
        if FUNDING_HEADING.match(flat, s, own_e):
            if not any(find_responsible(flat, c.content_start, c.end) for c in [item, *walk(item.children)]):
                continue  # "III. KINH PHÍ THỰC HIỆN⏎Từ ngân sách nhà nước." names the source, assigns nothing
            ctx.funding.add(number)  # only its items that name a unit are tasks (see drop_unassigned_funding)
        if _field_block(ctx, item, number, units):
            continue
        if _field_segments(text, ctx, item, number, units):
            continue
        if numbered_children:
            heading_units = _unit_heading(flat, s, own_e) or _lead_in_units(flat, s, own_e)
            if not _is_heading(flat, s, own_e) and _lead_in(flat, s, own_e) is None:
                ctx.tasks.append(_task(ctx, number, s, own_e, units))
            visit(text, ctx, item.children, number, heading_units or units)
            continue
        if item.kind in {"dash", "plus"} and not prefix:
            ctx.tasks.append(_task(ctx, str(len(ctx.tasks) + 1), s, item.end, units))
            continue
        _leaf(text, ctx, item, number, units)


# The assessment of a kết luận ends with what to do next: "Trong thời gian tới, Tỉnh tổ chức thực hiện …".
_NEXT = regex.compile(r"(?m)^[ \t|]*(?:Trong\s+)?(?:thời\s+gian|năm)\s+tới\s*,", regex.I)


def _directions(text: str, ctx: Context, item: Item, number: str, units: list[UnitRef]) -> None:
    """A paragraph of an assessment section that opens with "Trong thời gian tới," is the direction given for
    what comes next: one task, from there to the end of the section, for the letter's addressee."""
    if item.kind != "roman":
        return
    end = item.children[0].start if item.children else item.end
    m = _NEXT.search(text, item.content_start, end)
    if m is None:
        return
    task = _task(ctx, f"{number}.TT" if number else "TT", m.start(), end, units)
    ctx.tasks.append(task)


def drop_unassigned_funding(ctx: Context) -> None:
    """In a funding section ("KINH PHÍ THỰC HIỆN") an item is a task only if it names who does it ("Sở Tài chính
    bố trí …"); "Nguồn tài trợ, viện trợ" and "Kinh phí … từ ngân sách" only state sources."""

    def in_funding(number: str) -> bool:
        return any(number == f or number.startswith(f + ".") for f in ctx.funding)

    ctx.tasks = [
        t for t in ctx.tasks if not (in_funding(t.number) and (not t.responsible or t.responsible_is_default))
    ]


def _after_caps_heading(text: str, s: int, e: int) -> int | None:
    """Where the text of a section starts after its heading in capitals (wrapped on several lines), or None."""
    from .structure import iter_lines

    seen = False
    for ls, le in iter_lines(text, s, e):
        line = text[ls:le].strip(" |")
        if not line:
            continue
        letters = [c for c in line if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            seen = True
            continue
        return ls if seen else None
    return None


def _leaf(text: str, ctx: Context, item: Item, number: str, units: list[UnitRef]) -> None:
    """An item with only bullets (or nothing) below it."""
    flat = ctx.flat
    s, own_e = _trim(flat, item.content_start, item.own_end)
    split = _split_heading(text, flat, s, own_e)
    heading_units = _unit_heading(flat, s, own_e)
    if not heading_units and item.children and _assignment_heading(flat, s, own_e):
        heading_units = find_responsible(flat, s, own_e) or None
    body: int | None = None
    if split:
        heading_units, body = split
    elif not heading_units:
        body = _after_caps_heading(text, s, own_e)  # "VII. CHẾ ĐỘ BÁO CÁO⏎Các sở … gửi báo cáo …"
    merged_end = own_e
    standalone: list[Item] = []
    # Bullets under a heading, a lead-in ("… các nội dung sau:") or a unit ("1. Sở Nội vụ:") are the duties
    # themselves: each is a task. Under a sentence that is itself a task they only detail it, unless they
    # name their own unit or target.
    sentences = [c for c in item.children if len(flat[c.content_start : c.end].split()) >= 5]
    split_all = len(sentences) >= 2 and (
        bool(heading_units)
        or _lead_in(flat, s, own_e) is not None
        or _is_heading(flat, s, own_e)
        or _assignment_heading(flat, s, own_e)
    )
    for child in item.children:
        cs, ce = _trim(flat, child.content_start, child.end)
        own = find_responsible(flat, cs, ce) or find_coordinating(flat, cs, ce)
        has_target = bool(find_targets(flat, cs, ce, exclude=ctx.exclude))
        if own or has_target or (split_all and child in sentences):
            standalone.append(child)
        elif not standalone:
            merged_end = child.end
    ctx_units = heading_units or _lead_in_units(flat, s, own_e) or units
    if heading_units and body is None and not (merged_end > own_e):
        pass  # a bare unit heading: the bullets carry the tasks
    elif not (_is_heading(flat, s, own_e) and merged_end == own_e and standalone):
        task = _task(
            ctx,
            number,
            s,
            merged_end,
            ctx_units,
            body=body if body is not None else (s if not heading_units else merged_start(item, own_e)),
        )
        ctx.tasks.append(task)
    # A bullet that names no unit is subjectless. Its subject is the item's own unit (a unit heading "2. Sở A"
    # or a lead-in "Giao Sở A thực hiện các nội dung sau:") when the item names one: a sibling's unit is then
    # that sibling's own assignment. Only when the item names none does the subject of the previous bullet
    # carry over ("- Các phòng chuyên môn rà soát …; - Tham mưu …" → the same phòng).
    item_units = heading_units or _lead_in_units(flat, s, own_e)
    prev: Task | None = None
    for k, child in enumerate(standalone, 1):
        task = _task(ctx, f"{number}.{k}", child.content_start, child.end, ctx_units)
        named = bool(find_responsible(flat, child.content_start, child.end))
        if not named and not item_units and prev is not None:
            task.responsible = list(prev.responsible)
            task.coordinating = task.coordinating or list(prev.coordinating)
            task.responsible_is_default = prev.responsible_is_default
        elif named:
            prev = task
        ctx.tasks.append(task)


make_task = _task  # public name for callers that rebuild a task from a narrower span


def merged_start(item: Item, own_e: int) -> int:
    """Body of a unit-heading item starts at its first bullet."""
    return item.children[0].content_start if item.children else own_e


def _field_block(ctx: Context, item: Item, number: str, units: list[UnitRef]) -> bool:
    """ "a) Nhiệm vụ: … b) Cơ quan thực hiện: - Đơn vị chủ trì: … c) Thời gian thực hiện: …" → one task."""
    flat = ctx.flat
    kids = [c for c in item.children if c.kind in {"letter", "number", "dash"}]
    roles: dict[str, Item] = {}
    for c in kids:
        for name, rx in (
            ("task", FIELD_TASK),
            ("units", FIELD_UNITS),
            ("time", FIELD_TIME),
            ("product", FIELD_PRODUCT),
        ):
            if rx.match(flat, c.content_start, c.end):
                roles.setdefault(name, c)
    if "task" not in roles or len(roles) < 2:
        return False
    t_item = roles["task"]
    m = FIELD_TASK.match(flat, t_item.content_start, t_item.end)
    assert m is not None
    s, e = _trim(flat, m.end(), t_item.end)
    task = _task(ctx, number, s, e, units)
    task.span = (item.content_start, item.end)
    task.origin = "fields"
    if "units" in roles:
        u = roles["units"]
        resp = find_responsible(flat, u.content_start, u.end)
        coord = find_coordinating(flat, u.content_start, u.end)
        if resp:
            task.responsible, task.responsible_is_default = resp, False
        if coord:
            task.coordinating = coord
    if "time" in roles:
        tm = roles["time"]
        fm = FIELD_TIME.match(flat, tm.content_start, tm.end)
        assert fm is not None
        fs, fe = _trim(flat, fm.end(), tm.end)
        found = find_deadlines(flat, fs, fe, field=True, exclude=ctx.exclude)
        text = " ".join(flat[fs:fe].split()).rstrip(" .")
        task.deadline = pick_deadline(found) or Deadline(text=text, span=(fs, fe))
        if task.deadline.iso is None and task.deadline.recurring is None and found == []:
            task.deadline = Deadline(text=text, span=(fs, fe))
    ctx.tasks.append(task)
    return True


# Field lines of a plan item ("Đơn vị chủ trì thực hiện: Các Sở, ngành.", "- Cơ quan phối hợp: …", "Thời gian
# thực hiện: Thường xuyên."), printed after the item's text, with or without a dash.
FIELD_LINE = regex.compile(
    r"[-+•]?\s*(?:(?P<r>(?:đơn\s+vị|cơ\s+quan)\s+(?:chủ\s+trì|thực\s+hiện|chịu\s+trách\s+nhiệm)[^:\n]{0,30})"
    r"|(?P<c>(?:đơn\s+vị|cơ\s+quan)\s+phối\s+hợp[^:\n]{0,20})"
    r"|(?P<t>(?:thời\s+gian|thời\s+hạn|tiến\s+độ)[^:\n]{0,25})"
    r"|(?P<p>(?:sản\s+phẩm|kết\s+quả)(?:\s+đầu\s+ra)?))\s*:\s*",
    regex.I,
)


def _field_segments(text: str, ctx: Context, item: Item, number: str, units: list[UnitRef]) -> bool:
    """An item whose text is followed by field lines (chủ trì / phối hợp / thời gian) is one task per run of
    text + fields: "1. Rà soát …⏎- Thường xuyên rà soát …⏎Đơn vị chủ trì thực hiện: Các Sở.⏎Thời gian thực
    hiện: Thường xuyên." → one task. A numbered child that carries its own fields is left to its own visit."""
    from .structure import iter_lines

    if item.kind not in _NUMBERED:
        return False
    if any(c.kind in _NUMBERED and _has_fields(text, c) for c in item.children):
        return False
    segments: list[dict] = []
    cur: dict | None = None
    last_field: str | None = None
    for ls, le in iter_lines(text, item.content_start, item.end):
        line = text[ls:le].strip()
        if not line or line == "|":
            continue
        lead = ls + (len(text[ls:le]) - len(text[ls:le].lstrip()))
        m = FIELD_LINE.match(text, lead, le)
        if m and ls > item.content_start:
            if cur is None:
                cur = {"start": item.content_start, "body_end": lead, "fields": {}}
                segments.append(cur)
            kind = next(k for k in "rctp" if m.group(k))
            cur["fields"].setdefault(kind, [m.end(), le])
            last_field = kind
            continue
        if last_field is not None and cur is not None:
            prev = cur["fields"][last_field]
            if not text[prev[0] : prev[1]].strip():
                prev[1] = le  # "- Cơ quan thực hiện:⏎+ Sở A chủ trì …": the value is on the next lines
                continue
            if not text[prev[0] : prev[1]].rstrip().endswith((".", ";")) and not regex.match(
                r"[-+•]|\d{1,2}[.)]|[a-zđ]\)", line
            ):
                prev[1] = le  # the field's value goes on on this line
                continue
            cur = None
            last_field = None
        if cur is None and segments and segments[-1]["fields"]:
            cur = {"start": lead, "body_end": le, "fields": {}}
            segments.append(cur)
        elif cur is not None:
            cur["body_end"] = le
    segments = [g for g in segments if g["fields"]]
    if not segments or not any("r" in g["fields"] or "t" in g["fields"] for g in segments):
        return False
    flat = ctx.flat
    for k, g in enumerate(segments, 1):
        num = number if len(segments) == 1 else f"{number}.{k}"
        s, e = g["start"], g["body_end"]
        body = s
        if len(segments) > 1 and k == 1 and item.children:
            body = item.children[0].content_start if item.children[0].start < e else s
        task = _task(ctx, num, s, e, units, body=body)
        task.origin = "fields"
        fields = g["fields"]
        if "r" in fields:
            fs, fe = fields["r"]
            resp = split_units(flat, fs, fe) or find_responsible(flat, fs, fe)
            if resp:
                task.responsible, task.responsible_is_default = resp, False
        if "c" in fields:
            fs, fe = fields["c"]
            task.coordinating = split_units(flat, fs, fe) or task.coordinating
        elif "r" in fields:  # "Cơ quan thực hiện: Sở A chủ trì, phối hợp với các sở, ngành …"
            task.coordinating = find_coordinating(flat, *fields["r"]) or task.coordinating
        if "t" in fields:
            fs, fe = _trim(flat, *fields["t"])
            found = find_deadlines(flat, fs, fe, field=True, exclude=ctx.exclude)
            value = " ".join(flat[fs:fe].split()).rstrip(" .;")
            task.deadline = pick_deadline(found) or Deadline(text=value, span=(fs, fe))
        end = max(max(v[1] for v in fields.values()), e)
        task.span = (s, end)
        ctx.tasks.append(task)
    return True


def _has_fields(text: str, item: Item) -> bool:
    from .structure import iter_lines

    for ls, le in iter_lines(text, item.content_start, item.end):
        line = text[ls:le].lstrip()
        if FIELD_LINE.match(line) and ls > item.content_start:
            return True
    return False


def table_tasks(ctx: Context, rows: list[TableRow]) -> None:
    flat = ctx.flat
    for i, row in enumerate(rows, 1):
        cell = row.cells.get("task")
        if cell is None:
            continue
        number = (
            " ".join(flat[row.cells["number"].start : row.cells["number"].end].split())
            if "number" in row.cells
            else f"PL.{i}"
        )
        task = _task(ctx, f"PL.{number}", cell.start, cell.end, [])
        task.origin = "table"
        task.responsible_is_default = False
        task.responsible = []
        if "responsible" in row.cells:
            c = row.cells["responsible"]
            task.responsible = split_units(flat, c.start, c.end) or [
                UnitRef(" ".join(flat[c.start : c.end].split()), (c.start, c.end))
            ]
        if "coordinating" in row.cells:
            c = row.cells["coordinating"]
            task.coordinating = split_units(flat, c.start, c.end) or [
                UnitRef(" ".join(flat[c.start : c.end].split()), (c.start, c.end))
            ]
        if "deadline" in row.cells:
            c = row.cells["deadline"]
            found = find_deadlines(flat, c.start, c.end, field=True, exclude=ctx.exclude)
            text = " ".join(flat[c.start : c.end].split())
            task.deadline = pick_deadline(found) or Deadline(text=text, span=(c.start, c.end))
        if "product" in row.cells:
            c = row.cells["product"]
            task.targets += find_targets(flat, c.start, c.end, exclude=ctx.exclude)
        ctx.tasks.append(task)
