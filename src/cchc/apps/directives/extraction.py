"""Bridge between the uploaded file, the domain extractor and the review screen.

The extractor (cchc.domain.directives) knows no database: we hand it the org tree as ``OrgUnit`` values
and get unit codes back. Generic addressees ("Các phòng chuyên môn", "Các phòng, đơn vị trực thuộc Sở")
name no single unit, so they are expanded here to the matching kinds of units for the reviewer to trim.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cchc.apps.org.models import Unit, UnitKind
from cchc.domain.directives import OrgUnit, extract
from cchc.domain.directives.confidence import band
from cchc.domain.directives.normalize import fold
from cchc.domain.directives.reader import read_bytes
from cchc.domain.directives.targets import target_sentence

ALLOWED_EXTENSIONS = (".txt", ".docx", ".pdf")


def org_units(units: list[Unit]) -> list[OrgUnit]:
    return [OrgUnit(u.code, u.name, u.abbreviation, tuple(u.alias_list())) for u in units]


def read_and_extract(*, data: bytes, name: str, units: list[Unit]) -> tuple[str, dict]:
    """Text and the parsed letter as a dict; raises DirectiveInputError with a Vietnamese message."""
    text = read_bytes(data, name=name)
    parsed = extract(text, org_units=org_units(units))
    return parsed.text, parsed.to_dict()


def _expand_generic(ref_text: str, units: list[Unit]) -> list[Unit]:
    f = fold(ref_text)
    if "phong chuyen mon" in f:
        return [u for u in units if u.kind == UnitKind.DIVISION]
    if f.startswith("cac phong") or "don vi truc thuoc" in f or "don vi thuoc" in f:
        return [u for u in units if u.kind in (UnitKind.DIVISION, UnitKind.SERVICE_UNIT)]
    return []


def resolve_units(refs: list[dict], units: list[Unit]) -> list[Unit]:
    by_code = {u.code: u for u in units}
    out: list[Unit] = []
    for ref in refs:
        found = (
            [by_code[ref["code"]]]
            if ref.get("code") in by_code
            else _expand_generic(ref.get("text", ""), units)
        )
        out.extend(u for u in found if u not in out)
    return out


def initial_tasks(parsed: dict, units: list[Unit]) -> list[dict]:
    """Initial data of the review formset, one form per extracted task, with each field's confidence band
    ("high", "medium", "low": the low ones are marked on the screen, none is left out) and the units named in
    the letter that are not the organisation's (shown as external, never matched to one of its units)."""
    rows = []
    for t in parsed.get("tasks", []):
        deadline = date.fromisoformat(t["deadline_iso"]) if t.get("deadline_iso") else None
        conf = t.get("confidence") or {}
        refs = [*t.get("responsible_unit_refs", []), *t.get("coordinating_unit_refs", [])]
        bands = {
            "task": _band(conf.get("task")),
            "units": _worst([_band(c) for c in conf.get("responsible_units") or []]),
            "coordinating": _worst([_band(c) for c in conf.get("coordinating_units") or []]),
            "deadline": _band(conf.get("deadline")) if t.get("deadline") else None,
            "targets": _worst([_band(c) for c in conf.get("targets") or []]),
        }
        rows.append(
            {
                "include": True,
                "number": t.get("number", ""),
                "summary": t.get("summary", ""),
                "units": [u.pk for u in resolve_units(t.get("responsible_unit_refs", []), units)],
                "coordinating": [u.pk for u in resolve_units(t.get("coordinating_unit_refs", []), units)],
                "deadline": deadline.strftime("%d/%m/%Y") if deadline else "",
                "deadline_text": t.get("deadline") or "",
                "recurrence": _recurrence(t.get("recurring")),
                "recurrence_day": _recurrence_day(t.get("recurring")),
                "targets": "\n".join(target_sentence(g) for g in t.get("targets", [])),
                "span": ",".join(str(x) for x in t.get("span") or []),
                "bands": bands,
                "low": [k for k, b in bands.items() if b == "low"],
                "external_units": [
                    r["text"]
                    for r in refs
                    if r.get("code") is None and not _expand_generic(r.get("text", ""), units)
                ],
            }
        )
    return rows


_ORDER = {"low": 0, "medium": 1, "high": 2}


def _band(confidence: float | None) -> str | None:
    """The band of a confidence; None for a draft read before confidences existed (unknown, not low)."""
    return band(confidence) if confidence is not None else None


def _worst(bands: list[str | None]) -> str | None:
    known = [b for b in bands if b]
    return min(known, key=_ORDER.__getitem__) if known else None


def _recurrence_day(rule: str | None) -> int | None:
    """ "FREQ=MONTHLY;BYMONTHDAY=20" ("trước ngày 20 hằng tháng") → 20: a recurrence keeps its day."""
    m = re.search(r"BYMONTHDAY=(\d{1,2})", rule or "")
    return int(m.group(1)) if m else None


def _recurrence(rule: str | None) -> str:
    if not rule:
        return ""
    r = rule.upper()
    if ("MONTHLY" in r and "INTERVAL=3" in r) or "QUARTER" in r or "quý" in rule:
        return "quarterly"
    if "MONTHLY" in r:
        return "monthly"
    if "YEARLY" in r or "năm" in rule:
        return "yearly"
    return ""


def highlighted(text: str, parsed: dict) -> SafeString:
    """The letter as HTML with every extracted span wrapped in <mark class="…">, tasks anchored by number."""
    marks: list[tuple[int, int, str, str]] = []
    for key, span in (parsed.get("spans") or {}).items():
        if span and isinstance(span[0], int):
            marks.append((span[0], span[1], "meta", key))
    for t in parsed.get("tasks", []):
        for g in t.get("targets", []):
            if g.get("span"):
                marks.append((g["span"][0], g["span"][1], "target", t["number"]))
        if t.get("deadline_span"):
            marks.append((t["deadline_span"][0], t["deadline_span"][1], "deadline", t["number"]))
        for u in [*t.get("responsible_unit_refs", []), *t.get("coordinating_unit_refs", [])]:
            if u.get("span"):
                marks.append((u["span"][0], u["span"][1], "unit", t["number"]))
    # Inner marks may not overlap in HTML: keep the first of any overlapping pair, in text order.
    marks.sort(key=lambda m: (m[0], -m[1]))
    kept: list[tuple[int, int, str, str]] = []
    for m in marks:
        if not kept or m[0] >= kept[-1][1]:
            kept.append(m)
    task_starts = {t["span"][0]: t["number"] for t in parsed.get("tasks", []) if t.get("span")}
    out, pos = [], 0
    for start, end, cls, label in kept:
        out.append(_with_anchors(text, pos, start, task_starts))
        out.append(f'<mark class="{cls}" title="{escape(label)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(_with_anchors(text, pos, len(text), task_starts))
    return mark_safe("".join(out))


def _with_anchors(text: str, a: int, b: int, starts: dict[int, str]) -> str:
    # An item may start exactly where a mark starts (its first unit name): anchor it before the mark.
    pieces, pos = [], a
    for s in sorted(k for k in starts if a <= k <= b):
        pieces.append(escape(text[pos:s]))
        label = escape(starts.pop(s))
        pieces.append(f'<span class="task-anchor" id="item-{label}">[{label}]</span>')
        pos = s
    pieces.append(escape(text[pos:b]))
    return "".join(pieces)
