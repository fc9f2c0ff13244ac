"""Home page, audit trail and the site icon. Thin: parse, call, render."""

from __future__ import annotations

from pathlib import Path

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cchc.apps.org.access import PUBLIC, declare, require_capability, scope_for, visible_units
from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors


@declare("dashboard.view")
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "dashboard.view")
    # An app may make itself a role's home (the leader's: the director's overview, apps.reports).
    for config in apps.get_app_configs():
        page = getattr(config, "home_page", None)
        response = page(request) if page is not None else None
        if response is not None:
            return response
    context = {
        "scope": scope_for(request.user),
        "units": visible_units(request.user).count(),
        "widgets": selectors.home_widgets(user=request.user),
    }
    return render(request, "core/home.html", context)


@declare("audit.view")
@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "audit.view")
    entries = selectors.audit_entries(
        user=request.user,
        model=request.GET.get("model", ""),
        actor=request.GET.get("actor", ""),
        date_from=request.GET.get("from", ""),
        date_to=request.GET.get("to", ""),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "rows": [(entry, selectors.audit_changes(entry)) for entry in page],
            "models": selectors.audited_models(),
            "filters": request.GET,
            "actions": LogEntry.Action,
        },
    )


@declare(PUBLIC)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">: send them to the icon
    (a 404 on every first load otherwise). Served here, not redirected, so it carries the usual headers."""
    icon = Path(__file__).resolve().parents[3] / "static" / "favicon.svg"
    response = HttpResponse(icon.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
