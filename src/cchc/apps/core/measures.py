"""The Django side of the registry of measured sources (cchc.domain.measures): apps register their sources
here from ``AppConfig.ready`` (each app's ``measures.py`` defines them), and everything that shows or stores a
measured figure — directive targets, the PAR self-assessment, the director's overview, the generated
reports — asks :func:`measure` with a source key, a unit (None: everything) and a period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from cchc.domain.measures import SOURCES, Measurement, Source


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
