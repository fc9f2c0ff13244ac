"""Read-only queries for units and users, always through the user's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .access import scope_queryset, visible_units
from .models import Unit, User


def unit_tree(*, user: User) -> list[Unit]:
    """Visible units in tree order (parents first, siblings by ``order`` then name), with active staff counts."""
    units = list(visible_units(user).annotate(user_count=Count("users", filter=Q(users__is_active=True))))
    children: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    ordered: list[Unit] = []

    def visit(parent_id: int | None) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.order, u.name)):
            ordered.append(unit)
            visit(unit.pk)

    visit(None)
    return ordered


def user_list(*, user: User, unit_id: int | None = None, query: str = "") -> QuerySet[User]:
    qs = scope_queryset(
        user, User.objects.select_related("unit").order_by("unit__path", "last_name", "username")
    )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query:
        qs = qs.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    return qs
