"""Every route of the project, generated from the URL map: Django's resolver and django-ninja's operations.

A route of the project (a view under ``cchc.``) carries its access declaration (``cchc.apps.org.access.declare``);
routes of the framework (login, password reset, language switch, the admin site, the API's docs) are
listed in ``FRAMEWORK`` with what each must answer. Nothing else is hand-written: a new page or endpoint
appears here by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView

from cchc.apps.org.access import Declared, declared

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Framework routes (not cchc views), by pattern prefix: "public" (anyone), "signed-in" (any signed-in
# user), "staff" (Django admin: is_staff only). Everything under cchc must declare its access instead.
FRAMEWORK = {
    "accounts/login/": "public",
    "accounts/logout/": "public",
    "accounts/password/reset/": "public",
    "accounts/reset/": "public",
    "accounts/password/change/": "signed-in",
    "i18n/": "public",
    "api/docs": "public",
    "api/openapi.json": "public",
    "api/": "public",  # the API's home: a link to the docs
    "quan-tri/": "staff",
}


@dataclass(frozen=True)
class Route:
    pattern: str  # Django route syntax with converters: "van-ban/<int:pk>/"
    view: Callable[..., Any]  # the function that declares access (the ninja operation's own function)
    methods: tuple[str, ...]  # methods the route answers; () = any (a Django view decides itself)
    api: bool

    @property
    def access(self) -> Declared | None:
        return declared(self.view)

    @property
    def framework(self) -> str | None:
        if self.access is not None:
            return None
        module = getattr(self.view, "__module__", "") or ""
        if module.startswith("cchc."):
            return None
        return next(
            (kind for prefix, kind in FRAMEWORK.items() if self.pattern.startswith(prefix)), "unknown"
        )

    @property
    def args(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    @property
    def label(self) -> str:
        methods = "/".join(self.methods) if self.methods else "*"
        return f"{methods} /{self.pattern}"


def _path_view(callback: Callable[..., Any]) -> PathView | None:
    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for pattern, callback in _walk(get_resolver().url_patterns):
        path_view = _path_view(callback)
        if path_view is None:
            routes.append(Route(pattern, callback, (), api=False))
            continue
        for op in path_view.operations:
            routes.append(Route(pattern, op.view_func, tuple(op.methods), api=True))
    return routes


def project_routes() -> list[Route]:
    return [r for r in all_routes() if r.framework is None]
