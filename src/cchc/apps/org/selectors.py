"""Read-only queries for units and users, always through the user's scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, Value
from django.db.models.functions import Concat

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


def sorted_people(users: Iterable[User]) -> list[User]:
    """People in Vietnamese directory order: by tên, then họ đệm (diacritics folded), see domain.names."""
    return sorted(users, key=lambda u: (u.name_sort_key, u.username))


def user_list(*, user: User, unit_id: int | None = None, query: str = "") -> list[User]:
    qs = scope_queryset(user, User.objects.select_related("unit"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query:
        # "Trần Mạnh" finds Trần Mạnh Hùng: the full name is searched in Vietnamese order too.
        qs = qs.annotate(vn_full_name=Concat("last_name", Value(" "), "first_name")).filter(
            Q(username__icontains=query) | Q(vn_full_name__icontains=query)
        )
    # Grouped by unit (tree order), people within a unit by tên then họ đệm.
    return sorted(qs, key=lambda u: (u.unit.path if u.unit_id else "", u.name_sort_key, u.username))


def unit_or_404(pk: int | str) -> Unit:
    """The unit ``pk`` (Http404 when there is none): views of other apps ask here, not the model."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    if not str(pk).isdigit():  # a bad parameter is "not found", never a 500
        raise Http404
    return get_object_or_404(Unit, pk=int(pk))


def unit_by_code(code: str) -> Unit:
    """A unit by its code or, failing that, its abbreviation (any case) — how the CLI's ``--unit`` names one;
    ``Unit.DoesNotExist`` with a Vietnamese message when neither matches."""
    unit = Unit.objects.filter(code=code).first() or Unit.objects.filter(abbreviation__iexact=code).first()
    if unit is None:
        raise Unit.DoesNotExist(f"Không tìm thấy đơn vị có mã “{code}”.")
    return unit
