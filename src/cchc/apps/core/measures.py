"""The Django side of the registry of measured sources (cchc.domain.measures): apps register their sources
here from ``AppConfig.ready`` (each app's ``measures.py`` defines them), and everything that shows or stores a
measured figure — directive targets, the PAR self-assessment, the director's overview, the generated
reports — asks :func:`measure` with a source key, a unit (None: everything) and a period."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from cchc.domain.measures import SOURCES, Measurement, Source

T = TypeVar("T")

# The work sources share while one page or one report reads many figures over the same data (see
# measuring_pass): None outside a pass, so a write followed by a measurement never sees an earlier result.
_PASS: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("cchc_measuring_pass", default=None)


def register(*sources: Source) -> None:
    SOURCES.register(*sources)


def register_provider(provider: Callable[[], Iterable[Source]]) -> None:
    SOURCES.register_provider(provider)


def sources() -> list[Source]:
    return SOURCES.all()


def source(key: str) -> Source:
    return SOURCES.get(key)


def measure(key: str, scope: Any, period: str) -> Measurement:
    """The figure of source ``key`` over ``scope`` (a unit and the units under it; None: all) in ``period``."""
    return SOURCES.measure(key, scope, period)


def detail_url(url_name: str, **query: Any) -> str:
    """The page behind a figure with its filters, or "" when that page is not published."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    params = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


@contextmanager
def measuring_pass() -> Iterator[None]:
    """Read many figures over unchanged data: inside, :func:`shared` computes each piece of common work once
    (e.g. the eleven 766 indicators of one unit and period come from one scorecard, not eleven). Open it
    only around reads — a page, a report — never around a write and the figures that follow it."""
    if _PASS.get() is not None:  # nested: the outer pass holds the results
        yield
        return
    token = _PASS.set({})
    try:
        yield
    finally:
        _PASS.reset(token)


def shared(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` within a :func:`measuring_pass` (each time outside one)."""
    memo = _PASS.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]
