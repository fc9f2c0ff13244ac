"""Read-only queries for units and users, always through the user's scope."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat

from cchc.domain import org_history as oh

from .access import scope_queryset, visible_units
from .models import ChangeKind, Unit, UnitChange, User


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


# -- organisation over time (cchc.domain.org_history, docs/org-history.md) -----------------------------


def domain_change(
    change: UnitChange, sources: Sequence[int] | None = None, targets: Sequence[int] | None = None
) -> oh.Change:
    """The domain's view of a stored change (or of one being recorded, with its unit ids)."""
    src = sources if sources is not None else [u.pk for u in change.sources.all()]
    tgt = targets if targets is not None else [u.pk for u in change.targets.all()]
    if change.kind in (ChangeKind.RENAME, ChangeKind.MOVE):
        tgt = list(src)
    return oh.Change(
        kind=oh.Kind(change.kind),
        effective=change.effective_on,
        sources=tuple(sorted(src)),
        targets=tuple(sorted(tgt)),
        decision_date=change.decision_date,
        history_to=change.history_to_id,
        id=change.pk,
    )


def stored_changes(*, applied_only: bool = False) -> list[oh.Change]:
    """Every recorded change as the domain sees it (a handful: one query each for the two unit lists);
    ``applied_only``: without the changes still waiting for their effective date — the tree reads use these,
    the checks of a new change all of them."""
    qs = UnitChange.objects.prefetch_related("sources", "targets")
    if applied_only:
        qs = qs.filter(applied_on__isnull=False)
    return [domain_change(c) for c in qs]


def history_owners(*, as_of: date | None = None) -> dict[int, int]:
    """{unit id: the unit id carrying its history on today's tree (or that of ``as_of``)}, only units
    whose history moved (:func:`cchc.domain.org_history.history_owners`)."""
    if not UnitChange.objects.filter(applied_on__isnull=False).exists():
        return {}
    return oh.history_owners(stored_changes(applied_only=True), as_of=as_of)


def predecessor_ids(unit_id: int) -> list[int]:
    """The historical units whose history ``unit_id`` carries today (empty without changes)."""
    return list(oh.predecessors(history_owners()).get(unit_id, ()))


def history_json() -> dict[str, Any]:
    """What ``cchc org history --json`` prints: every change and the successor map of today's tree."""
    changes = list(
        UnitChange.objects.select_related("history_to", "old_parent", "new_parent").prefetch_related(
            "sources", "targets"
        )
    )
    domain = [domain_change(c) for c in changes if c.applied_on is not None]
    units = {u.pk: u for u in Unit.objects.all()}
    owners = oh.history_owners(domain)
    succ = oh.successors(domain)

    def code(pk: int | None) -> str | None:
        return units[pk].code if pk is not None and pk in units else None

    return {
        "changes": [
            {
                "id": c.pk,
                "kind": c.kind,
                "effective_on": c.effective_on.isoformat(),
                "decision_number": c.decision_number,
                "decision_date": c.decision_date.isoformat() if c.decision_date else None,
                "sources": sorted(u.code for u in c.sources.all()),
                "targets": sorted(u.code for u in c.targets.all()),
                "history_to": code(c.history_to_id),
                "old_name": c.old_name or None,
                "new_name": c.new_name or None,
                "old_parent": code(c.old_parent_id),
                "new_parent": code(c.new_parent_id),
                "applied_on": c.applied_on.isoformat() if c.applied_on else None,
            }
            for c in changes
        ],
        "history_owner": {code(k): code(v) for k, v in sorted(owners.items())},
        "successors": {code(k): [code(x) for x in v] for k, v in sorted(succ.items())},
    }


def change_queryset(*, user: User) -> QuerySet[UnitChange]:
    """The changes touching a unit of the user's scope."""
    visible = visible_units(user)
    return UnitChange.objects.filter(Q(sources__in=visible) | Q(targets__in=visible)).distinct()


def change_list(*, user: User) -> list[UnitChange]:
    """The changes touching a unit of the user's scope, newest first, with their units."""
    qs = (
        change_queryset(user=user)
        .select_related("history_to", "old_parent", "new_parent", "created_by")
        .prefetch_related("sources", "targets")
    )
    return sorted(qs, key=lambda c: (c.effective_on, c.pk), reverse=True)


def unit_history(*, user: User, unit: Unit) -> dict[str, Any]:
    """One unit over time: the changes it took part in, the units whose history it carries today and,
    for an ended unit, who carries its own and who succeeds it (page ``org:unit_history``)."""
    changes = [c for c in change_list(user=user) if unit in c.sources.all() or unit in c.targets.all()]
    domain = stored_changes(applied_only=True)
    owners = oh.history_owners(domain)
    ids = set(oh.predecessors(owners).get(unit.pk, ())) | set(oh.successors(domain).get(unit.pk, ()))
    ids |= {owners[unit.pk]} if unit.pk in owners else set()
    names = {u.pk: u for u in visible_units(user).filter(pk__in=ids)}
    return {
        "unit": unit,
        "changes": changes,
        "predecessors": [names[i] for i in oh.predecessors(owners).get(unit.pk, ()) if i in names],
        "owner": names.get(owners.get(unit.pk, -1)),
        "successors": [names[i] for i in oh.successors(domain).get(unit.pk, ()) if i in names],
    }


def unit_lookup(root: Unit) -> dict[str, Unit]:
    """The units of ``root``'s organisation by folded code, code suffix, abbreviation, name and aliases — how
    an imported table names a unit (cchc.domain.text.fold)."""
    from cchc.domain.text import fold

    found: dict[str, Unit] = {}
    for unit in Unit.objects.filter(path__startswith=root.root().path):
        for key in (
            unit.code,
            unit.code.rsplit("-", 1)[-1],
            unit.abbreviation,
            unit.name,
            *unit.alias_list(),
        ):
            if key:
                found.setdefault(fold(key), unit)
    return found
