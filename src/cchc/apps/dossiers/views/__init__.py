"""Pages of the dossier app: imports, scorecard and drill-down, dashboard, calendar."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..storage import StoreBusy


def store_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show a friendly "busy" page (503) instead of an error while an import holds the store."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except StoreBusy as exc:
            return render(request, "dossiers/busy.html", {"message": str(exc)}, status=503)

    return wrapped
