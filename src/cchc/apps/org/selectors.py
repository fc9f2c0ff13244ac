"""Read-only queries for units and users, always through the user's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .access import scope_queryset, visible_units
from .models import Unit, User


def unit_tree(*, user: User) -> QuerySet[Unit]:
    return visible_units(user).annotate(user_count=Count("users", filter=Q(users__is_active=True))).order_by("path")


def user_list(*, user: User, unit_id: int | None = None, query: str = "") -> QuerySet[User]:
    qs = scope_queryset(user, User.objects.select_related("unit").order_by("unit__path", "last_name", "username"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    return qs
