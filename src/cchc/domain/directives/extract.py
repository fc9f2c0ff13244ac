"""Entry point: ``extract(text_or_path, *, org_units=None) -> ParsedLetter``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import regex

from . import confidence
from .allocation import allocation_tasks
from .metadata import find_metadata
from .model import DirectiveInputError, OrgUnit, ParsedLetter, Task, UnitRef
from .normalize import normalize_text
from .normative import (
    EXECUTION_RE,
    execution_sentence,
    execution_units,
    finish,
    is_normative,
    select_articles,
)
from .reader import MAX_TEXT_CHARS, read_path
from .structure import Item, iter_lines, parse_items, parse_tables
from .tasks import Context, drop_unassigned_funding, make_task, table_tasks, visit
from .units import HEAD_RE, find_responsible, match_org_units, split_units

_CLOSING = regex.compile(r"\./\.")
_ITEM_LINE = regex.compile(r"\s*(?:Điều\s+\d+\s*[.:]|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•])\s")
_SUBJECT_PARTNER = regex.compile(
    r"(?i)với\s+(?:lãnh\s+đạo\s+)?(?P<u>(?:tỉnh|thành\s+phố)\s+\p{L}+(?:\s+\p{L}+){0,2})\s*$"
)


def extract(
    source: str | Path, *, org_units: Sequence[OrgUnit] | None = None, model: Any = None
) -> ParsedLetter:
    """Parse a directive. ``source`` is a path (str or Path to an existing file) or the text itself.
    ``model`` is a trained :mod:`.learned` model (``None``: the committed one, if any)."""
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and Path(source).is_file()
    ):
        raw = read_path(source)
    else:
        raw = str(source)
        if len(raw) > MAX_TEXT_CHARS:
            raise DirectiveInputError(
                f"Văn bản quá dài ({len(raw)} ký tự); giới hạn là {MAX_TEXT_CHARS} ký tự."
            )
    text = normalize_text(raw)
    flat = text.replace("\n", " ")
    letter = ParsedLetter(text=text)
    find_metadata(text, letter)
    body_start, body_end, appendix_start = _body(text, letter)
    exclude = [c.span for c in letter.cited_documents]
    attached = _attached_plan(text, body_end)
    if attached is not None:
        # a quyết định ban hành kế hoạch: the tasks are the attached plan's; the decision's own articles
        # ("Điều 1. Ban hành kèm theo …", "Điều 3. … chịu trách nhiệm thi hành") only promulgate it
        body_start, body_end = attached
        if appendix_start is not None and appendix_start < body_start:
            appendix_start = None
    items = _drop_preamble(parse_items(text, body_start, body_end))
    lead_end = items[0].start if items else body_end  # the lead-in: before the first numbered item
    ctx = Context(
        flat=flat, default_units=_default_units(text, flat, letter, body_start, lead_end), exclude=exclude
    )
    doc_type = letter.doc_type.value if letter.doc_type else None
    normative = is_normative(doc_type) and attached is None
    if normative:
        assert doc_type is not None
        items = select_articles(text, items, doc_type)
        # a quyết định has no Kính gửi: the units of its execution article come before any "giao X" lead-in
        if not letter.addressees:
            ctx.default_units = execution_units(text, flat, body_start, body_end) or ctx.default_units
    visit(text, ctx, items)
    drop_unassigned_funding(ctx)
    if normative:
        assert doc_type is not None
        for i, t in enumerate(ctx.tasks):
            span = execution_sentence(text, *t.span)
            if span is None:
                continue
            if span[0] > t.span[0]:  # "Quyết định này có hiệu lực …; Chánh Văn phòng … thi hành"
                ctx.tasks[i] = t = make_task(ctx, t.number, span[0], span[1], [])
            t.responsible = execution_units(text, flat, *span) or t.responsible
            t.responsible_is_default = False
            t.origin = "article"
        ctx.tasks = finish(ctx.tasks, text, doc_type)
        if not ctx.tasks and body_end > body_start:
            letter.warnings.append(
                f"{doc_type}: các điều là quy định, không có điều khoản giao nhiệm vụ hoặc tổ chức thực hiện."
            )
    if attached is not None or doc_type in {"Kế hoạch", "Chương trình", "Hướng dẫn"}:
        ctx.tasks = _drop_unassigned_parts(ctx.tasks)
    ctx.tasks += allocation_tasks(text, ctx, items)
    if appendix_start is not None:
        table_tasks(ctx, parse_tables(text, appendix_start, len(text)))
    if not ctx.tasks and body_end > body_start and not normative:
        _request_sentences(ctx, body_start, body_end)
    if not ctx.tasks and body_end > body_start and not normative:
        letter.warnings.append("Không tìm thấy mục đánh số nào: không tách được nhiệm vụ.")
    letter.tasks = ctx.tasks
    for t in letter.tasks:
        match_org_units(t.responsible, org_units)
        match_org_units(t.coordinating, org_units)
    confidence.score(letter)
    return letter


def _body(text: str, letter: ParsedLetter) -> tuple[int, int, int | None]:
    """Where numbered items may be: after the header/Kính gửi, before the closing paragraph and Nơi nhận."""
    start = 0
    if letter.addressees:
        start = max(a.span[1] for a in letter.addressees)
    else:
        for f in (letter.subject, letter.signed_date, letter.doc_number):
            if f and f.span[1] > start and f.span[1] < 3000:
                start = f.span[1]
    nn = regex.search(r"(?m)^\s*Nơi\s+nhận\s*:?", text[start:])
    end = start + nn.start() if nn else len(text)
    closing = None
    for m in _CLOSING.finditer(text, start, end):
        closing = m
    if closing:
        # the "./." paragraph is a closing formula ("Văn phòng Chính phủ trân trọng thông báo./."), unless it is
        # itself a numbered item or article (a letter without "Nơi nhận" ends on its last item) or the execution
        # sentence of a quyết định ("Chánh Văn phòng … chịu trách nhiệm thi hành Quyết định này./.")
        para = _paragraph_start(text, closing.start(), start)
        keep = (
            _ITEM_LINE.match(text, para)
            or EXECUTION_RE.search(text, para, closing.start())
            or _after_heading(
                text, para, start
            )  # "VII. CHẾ ĐỘ BÁO CÁO⏎Các sở … gửi báo cáo … trước ngày …./."
        )
        end = closing.end() if keep else para
    appendix = regex.search(r"(?m)^\s*PHỤ\s+LỤC\b", text)
    return start, end, appendix.start() if appendix else None


_ATTACHED_HEAD = regex.compile(
    r"(?m)^[ \t|]*(?:KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH(?:\s+HÀNH\s+ĐỘNG)?|ĐỀ\s+ÁN)[ \t|]*$"
)
_ATTACHED_NOTE = regex.compile(r"\(\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo[^)]{0,300}\)")


def _attached_plan(text: str, after: int) -> tuple[int, int] | None:
    """(start, end) of a plan or programme attached after the signature ("KẾ HOẠCH … (Kèm theo Quyết định số
    …)"), up to its own appendix; None when there is none."""
    for m in _ATTACHED_HEAD.finditer(text, after):
        note = _ATTACHED_NOTE.search(text, m.end(), min(len(text), m.end() + 800))
        if note is None:
            continue
        appendix = regex.compile(r"(?m)^\s*PHỤ\s+LỤC\b").search(text, note.end())
        return note.end(), appendix.start() if appendix else len(text)
    return None


_REQUEST = regex.compile(r"(?i)(?<!\p{L})(?:đề\s+nghị|yêu\s+cầu|giao)\s+(?:cho\s+)?(?=\p{L})")
# A closing formula or a reference to an earlier request, not a request of this letter.
_NOT_A_REQUEST = regex.compile(
    r"(?i)quan\s+tâm(?:\s+\p{L}+){0,2}\s*$|trân\s+trọng|đã\s+(?:có|ban\s+hành|gửi)\s+(?:Văn\s+bản|Công\s+văn)"
)
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu})|(?<=\./\.)")


def _request_sentences(ctx: Context, start: int, end: int) -> None:
    """A letter without numbered items: each sentence that asks something ("… đề nghị bộ, ngành, địa phương
    khẩn trương tổng hợp … và gửi về Bộ Nội vụ trước ngày 26/11/2025 …") is a task, its units named after
    the verb or else the letter's addressees."""
    flat = ctx.flat
    pos = start
    sentences: list[tuple[int, int]] = []
    for m in _SENTENCE_END.finditer(flat, start, end):
        sentences.append((pos, m.start()))
        pos = m.end()
    sentences.append((pos, end))
    k = 0
    for s, e in sentences:
        text = flat[s:e].strip()
        req = _REQUEST.search(flat, s, e)
        if not req or len(text.split()) < 8 or _NOT_A_REQUEST.search(text.rstrip(" ./")):
            continue
        k += 1
        task = make_task(ctx, str(k), s, e, [], body=req.end())
        task.origin = "request"
        named = find_responsible(flat, req.start(), e)
        if named and HEAD_RE.match(flat, req.end(), e):
            task.responsible, task.responsible_is_default = named, False
        ctx.tasks.append(task)


def _drop_unassigned_parts(tasks: list[Task]) -> list[Task]:
    """A part (I., II., …) none of whose items names a unit, in a document where other parts assign units,
    describes content ("II. NỘI DUNG TRỌNG TÂM", "IV. GIẢI PHÁP"): the assigned parts say who does it."""
    parts: dict[str, list[Task]] = {}
    for t in tasks:
        head = t.number.split(".")[0]
        if regex.fullmatch(r"[IVX]+", head):
            parts.setdefault(head, []).append(t)
    assigned = {
        p for p, ts in parts.items() if any(not t.responsible_is_default and t.responsible for t in ts)
    }
    if not assigned or len(parts) < 2:
        return tasks
    return [t for t in tasks if t.number.split(".")[0] not in parts or t.number.split(".")[0] in assigned]


def _drop_preamble(items: list[Item]) -> list[Item]:
    """In a document divided into I., II., … parts, lines before part I are the preamble ("Căn cứ …;⏎- 2030”;"):
    an item there is a wrapped line, not a task."""
    first = next((k for k, it in enumerate(items) if it.kind == "roman"), None)
    if first is None or first == 0:
        return items
    return [it for k, it in enumerate(items) if k >= first or it.kind in {"roman", "article"}]


def _after_heading(text: str, pos: int, floor: int) -> bool:
    """True when the line before ``pos`` (blank lines skipped) is a heading in capitals: the paragraph is that
    section's content, not the letter's closing formula."""
    before = text[floor:pos].rstrip().rsplit("\n", 1)[-1].strip(" |")
    letters = [c for c in before if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _paragraph_start(text: str, pos: int, floor: int) -> int:
    lines = iter_lines(text, floor, pos)
    i = len(lines) - 1
    while i > 0:
        prev = text[lines[i - 1][0] : lines[i - 1][1]].strip()
        cur = text[lines[i][0] : lines[i][1]].lstrip()
        if (
            not prev
            or prev.endswith((".", ";", ":", "|"))
            or regex.match(r"(?:\d+[.)]|[a-zđ]\)|[-+])\s", cur)
        ):
            break
        i -= 1
    return lines[i][0] if lines else pos


def _default_units(
    text: str, flat: str, letter: ParsedLetter, body_start: int, lead_end: int
) -> list[UnitRef]:
    """Kính gửi; else "yêu cầu <units>" in the lead-in; else the partner of a kết luận ("với lãnh đạo tỉnh Phú Thọ")."""
    if letter.addressees:
        out = []
        for a in letter.addressees:
            if a.value.lower().startswith("như trên"):
                continue
            out.append(UnitRef(a.value, a.span))
        return out
    # only in the lead-in: a "giao Sở X" inside item 2 is item 2's unit, not the letter's
    lead = regex.search(
        r"(?i)(?:yêu\s+cầu|đề\s+nghị|giao)\s+(?=\p{L})", flat[body_start : min(lead_end, body_start + 3000)]
    )
    if lead:
        pos = body_start + lead.end()
        units = split_units(flat, pos, min(len(flat), pos + 300))
        if units:
            return units
    title = regex.search(r"(?s)(?:KẾT\s+LUẬN|VỀ\s+VIỆC|V/v).{0,400}?(?=\n\s*\n)", text[:4000])
    if title:
        m = _SUBJECT_PARTNER.search(" ".join(title.group(0).split()))
        if m:
            name = m.group("u").lower()
            name = name[0].upper() + name[1:]
            words = name.split()
            k = 1 if words[0] == "Tỉnh" else 2
            name = " ".join(words[:k] + [w.capitalize() for w in words[k:]])
            return [UnitRef(name, title.span())]
    return []
