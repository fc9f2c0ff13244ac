"""Targets fed by measured sources (cchc.domain.measures): which source feeds which target, and the one sync
that records each linked source's figure as the target's measured value (``cchc directives sync-targets``,
and after every change of a module's figures)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cchc.apps.core.jobs import acting_as
from cchc.apps.core.measures import measure, source
from cchc.apps.org.models import Unit
from cchc.domain.errors import UserError
from cchc.domain.measures import Measurement, span

from ..models import TargetSource
from .tasks import target_record_measurement

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Synced:
    link: TargetSource
    measurement: Measurement | None  # None: the source failed (logged); nothing was recorded


@transaction.atomic
def set_target_source(
    *, source_key: str, target_id: int | None, unit: Unit | None, period: str = "", only: bool = True
) -> TargetSource | None:
    """Feed target ``target_id`` from ``source_key`` over ``unit`` in ``period``. With ``only`` the source
    feeds that one target (the link it had is replaced; ``target_id`` None removes it). The caller checks
    who may (the module whose figure it is)."""
    source(source_key)  # an unknown key is refused
    if period:
        span(period)
    if only:
        others = TargetSource.objects.filter(source=source_key)
        if target_id is not None:
            others = others.exclude(target_id=target_id)
        others.delete()
    if target_id is None:
        return None
    link, _created = TargetSource.objects.update_or_create(
        source=source_key, target_id=target_id, defaults={"unit": unit, "period": period}
    )
    return link


def sync_targets(*, year: int | None = None, today: date | None = None, prefix: str = "") -> list[Synced]:
    """Record the figure of every linked source (those whose key starts with ``prefix``) as its target's
    measured value: over the link's unit, in the link's period or else ``year`` (default: this year). A
    figure of None (no data yet) records nothing, so an old measurement is not overwritten by a blank. The
    audit trail names the system."""
    today = today or timezone.localdate()
    done: list[Synced] = []
    links = TargetSource.objects.filter(source__startswith=prefix).select_related("unit", "target")
    with acting_as():
        for link in links:
            period = link.period or str(year or today.year)
            try:
                found = source(link.source)
                m = measure(link.source, link.unit, period)
            except UserError:
                logger.exception("Nguồn số liệu %s không đo được (kỳ %s)", link.source, period)
                done.append(Synced(link, None))
                continue
            done.append(Synced(link, m))
            if m.value is None:
                continue
            value = Decimal(m.value).quantize(Decimal("0.01"))
            target_record_measurement(
                target_id=link.target_id,
                value=value,
                measured_on=today,
                source=found.citation(period)[:120],
            )
            link.last_value, link.last_synced_at = value, timezone.now()
            link.save(update_fields=["last_value", "last_synced_at"])
    return done


def sync_targets_quietly(*, prefix: str = "") -> None:
    """After a module's figures changed: a failure to update the targets must not undo the user's save."""
    try:
        sync_targets(prefix=prefix)
    except Exception:  # logged; the figures are pushed again on the next change or by the CLI
        logger.exception("Không cập nhật được chỉ tiêu nhiệm vụ từ nguồn số liệu %s", prefix or "(tất cả)")
