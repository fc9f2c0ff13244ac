"""Writes of the organisation: unit changes (sáp nhập, chia tách, đổi tên, chuyển, giải thể), audited.

The rules are plain Python in :mod:`cchc.domain.org_history`. Recording a change adjusts the tree (ended
units are marked inactive, a rename or a move is applied to the unit with its former name or parent kept
in the change) and never rewrites a stored row of another app: reports map rows onto today's tree when
they read them (:func:`cchc.apps.org.selectors.history_owners`, docs/org-history.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.domain import org_history as oh

from .access import check_unit, require_capability
from .models import ChangeKind, Unit, UnitChange, User
from .selectors import domain_change, stored_changes


@dataclass(frozen=True, slots=True)
class ChangeInput:
    kind: str
    effective_on: date
    decision_number: str
    sources: Sequence[Unit]
    targets: Sequence[Unit] = ()
    decision_date: date | None = None
    history_to: Unit | None = None
    new_name: str = ""
    new_parent: Unit | None = None
    note: str = ""


@transaction.atomic
def record_change(*, user: User | None, data: ChangeInput) -> UnitChange:
    """Check and store one change, adjust the tree, audit both (``user`` None: the CLI or the demo)."""
    if user is not None:
        require_capability(user, "org.manage")
        for unit in [*data.sources, *data.targets, *([data.new_parent] if data.new_parent else [])]:
            check_unit(user, unit, write=True)
    if data.kind == ChangeKind.RENAME and not data.new_name.strip():
        raise ValidationError(_("Đổi tên cần tên mới của đơn vị."))
    if data.kind == ChangeKind.MOVE and data.new_parent is None:
        raise ValidationError(_("Chuyển đơn vị cần đơn vị cấp trên mới."))
    change = UnitChange(
        kind=data.kind,
        effective_on=data.effective_on,
        decision_number=data.decision_number.strip(),
        decision_date=data.decision_date,
        history_to=data.history_to,
        new_name=data.new_name.strip(),
        new_parent=data.new_parent,
        note=data.note,
        created_by=user,
    )
    names = {u.pk: u.name for u in [*data.sources, *data.targets]}
    proposed = domain_change(change, [u.pk for u in data.sources], [u.pk for u in data.targets])
    try:
        oh.check(proposed, stored_changes(), names)
    except oh.ChangeError as exc:
        raise ValidationError(str(exc)) from exc
    if data.kind == ChangeKind.MOVE and data.new_parent is not None:
        moved = data.sources[0]
        if data.new_parent.path.startswith(moved.path):
            raise ValidationError(_("Đơn vị cấp trên mới không thể là chính nó hoặc đơn vị cấp dưới của nó."))
    change.save()
    change.sources.set(data.sources)
    change.targets.set(data.targets)
    _apply(change, proposed, data)
    return change


def _apply(change: UnitChange, proposed: oh.Change, data: ChangeInput) -> None:
    """The tree after the change: ended units inactive, a rename or a move applied (old values kept)."""
    for unit in Unit.objects.filter(pk__in=proposed.ended):
        unit.is_active = False
        unit.save()
    if data.kind == ChangeKind.RENAME:
        unit = Unit.objects.get(pk=data.sources[0].pk)
        change.old_name, unit.name = unit.name, data.new_name.strip()
        unit.save()
        change.save(update_fields=["old_name"])
    elif data.kind == ChangeKind.MOVE:
        unit = Unit.objects.get(pk=data.sources[0].pk)
        change.old_parent, unit.parent = unit.parent, data.new_parent
        unit.save()
        change.save(update_fields=["old_parent"])
