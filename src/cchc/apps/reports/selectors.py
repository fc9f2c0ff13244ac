"""What the director's overview reads: the figures of every registered measured source (cchc.apps.core.measures)
over a unit and a period, the directive targets with their one ``target_status`` and the late tasks by unit —
all through the registry and the directives app's selectors, never another app's tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_noop

from cchc.apps.core import measures
from cchc.apps.org.access import check_unit, is_admin, is_organisation_wide, visible_units
from cchc.domain.errors import UserError
from cchc.domain.measures import Measurement, Source

if TYPE_CHECKING:
    from cchc.apps.org.models import Unit, User

# The registry's key prefix → the heading its figures are shown under (a prefix not listed shows its module).
GROUPS = {
    "documents": gettext_noop("Văn bản điện tử, chữ ký số"),
    "tasks": gettext_noop("Thực hiện nhiệm vụ"),
    "procedures": gettext_noop("Đơn giản hóa thủ tục hành chính"),
    "index766": gettext_noop("Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)"),
    "people": gettext_noop("Cán bộ, đào tạo, đánh giá"),
}


@dataclass(frozen=True)
class Figure:
    source: Source
    measurement: Measurement


def default_scope(user: User) -> Unit | None:
    """The unit the figures are measured over when none is chosen: the whole organisation for an
    organisation-wide role (None for the administrator), the user's own unit otherwise."""
    if is_admin(user):
        return None
    if user.unit is None:
        raise PermissionDenied("Tài khoản chưa thuộc đơn vị nào.")
    return user.unit.root() if is_organisation_wide(user) else user.unit


def chosen_scope(user: User, unit_id: int | None) -> Unit | None:
    if not unit_id:
        return default_scope(user)
    from cchc.apps.org.selectors import unit_or_404

    unit = unit_or_404(unit_id)
    check_unit(user, unit)  # a unit outside the user's scope: 403
    return unit


def period_choices(today: date) -> list[tuple[str, str]]:
    """This year, its quarters so far and last year: the periods the page offers."""
    year = today.year
    out = [(str(year), gettext("Năm %(year)s") % {"year": year})]
    out += [
        (f"{year}-Q{q}", gettext("Quý %(q)s/%(year)s") % {"q": q, "year": year})
        for q in range(1, (today.month - 1) // 3 + 2)
    ]
    out.append((str(year - 1), gettext("Năm %(year)s") % {"year": year - 1}))
    return out


def figures(scope: Unit | None, period: str) -> dict[str, list[Figure]]:
    """Every registered source measured over ``scope`` in ``period``, grouped by the key's first part. A source
    whose measurement refuses this scope or period (a Vietnamese UserError) is left out, not shown as 0."""
    grouped: dict[str, list[Figure]] = {}
    for source in measures.sources():
        try:
            m = measures.measure(source.key, scope, period)
        except UserError:
            continue
        grouped.setdefault(source.key.split(".", 1)[0], []).append(Figure(source, m))
    return grouped


def group_title(prefix: str) -> str:
    """The heading of a group: listed above, else the owning app's name (its verbose_name), else the prefix."""
    if prefix in GROUPS:
        return gettext(GROUPS[prefix])
    for config in apps.get_app_configs():
        if config.label == prefix:
            return str(config.verbose_name)
    return prefix


def directive_targets(*, user: User, unit: Unit | None, today: date, limit: int = 300) -> list[Any]:
    """The targets of the directives in scope with their state (cchc.domain.target_status through the
    directives app), restricted to ``unit`` and the units under it when one is chosen."""
    if not apps.is_installed("cchc.apps.directives"):
        return []
    from cchc.apps.directives import selectors as directives

    targets = directives.targets_in_scope(user=user)
    if unit is not None:
        targets = targets.filter(task__unit__path__startswith=unit.path)
    return directives.target_rows(targets[:limit], today=today)


def late_by_unit(*, user: User, unit: Unit | None, today: date) -> list[dict[str, Any]]:
    """Open tasks past their deadline, counted per unit (largest first), from the directives app's own list."""
    if not apps.is_installed("cchc.apps.directives"):
        return []
    from cchc.apps.directives import selectors as directives

    tasks = directives.task_list(user=user, today=today, status="overdue")
    if unit is not None:
        tasks = tasks.filter(unit__path__startswith=unit.path)
    counts = Counter(tasks.values_list("unit_id", flat=True))
    names = dict(visible_units(user).filter(pk__in=counts).values_list("pk", "name"))
    rows = [{"unit_id": u, "name": names.get(u, ""), "n": n} for u, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["n"], r["name"]))
