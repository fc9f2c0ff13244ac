"""Continuous feeds: the list (with a form to add one), one feed's page (settings, its files and what became
of them) and the way from a file waiting for a column mapping to the mapping step. The files themselves
are never served: the pages show names, states and reasons only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.org.access import Obj, check_unit, declare, is_admin, require_capability
from cchc.apps.org.requests import AuthenticatedRequest

from .. import feed_selectors, services
from ..forms import FeedForm
from ..models import Feed, FeedFile
from .imports import PENDING


def _save(request: AuthenticatedRequest, form: FeedForm, feed: Feed | None) -> Feed | None:
    data = form.cleaned_data
    try:
        return services.save_feed(
            user=request.user,
            feed=feed,
            source=data["source"],
            unit=data["unit"],
            enabled=data["enabled"],
            quiet_after=data["quiet_after"],
            quiet_unit=data["quiet_unit"],
            unknown_codes=data["unknown_codes"],
            folder=data.get("folder") if "folder" in form.fields else None,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@declare("dossiers.import", "dossiers.import")
@login_required
def feed_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "dossiers.import")
    form = FeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        feed = _save(request, form, None)
        if feed is not None:
            messages.success(request, _("Đã tạo nguồn tự động “%(s)s”.") % {"s": feed.source})
            return redirect("dossiers:feed_detail", pk=feed.pk)
    states = feed_selectors.feed_states(user=request.user)
    return render(
        request,
        "dossiers/feed_list.html",
        {"form": form, "states": states, "root": _root_label(request)},
    )


def _root_label(request: AuthenticatedRequest) -> str:
    """The feeds root's path, for the administrator only (others see the folder relative to it)."""
    if not is_admin(request.user):
        return ""
    from ..feeds import feeds_root

    return str(feeds_root())


def _feed(request: AuthenticatedRequest, pk: int) -> Feed:
    require_capability(request.user, "dossiers.import")
    feed = get_object_or_404(Feed.objects.select_related("unit"), pk=pk)
    check_unit(request.user, feed.unit)
    return feed


@declare("dossiers.import", "dossiers.import", pk=Obj("dossiers.Feed", unit="unit"))
@login_required
def feed_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    feed = _feed(request, pk)
    initial = {
        "source": feed.source,
        "unit": feed.unit_id,
        "folder": feed.folder,
        "enabled": feed.enabled,
        "quiet_after": feed.quiet_after,
        "quiet_unit": feed.quiet_unit,
        "unknown_codes": feed.unknown_codes,
    }
    form = FeedForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":  # the write scope over the feed's unit: services.save_feed
        if form.is_valid() and _save(request, form, feed) is not None:
            messages.success(request, _("Đã lưu nguồn tự động “%(s)s”.") % {"s": feed.source})
            return redirect("dossiers:feed_detail", pk=feed.pk)
    page = Paginator(feed_selectors.feed_files(feed=feed), 20).get_page(request.GET.get("page"))
    state = next((s for s in feed_selectors.feed_states(user=request.user) if s.feed.pk == feed.pk), None)
    return render(
        request,
        "dossiers/feed_detail.html",
        {"feed": feed, "form": form, "page": page, "state": state, "root": _root_label(request)},
    )


@declare(None, "dossiers.import", pk=Obj("dossiers.FeedFile", unit="feed__unit"))
@login_required
@require_POST
def feed_file_map(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A feed's file waiting for its columns: on to the column-mapping step, as an upload would go."""
    require_capability(request.user, "dossiers.import")
    feed_file = get_object_or_404(FeedFile.objects.select_related("feed__unit"), pk=pk)
    check_unit(request.user, feed_file.feed.unit, write=True)
    try:
        request.session[PENDING] = services.start_feed_mapping(user=request.user, feed_file=feed_file)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("dossiers:feed_detail", pk=feed_file.feed_id)
    return redirect("dossiers:import_preview")
