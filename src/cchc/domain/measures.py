"""Measured sources: every figure cchc measures, in one registry that everything else reads.

A *source* is one figure that a module measures — the share of non-secret documents issued with a digital
signature, a 766 indicator's ratio, the cut in procedure processing time… It has a stable key
(``"documents.e_signed_share"``, ``"index766.3.3"``), a Vietnamese label, the unit of measure of its value
("%") and a function ``(scope, period) → Measurement``: ``scope`` is a unit of the organisation (its
subtree is measured) or None for everything; ``period`` is a period's text ("2026", "2026-Q1",
"2026-03", "2025-12-15..2026-03-14"). The measurement carries its value, unit, period, the link to the
rows behind the number and the id of the query that produced it, so a report or a PAR criterion can cite
where each figure comes from.

Directive targets (``directives.TargetSource``), the PAR self-assessment, the director's overview and the
generated reports read figures from here only. Apps register their sources in ``AppConfig.ready``
(``cchc.apps.core.measures.register``); a family whose members follow another registry (one source per 766
indicator) registers a *provider* that lists them when asked. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import UserError

KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


class UnknownSource(UserError):
    """No source has this key (Vietnamese message)."""


class BadPeriod(UserError):
    """A period text that cannot be read (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class Measurement:
    value: Decimal | None  # None: nothing to measure in this scope and period (no data yet)
    unit: str  # unit of measure of value: "%", "hồ sơ", …
    period: str  # the period measured, as asked
    detail_url: str  # the page listing the rows behind the value ("" when there is none)
    query_id: str  # which query produced it: "<module>.<function>[#<part>]"
    numerator: int | None = None  # for a share: the counts it is the ratio of
    denominator: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    label: str  # Vietnamese, shown beside the figure and written as a target's "nguồn số liệu"
    unit: str  # unit of measure
    measure: Callable[[Any, str], Measurement]
    module: str = ""  # the app that owns it

    def citation(self, period: str) -> str:
        """How a figure taken from here is cited on a directive target: "Chỉ số 766 3.3 (2026)"."""
        return f"{self.label} ({period})"


@dataclass(frozen=True, slots=True)
class PeriodSpan:
    start: date
    end: date  # inclusive
    text: str

    @property
    def year(self) -> int:
        return self.end.year


def window(start: date, end: date) -> str:
    """The period text of the days ``start``–``end`` (both included), as :func:`span` reads it back."""
    return f"{start.isoformat()}..{end.isoformat()}"


def span(text: str) -> PeriodSpan:
    """The days a period's text covers: "2026", "2026-Q1", "2026-03", "2026-01-01..2026-03-31"."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        y = int(m[1])
        return PeriodSpan(date(y, 1, 1), date(y, 12, 31), text)
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
        y, q = int(m[1]), int(m[2])
        return PeriodSpan(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), text)
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", text)) and 1 <= int(m[2]) <= 12:
        y, mo = int(m[1]), int(m[2])
        return PeriodSpan(date(y, mo, 1), _month_end(y, mo), text)
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        try:
            a, b = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            pass  # 2026-02-30: refused below
        else:
            if a <= b:
                return PeriodSpan(a, b, text)
    raise BadPeriod(f"Kỳ “{text}” không hợp lệ; dùng 2026, 2026-Q1, 2026-03 hoặc 2026-01-01..2026-03-31.")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def share(numerator: int, denominator: int, *, places: int = 2) -> Decimal | None:
    """numerator / denominator in %, rounded half up; None when there is nothing to divide."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(100) * numerator / denominator).quantize(quantum, rounding=ROUND_HALF_UP)


class Registry:
    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}
        self._providers: list[Callable[[], Iterable[Source]]] = []

    def register(self, *sources: Source) -> None:
        for source in sources:
            if not KEY.match(source.key):
                raise ValueError(f"Bad source key {source.key!r}: '<module>.<name>', lower case")
            known = self._sources.get(source.key)
            if known is not None and known != source:
                raise ValueError(f"Two sources with the key {source.key!r}")
            self._sources[source.key] = source

    def register_provider(self, provider: Callable[[], Iterable[Source]]) -> None:
        """A family of sources listed when asked (it follows another registry, e.g. the 766 entries)."""
        if provider not in self._providers:
            self._providers.append(provider)

    def unregister(self, key: str) -> None:
        self._sources.pop(key, None)

    def all(self) -> list[Source]:
        found = dict(self._sources)
        for provider in self._providers:
            for source in provider():
                found.setdefault(source.key, source)
        return sorted(found.values(), key=lambda s: s.key)

    def keys(self) -> list[str]:
        return [s.key for s in self.all()]

    def get(self, key: str) -> Source:
        for source in self.all():
            if source.key == key:
                return source
        raise UnknownSource(f"Không có nguồn số liệu “{key}”.")

    def measure(self, key: str, scope: Any, period: str) -> Measurement:
        span(period)  # a bad period is refused before any query
        return self.get(key).measure(scope, period)


SOURCES = Registry()
