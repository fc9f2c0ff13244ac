"""What a generated CCHC report holds, as plain values: the figures of each section (each with the reference
of the query that produced it), the lists read from the modules, and the body the NĐ 30 layout prints.

A report stores its figures as JSON (:meth:`Figure.as_json`, :func:`figures_from_json`) so that "Cập nhật số
liệu" can replace them while the texts the user edited stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..documents.model import Item
from ..numbers import format_number, format_percent
from .outline import Outline, fill
from .periods import ReportPeriod


@dataclass(frozen=True, slots=True)
class Figure:
    key: str  # the measured source's key
    label: str
    unit: str  # unit of measure ("%")
    value: Decimal | None
    start: date  # the window measured (inclusive)
    end: date
    query_id: str  # the query that produced it
    numerator: int | None = None
    denominator: int | None = None
    detail_url: str = ""
    scope: str = ""  # the unit's code ("" = every unit)
    # The same source over the year to date (15/12 of the previous year → ``end``), for a period whose own
    # window starts later (quý II–IV): the report prints it beside the period's figure.
    ytd: Figure | None = None

    @property
    def window(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def reference(self) -> str:
        """Where the figure comes from: source key · unit of measure · window · query."""
        return f"{self.key} · {self.unit} · {self.window} · {self.query_id}"

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "chưa có số liệu"
        if self.unit == "%":
            return format_percent(self.value, space=True)
        return f"{format_number(self.value, 2, strip_zeros=True)} {self.unit}".strip()

    @property
    def counts_text(self) -> str:
        if self.numerator is None or self.denominator is None:
            return ""
        return f"{format_number(self.numerator)}/{format_number(self.denominator)}"

    @property
    def line(self) -> str:
        counts = f" ({self.counts_text})" if self.counts_text else ""
        text = f"{self.label}: {self.value_text}{counts}"
        if self.ytd is not None:
            ytd_counts = f" ({self.ytd.counts_text})" if self.ytd.counts_text else ""
            text += f"; lũy kế từ đầu năm ({self.ytd.window}): {self.ytd.value_text}{ytd_counts}"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label, "unit": self.unit,
            "value": None if self.value is None else str(self.value),
            "start": self.start.isoformat(), "end": self.end.isoformat(), "query_id": self.query_id,
            "numerator": self.numerator, "denominator": self.denominator, "detail_url": self.detail_url,
            "scope": self.scope, "ytd": None if self.ytd is None else self.ytd.as_json(),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        value = data.get("value")
        return cls(
            key=data["key"], label=data["label"], unit=data["unit"],
            value=None if value is None else Decimal(value),
            start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
            query_id=data["query_id"], numerator=data.get("numerator"), denominator=data.get("denominator"),
            detail_url=data.get("detail_url", ""), scope=data.get("scope", ""),
            ytd=Figure.from_json(data["ytd"]) if data.get("ytd") else None,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list read from a module's selectors, with the query that produced it."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    query_id: str
    start: date
    end: date

    @property
    def reference(self) -> str:
        return f"{self.name} · {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y} · {self.query_id}"

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "columns": list(self.columns),
            "rows": [list(r) for r in self.rows], "query_id": self.query_id,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListBlock:
        return cls(
            name=data["name"], title=data["title"], columns=tuple(data["columns"]),
            rows=tuple(tuple(r) for r in data["rows"]), query_id=data["query_id"],
            start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
        )  # fmt: skip


@dataclass
class SectionContent:
    key: str
    figures: list[Figure] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)


def sections_as_json(sections: dict[str, SectionContent]) -> dict[str, Any]:
    return {
        key: {"figures": [f.as_json() for f in s.figures], "lists": [b.as_json() for b in s.lists]}
        for key, s in sections.items()
    }


def sections_from_json(data: dict[str, Any]) -> dict[str, SectionContent]:
    return {
        key: SectionContent(
            key,
            [Figure.from_json(f) for f in item.get("figures", [])],
            [ListBlock.from_json(b) for b in item.get("lists", [])],
        )
        for key, item in (data or {}).items()
    }


def all_figures(sections: dict[str, SectionContent]) -> list[tuple[str, Figure]]:
    return [(key, f) for key, s in sections.items() for f in s.figures]


def default_texts(outline: Outline, values: dict[str, str]) -> dict[str, str]:
    """Each section's default text with its placeholders filled."""
    return {s.key: fill(s.text, values) for s in outline.sections}


def body(
    outline: Outline, sections: dict[str, SectionContent], texts: dict[str, str], values: dict[str, str]
) -> list[Item | str]:
    """The report's body in outline order: heading, the (edited) text, the figures, the lists' rows."""
    out: list[Item | str] = []
    for section in outline.sections:
        out.append(Item(section.heading.upper() if section.level == 1 else section.heading, section.number))
        text = texts.get(section.key)
        if text is None:
            text = fill(section.text, values)
        out.extend(line.strip() for line in text.splitlines() if line.strip())
        content = sections.get(section.key)
        if content is None:
            continue
        for figure in content.figures:
            out.append(f"- {figure.line}.")
        for block in content.lists:
            if not block.rows:
                continue
            out.append(f"{block.title}:")
            out.extend(f"- {'; '.join(c for c in row if c)}." for row in block.rows)
    return out


def placeholder_values(period: ReportPeriod, unit_name: str) -> dict[str, str]:
    """What the outline's placeholders stand for in one report."""
    return {
        "ky": period.label,
        "don_vi": unit_name,
        "tu_ngay": f"{period.start:%d/%m/%Y}",
        "den_ngay": f"{period.end:%d/%m/%Y}",
        "han_bao_cao": f"{period.due:%d/%m/%Y}",
    }
