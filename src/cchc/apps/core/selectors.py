"""Read-only queries of the core app."""

from __future__ import annotations

from datetime import datetime, time

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from cchc.apps.org.access import scope_for
from cchc.apps.org.models import User
from cchc.domain.dates import parse_vn_date

HOME_WIDGETS: list = []


def audited_models() -> list[ContentType]:
    ids = LogEntry.objects.values_list("content_type", flat=True).distinct()
    return list(ContentType.objects.filter(pk__in=ids).order_by("model"))


def audit_entries(
    *, user: User, model: str = "", actor: str = "", date_from: str = "", date_to: str = ""
) -> QuerySet[LogEntry]:
    """Audit entries the user may read: organisation-wide roles see those made by people of their Sở."""
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    scope = scope_for(user)
    if not scope.everything:
        qs = qs.filter(actor__unit__path__startswith=scope.unit_path)
    if model.isdigit():
        qs = qs.filter(content_type_id=int(model))
    if actor:
        qs = qs.filter(actor__username__icontains=actor)
    tz = timezone.get_current_timezone()
    if (start := parse_vn_date(date_from)) is not None:
        qs = qs.filter(timestamp__gte=datetime.combine(start, time.min, tzinfo=tz))
    if (end := parse_vn_date(date_to)) is not None:
        qs = qs.filter(timestamp__lte=datetime.combine(end, time.max, tzinfo=tz))
    return qs


def home_widgets(*, user: User) -> list[dict[str, object]]:
    """Summary cards contributed by apps: each app may define ``home_widget(user) -> dict | None``."""
    widgets = []
    for config in apps.get_app_configs():
        provider = getattr(config, "home_widget", None)
        if provider is not None:
            widget = provider(user)
            if widget:
                widgets.append(widget)
    return widgets
