"""Quotas allocated to named units inside a plan item: "+ Lắp đặt mới trạm 3G/4G: 58 trạm (Trong đó: VNPT: 25
trạm, Viettel: 33 trạm);" gives VNPT the target 25 trạm and Viettel 33 trạm. Each unit named in such
breakdowns becomes one task holding its quotas; the due date is the period printed in the enclosing items
("Kế hoạch phát triển giai đoạn 2026 - 2030" → 31/12/2030). The totals (58 trạm) are the plan's objectives.
"""

from __future__ import annotations

import regex

from .model import Deadline, Target, Task, UnitRef
from .structure import Item, walk

_BREAKDOWN = regex.compile(r"(?i)\(\s*trong\s+đó\s*:\s*(?P<body>[^()]{3,400})\)")
_SHARE = regex.compile(
    r"(?P<u>\p{Lu}[\p{L}\d&]*(?:\s+\p{Lu}[\p{L}\d&]*){0,3})\s*:\s*(?P<n>\d{1,6})\s+(?P<unit>\p{L}+(?:\s+\p{L}+)?)"
)
_PERIOD = regex.compile(
    r"(?i)giai\s+đoạn\s+(?P<a>20\d\d)\s*[-–]\s*(?P<b>20\d\d)|đến\s+(?:hết\s+)?năm\s+(?P<c>20\d\d)"
)


def allocation_tasks(text: str, ctx: object, items: list[Item]) -> list[Task]:
    flat: str = ctx.flat  # type: ignore[attr-defined]
    by_unit: dict[str, Task] = {}
    for item in walk(items):
        own_start, own_end = item.content_start, item.own_end
        for m in _BREAKDOWN.finditer(flat, own_start, own_end):
            metric = _metric(flat, own_start, m.start())
            shares = list(_SHARE.finditer(m.group("body")))
            if not shares:
                continue
            deadline = _period(flat, item)
            for sh in shares:
                name = " ".join(sh.group("u").split())
                unit_word = sh.group("unit").split()[0]
                pos = m.start("body") + sh.start()
                task = by_unit.get(name)
                if task is None:
                    task = Task(
                        number=f"PB.{len(by_unit) + 1}",
                        summary="",
                        text="",
                        span=(pos, pos + len(sh.group(0))),
                        responsible=[UnitRef(name, (pos, pos + len(sh.group("u"))))],
                        deadline=deadline,
                        origin="allocation",
                    )
                    by_unit[name] = task
                task.targets.append(
                    Target(
                        metric=metric,
                        value=int(sh.group("n")),
                        unit=unit_word,
                        comparator="=",
                        text=" ".join(sh.group(0).split()),
                        span=(pos, pos + len(sh.group(0))),
                    )
                )
                task.summary = "; ".join(dict.fromkeys([*filter(None, task.summary.split("; ")), metric]))
                task.text = task.summary
                task.span = (min(task.span[0], own_start), max(task.span[1], m.end()))
    return list(by_unit.values())


def _metric(flat: str, start: int, end: int) -> str:
    """ "+ Lắp đặt mới trạm 3G/4G: 58 trạm " → "Lắp đặt mới trạm 3G/4G"."""
    head = flat[start:end]
    colon = head.find(":")
    if colon > 0:
        head = head[:colon]
    return " ".join(head.split()).strip(" +-;:")


def _period(flat: str, item: Item) -> Deadline | None:
    node: Item | None = item
    while node is not None:
        for m in _PERIOD.finditer(flat, node.content_start, node.own_end):
            year = int(m.group("b") or m.group("c"))
            return Deadline(text=" ".join(m.group(0).split()), span=m.span(), iso=f"{year}-12-31")
        node = node.parent
    return None
