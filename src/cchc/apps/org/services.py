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
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.domain import org_history as oh
from cchc.domain.dates import format_vn_date as format_date

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
    today = timezone.localdate()
    if change.effective_on <= today:
        _apply(change, today)
    return change


def _apply(change: UnitChange, today: date) -> None:
    """The tree after the change: ended units inactive, a rename or a move applied (old values kept)."""
    proposed = domain_change(change)
    sources = list(change.sources.all())
    for unit in Unit.objects.filter(pk__in=proposed.ended):
        unit.is_active = False
        unit.save()
    if change.kind == ChangeKind.RENAME:
        unit = Unit.objects.get(pk=sources[0].pk)
        change.old_name, unit.name = unit.name, change.new_name
        unit.save()
    elif change.kind == ChangeKind.MOVE:
        unit = Unit.objects.get(pk=sources[0].pk)
        change.old_parent, unit.parent = unit.parent, change.new_parent
        unit.save()
    change.applied_on = today
    change.save(update_fields=["old_name", "old_parent", "applied_on"])


@transaction.atomic
def apply_due(*, today: date | None = None) -> list[UnitChange]:
    """Apply the changes recorded ahead of their effective date once it has come, oldest first
    (``cchc org apply-due``, daily; running it again applies nothing twice)."""
    today = today or timezone.localdate()
    due = list(
        UnitChange.objects.select_for_update()
        .filter(applied_on__isnull=True, effective_on__lte=today)
        .order_by("effective_on", "pk")
    )
    for change in due:
        _apply(change, today)
    return due


@transaction.atomic
def withdraw_change(*, user: User | None, change: UnitChange) -> None:
    """Withdraw a change still waiting for its effective date (nothing on the tree to undo); an applied
    change is corrected by recording the change that reverses it, so the history stays true."""
    if user is not None:
        require_capability(user, "org.manage")
        for unit in [*change.sources.all(), *change.targets.all()]:
            check_unit(user, unit, write=True)
    if change.applied_on is not None:
        raise ValidationError(
            _(
                "Thay đổi đã áp dụng vào cây tổ chức từ %(day)s nên không rút lại được; "
                "hãy ghi một thay đổi mới theo quyết định điều chỉnh."
            )
            % {"day": format_date(change.applied_on)}
        )
    change.delete()
