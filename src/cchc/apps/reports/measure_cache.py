"""Measured figures kept between requests of the director's overview.

A figure of the registry (cchc.apps.core.measures.measure) over 10 M dossiers or 100 k tasks costs tens to
hundreds of milliseconds; the overview shows dozens of them (each source, each quarter of a trend). They
are kept in Django's cache per (source, unit, period) under the *data version*: a token renewed whenever a
row of a measuring app is saved or deleted (model signals, connected in ReportsConfig.ready) — a dossier
import saves its ImportJob, a task report saves its Task, so the next request measures again. Each app has
its own version beside the global one: a source is kept under its module's version and the organisation's
(``org``), so a task saved re-measures the task figures, not the 766 scorecard over millions of dossiers. Writes the
signals cannot see (``QuerySet.update``, raw SQL) age out after ``REPORTS_CACHE_SECONDS`` (default 300 s;
0 turns the cache off).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from cchc.apps.core import measures
from cchc.domain.measures import Measurement

VERSION_KEY = "reports:data-version"
# Apps whose rows the measured sources read (a save or delete there renews the version).
MEASURING_APPS = frozenset(
    {
        "org",
        "directives",
        "documents",
        "dossiers",
        "procedures",
        "people",
        "finance",
        "institutions",
        "assessment",
        "reports",  # reports.on_time_share: a periodic report issued
    }
)
T = TypeVar("T")


def seconds() -> int:
    return int(settings.REPORTS_CACHE_SECONDS)


def _version_key(app: str) -> str:
    return f"{VERSION_KEY}:{app}" if app else VERSION_KEY


def data_version(*apps: str) -> str:
    """The version of the data of ``apps`` (each app's own and ``org``'s), or of everything (no app)."""
    names = [_version_key(a) for a in (*apps, "org")] if apps else [VERSION_KEY]
    found = cache.get_many(names)
    for name in names:
        if name not in found:
            cache.add(name, uuid.uuid4().hex, None)
            found[name] = cache.get(name) or ""
    return ".".join(str(found[n]) for n in names)


def renew(app: str = "") -> None:
    """A measured app's row changed: what was kept from it (and everything under the global version) is
    stale."""
    fresh = uuid.uuid4().hex
    cache.set_many({VERSION_KEY: fresh, **({_version_key(app): fresh} if app else {})}, None)


def on_change(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in MEASURING_APPS:
        renew(meta.app_label)


def kept(key: str, compute: Callable[[], T], *, apps: tuple[str, ...] = ()) -> T:
    """``compute()`` kept under ``key`` and the data version of ``apps`` (all data when none)."""
    ttl = seconds()
    if ttl <= 0:
        return compute()
    full = f"reports:{data_version(*apps)}:{key}"
    found = cache.get(full)
    if found is None:
        found = (compute(),)  # a tuple: a computed None is kept too
        cache.set(full, found, ttl)
    return found[0]  # type: ignore[no-any-return]


def _scope_key(scope: Any) -> str:
    return "all" if scope is None else str(getattr(scope, "pk", scope))


def measure(key: str, scope: Any, period: str) -> Measurement:
    """The registry's figure of ``key`` over ``scope`` in ``period``, kept while the data is unchanged. A
    refused measurement (UserError) is not kept: it is raised again on each call."""
    module = measures.source(key).module
    return kept(
        f"m:{key}:{_scope_key(scope)}:{period}",
        lambda: measures.measure(key, scope, period),
        apps=(module,) if module in MEASURING_APPS else (),
    )
