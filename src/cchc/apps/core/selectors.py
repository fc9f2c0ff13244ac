"""Read-only queries of the core app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import scope_for
from cchc.apps.org.models import User
from cchc.domain.dates import format_vn_date, format_vn_datetime, parse_vn_date
from cchc.domain.numbers import format_number

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


@dataclass(frozen=True)
class AuditChange:
    """One line of an audit entry as a person reads it: field label, value before, value after."""

    label: str
    before: str
    after: str
    is_event: bool = False


def _events() -> dict[str, str]:
    return {
        "password_changed": _("Đổi mật khẩu (không lưu mật khẩu)"),
    }


def _field(model: type[Model] | None, name: str):  # type: ignore[no-untyped-def]
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field, value: object) -> str:  # type: ignore[no-untyped-def]
    """A stored value as a person reads it: a choice by its label, a date as dd/mm/yyyy, a moment in
    Vietnam's time, a decimal the Vietnamese way (1.234,5), a related object (auditlog keeps its id) by
    its name when it still exists."""
    text = "" if value is None or value == "None" else str(value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices:
        return str(choices.get(text, text))
    if not text or field is None:
        return text
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):  # auditlog keeps moments naive in UTC
            moment = moment.replace(tzinfo=UTC)
        return format_vn_datetime(moment)
    if isinstance(field, models.DateField):
        day = parse_vn_date(text)
        return format_vn_date(day) if day else text
    if isinstance(field, models.DecimalField):
        try:
            return format_number(Decimal(text), field.decimal_places, strip_zeros=True)
        except (InvalidOperation, ValueError):
            return text
    if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
        related = field.related_model._default_manager.filter(pk=text).first() if text.isdigit() else None
        return str(related) if related is not None else text
    return text


def audit_changes(entry: LogEntry) -> list[AuditChange]:
    """The changes of any kind of entry, built here rather than by dict lookups in the template.

    auditlog stores ``{field: [before, after]}``, ``{m2m field: {"type": "m2m", "operation", "objects"}}``,
    and for some models the name of a reverse relation (``ArchiveFile.items``: in a template
    ``changes_dict.items`` then is that list, not the dict's method — the 500 "Need 2 values to unpack").
    Reverse relations carry no value and are left out; unknown shapes are shown as text, never raised.
    """
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows: list[AuditChange] = []
    extra = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    if (event := extra.get("event")) is not None:
        rows.append(AuditChange(_("Sự kiện"), "", _events().get(str(event), str(event)), is_event=True))
    changes = entry.changes_dict
    if not isinstance(changes, dict):
        return [*rows, AuditChange("", "", str(changes))]
    for name, change in changes.items():
        field = _field(model, name)
        if field is not None and field.auto_created and not field.concrete:
            continue  # a reverse relation ("items", "reports"…): no value of its own
        label = str(getattr(field, "verbose_name", "") or name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(str(o) for o in change.get("objects") or [])
            before, after = (objects, "") if change.get("operation") == "delete" else ("", objects)
        elif isinstance(change, list | tuple) and len(change) == 2:
            before, after = _shown(field, change[0]), _shown(field, change[1])
        else:
            before, after = "", str(change)
        rows.append(AuditChange(label, before, after))
    return rows


def home_widgets(*, user: User) -> list[dict[str, object]]:
    """Summary cards contributed by apps: each app may define ``home_widget(user) -> dict | None``."""
    widgets: list[dict[str, object]] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "home_widget", None)
        if provider is not None:
            widget = provider(user)
            if isinstance(widget, list):  # an app may contribute several cards
                widgets.extend(w for w in widget if w)
            elif widget:
                widgets.append(widget)
    return widgets
