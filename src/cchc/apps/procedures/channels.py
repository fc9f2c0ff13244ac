"""Cost by channel, read side: dossier volumes per unit × procedure × channel from the dossier store
(:mod:`cchc.analytics.channels`) combined with each procedure's compliance-cost record
(:mod:`cchc.domain.procedures.channel_cost`). The arithmetic is the domain's; here only what is read and
for whom: the dossier units in the user's scope (onto today's tree, as the 766 scorecard reads them).

Shown on the procedure page, on the dossiers' "Chi phí theo kênh" page, in the API
(``/api/procedures/channel-costs``) and as the measured sources ``procedures.channel_social_cost`` and
``procedures.online_saving`` (measures.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cchc.analytics.channels import channel_counts
from cchc.analytics.periods import Period, parse_period
from cchc.apps.org.access import can_access_unit, visible_units
from cchc.apps.org.models import Unit, User
from cchc.domain.index766 import INDICATORS
from cchc.domain.procedures.channel_cost import (
    Channel,
    CostLine,
    CostRecord,
    Summary,
    Volumes,
    channel_of,
    line_cost,
    summarise,
)
from cchc.domain.procedures.codes import CodeError, normalize_code
from cchc.domain.procedures.costs import DONG_NAI_2024, HourlyIncome

from .conversions import income_of, to_domain_cost_record
from .models import CostParameter, Procedure


def default_target() -> Decimal:
    """The online share aimed at: the 766 threshold of indicator 3.3 (tỷ lệ hồ sơ trực tuyến, 50 %)."""
    return Decimal(str(INDICATORS["3.3"].threshold))


@dataclass
class ChannelRow:
    unit: Unit
    code: str  # the procedure code (normalised when it reads as one)
    procedure: Procedure | None  # None: the catalogue does not list the code
    line: CostLine
    linked: bool = False  # the user may open the procedure's page

    @property
    def name(self) -> str:
        return self.procedure.name if self.procedure is not None else ""


@dataclass
class ChannelReport:
    period: Period
    first_day: date
    last_day: date  # the last day counted (today for a period not over yet)
    target_pct: Decimal
    income: HourlyIncome  # the default income per hour (records may name their own)
    rows: list[ChannelRow] = field(default_factory=list)  # with a cost record, by unit then code
    missing: list[ChannelRow] = field(default_factory=list)  # without one: counted and listed, never 0 đồng
    summary: Summary | None = None

    @property
    def missing_codes(self) -> int:
        return len({r.code for r in self.missing})

    @property
    def missing_dossiers(self) -> int:
        return sum(r.line.volumes.total for r in self.missing)


def default_income() -> HourlyIncome:
    """The default cost parameter's income per hour (read only; QĐ 2816 Đồng Nai's figure when none)."""
    parameter = CostParameter.objects.filter(is_default=True).first() or CostParameter.objects.first()
    return income_of(parameter) or DONG_NAI_2024


def _codes_in_scope(*, user: User | None, unit: Unit | None) -> dict[str, Unit]:
    """Store unit codes of ``unit``'s subtree (else the user's scope, else everything) with the codes of
    historical units whose history one of them carries (the 766 pages' rule, dossiers.selectors)."""
    from cchc.apps.dossiers.selectors import code_map, history_map

    if unit is not None:
        codes = code_map(units=unit.subtree())
    else:
        codes = code_map(units=visible_units(user) if user is not None else Unit.objects.all())
    owners = {u.pk for u in codes.values()}
    return codes | {code: owner for code, owner in history_map().items() if owner.pk in owners}


def _normal(code: str) -> str:
    try:
        return normalize_code(code)
    except CodeError:
        return code


def channel_report(
    *,
    user: User | None,
    period: str,
    unit: Unit | None = None,
    procedure: Procedure | None = None,
    target_pct: Decimal | None = None,
    wait_seconds: float | None = 0,
) -> ChannelReport:
    """The period's cost by channel per unit × procedure in the scope (``user`` None: every unit — the
    measured sources; ``unit``: its subtree; ``procedure``: that procedure only). ``wait_seconds``: how long
    to wait for the store an import holds — by default not at all: the volumes are read from the store's
    rows, which the pages' snapshot does not hold, so during an import the pages say the store is busy and
    a measured source gives no figure at once (the director's overview must not wait; issue 16). None: the
    setting (the CLI may wait)."""
    p = parse_period(period)
    target = default_target() if target_pct is None else Decimal(target_pct)
    today = timezone.localdate()
    report = ChannelReport(p, p.start, min(p.last_day, today), target, default_income())
    codes = _codes_in_scope(user=user, unit=unit)
    if not codes:
        report.summary = summarise([], target)
        return report
    from cchc.apps.dossiers.selectors import history_map
    from cchc.apps.dossiers.storage import open_store

    unit_map = {code: owner.code for code, owner in history_map().items() if code in codes}
    with open_store(wait_seconds=wait_seconds) as store:  # StoreBusy while an import holds it
        counts = channel_counts(
            store.con,
            start=p.start,
            end=p.end,
            unit_codes=list(codes),
            unit_map=unit_map,
        )  # every procedure: a stored code is matched once normalised ("1.009301.000.00.00.H42" = 1.009301)
    by_code = {u.code: u for u in codes.values()}  # today's codes (after the map) → unit
    volumes: dict[tuple[int, str], dict[Channel, int]] = defaultdict(lambda: defaultdict(int))
    units: dict[int, Unit] = {}
    for c in counts:
        owner = codes.get(c.unit) or by_code.get(c.unit)
        if owner is None:
            continue
        code = _normal(c.procedure)
        if procedure is not None and code != procedure.code:
            continue
        units[owner.pk] = owner
        volumes[(owner.pk, code)][channel_of(c.channel)] += c.dossiers
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in={code for _u, code in volumes})
        .select_related("unit", "cost_record__cost_parameter")
        .prefetch_related("cost_record__actions")
    }
    # a link to the procedure's page only for who may open it (its responsible unit in the user's scope)
    visible = {p.pk for p in procedures.values() if user is not None and can_access_unit(user, p.unit)}
    records: dict[str, CostRecord | None] = {
        code: to_domain_cost_record(proc.cost_record, report.income) if hasattr(proc, "cost_record") else None
        for code, proc in procedures.items()
    }
    pairs = []
    for (unit_pk, code), by_channel in sorted(
        volumes.items(), key=lambda kv: (units[kv[0][0]].path, kv[0][1])
    ):
        record = records.get(code)
        v = Volumes.from_counts(by_channel)
        proc = procedures.get(code)
        row = ChannelRow(
            units[unit_pk], code, proc, line_cost(record, v, target), proc is not None and proc.pk in visible
        )
        (report.rows if record is not None else report.missing).append(row)
        pairs.append((record, v))
    report.summary = summarise(pairs, target)
    return report


@dataclass
class RecordView:
    """A procedure's stored record for its page: actions with what online does to each, and one execution's
    cost per channel rounded to the đồng."""

    record: Any  # models.CostRecord
    actions: list[tuple[Any, bool]]  # (CostAction, removed online)
    income: HourlyIncome
    citizen: dict[str, int]
    state: dict[str, int]
    total: dict[str, int]
    hours: dict[str, Decimal]


def record_view(procedure: Procedure) -> RecordView | None:
    """None when the procedure has no compliance-cost record."""
    from cchc.domain.numbers import round_vnd
    from cchc.domain.procedures.channel_cost import execution_costs

    from .models import CostRecord as CostRecordModel

    record = (
        CostRecordModel.objects.filter(procedure=procedure)
        .select_related("cost_parameter")
        .prefetch_related("actions")
        .first()
    )
    if record is None:
        return None
    domain = to_domain_cost_record(record, default_income())
    costs = execution_costs(domain)
    stored = list(record.actions.all())
    flags = [domain.rule.removed(a) for a in domain.actions]
    return RecordView(
        record,
        list(zip(stored, flags, strict=True)),
        domain.income,
        {c.value: round_vnd(x.citizen) for c, x in costs.items()},
        {c.value: round_vnd(x.state) for c, x in costs.items()},
        {c.value: round_vnd(x.total) for c, x in costs.items()},
        {c.value: x.hours for c, x in costs.items()},
    )
