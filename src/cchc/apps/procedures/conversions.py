"""Conversions between the domain dataclasses (cchc.domain.procedures) and the models.

One place, so that imports, plan evaluation, exports and the API read a row the same way.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cchc.domain.procedures import catalogue as dc
from cchc.domain.procedures import channel_cost as cc
from cchc.domain.procedures.costs import DONG_NAI_2024, Action, ActionKind, HourlyIncome, SimplifiedCostInput
from cchc.domain.procedures.fees import FeeKind, FeeRule
from cchc.domain.procedures.plans import SimplificationPlan as DomainPlan
from cchc.domain.procedures.time_limits import TimeLimit, TimeUnit

if TYPE_CHECKING:
    from .models import CostParameter, CostRecord, Procedure, SimplificationPlan

LEVELS = {dc.Level.PROVINCE: "tinh", dc.Level.COMMUNE: "xa", dc.Level.CENTRAL: "tw"}
ONLINE = {dc.OnlineLevel.FULL: "toan_trinh", dc.OnlineLevel.PARTIAL: "mot_phan", dc.OnlineLevel.NONE: "khong"}
ONLINE_BACK = {v: k for k, v in ONLINE.items()}
LEVELS_BACK = {v: k for k, v in LEVELS.items()}
ACTIONS = {
    dc.ChangeKind.NEW: "add",
    dc.ChangeKind.AMENDED: "amend",
    dc.ChangeKind.REPLACED: "amend",
    dc.ChangeKind.ABOLISHED: "abolish",
    dc.ChangeKind.LISTED: "list",
}


def fee_to_json(rule: FeeRule) -> dict[str, Any]:
    data = asdict(rule)
    data["kind"] = rule.kind.value
    data["procedure_codes"] = list(rule.procedure_codes)
    return data


def fee_from_json(data: dict[str, Any]) -> FeeRule:
    fields = dict(data)
    fields["kind"] = FeeKind(fields.get("kind", FeeKind.FLAT))
    fields["procedure_codes"] = tuple(fields.get("procedure_codes", ()))
    return FeeRule(**fields)


def fee_label(procedure: Procedure) -> str:
    return "; ".join(fee_from_json(f).label() for f in procedure.fees) if procedure.fees else ""


def time_limit_of(procedure: Procedure) -> TimeLimit | None:
    return procedure.time_limit


def time_limit_label(procedure: Procedure) -> str:
    limit = time_limit_of(procedure)
    return "" if limit is None else limit.label()


def procedure_fields(p: dc.Procedure) -> dict[str, Any]:
    """Model field values of a domain procedure (all but ``unit``, which the caller decides)."""
    limit = p.time_limit
    return {
        "code_as_published": p.code_as_published,
        "name": p.name,
        "field": p.field,
        "level": LEVELS[p.levels[0]] if p.levels else "tinh",
        "is_internal": p.kind is dc.ProcedureKind.INTERNAL,
        "authority": p.responsible_unit[:255],
        "time_limit_value": None if limit is None else limit.value,
        "time_limit_unit": TimeUnit.WORKING_DAY.value if limit is None else limit.unit.value,
        "time_limit_condition": "" if limit is None else limit.condition[:500],
        "time_limit_text": "" if limit is None else limit.text[:500],
        "fees": [fee_to_json(f) for f in p.fees],
        "online_level": ONLINE.get(p.online_level, "") if p.online_level else "",
        "channels": [c.value for c in p.channels],
        "places": p.places,
        "legal_basis": "\n".join(p.legal_basis),
        "notes": p.notes,
    }


def snapshot(procedure: Procedure) -> dict[str, Any]:
    """JSON of the stored state, kept in each version (numbers as strings: JSON has no Decimal)."""
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "is_internal": procedure.is_internal,
        "unit": procedure.unit.abbreviation if procedure.unit_id else "",
        "time_limit": time_limit_label(procedure),
        "time_limit_condition": procedure.time_limit_condition,
        "fees": procedure.fees,
        "online_level": procedure.online_level,
        "channels": procedure.channels,
        "legal_basis": procedure.legal_basis,
        "status": procedure.status,
    }


def to_domain_procedure(procedure: Procedure) -> dc.Procedure:
    return dc.Procedure(
        code=procedure.code,
        name=procedure.name,
        field=procedure.field,
        levels=(LEVELS_BACK[procedure.level],) if procedure.level in LEVELS_BACK else (),
        responsible_unit=procedure.unit.name if procedure.unit_id else procedure.authority,
        time_limit=time_limit_of(procedure),
        fees=tuple(fee_from_json(f) for f in procedure.fees),
        online_level=ONLINE_BACK.get(procedure.online_level),
        channels=tuple(dc.Channel(c) for c in procedure.channels if c in dc.Channel._value2member_map_),
        places=procedure.places,
        legal_basis=tuple(line for line in procedure.legal_basis.splitlines() if line.strip()),
        kind=dc.ProcedureKind.INTERNAL if procedure.is_internal else dc.ProcedureKind.ADMINISTRATIVE,
        code_as_published=procedure.code_as_published,
        notes=procedure.notes,
    )


def income_of(parameter: CostParameter | None) -> HourlyIncome | None:
    if parameter is None:
        return None
    return HourlyIncome(parameter.hourly_income, parameter.source, parameter.year, parameter.cited_by)


def basis(plan: SimplificationPlan, days: Decimal | None) -> SimplifiedCostInput | None:
    if days is None or plan.dossiers_per_year is None:
        return None
    return SimplifiedCostInput(Decimal(days), Decimal(plan.dossiers_per_year), Decimal(plan.hours_per_day))


def to_domain_plan(plan: SimplificationPlan) -> DomainPlan:
    """The plan as the domain sees it; ``plan.procedure`` and ``plan.unit`` should be selected."""
    procedure = plan.procedure
    simplified = plan.cost_method == "simplified"
    return DomainPlan(
        code=procedure.code,
        name=procedure.name,
        unit=plan.unit.abbreviation or plan.unit.name,
        kind=dc.ProcedureKind.INTERNAL if procedure.is_internal else dc.ProcedureKind.ADMINISTRATIVE,
        level=procedure.get_level_display(),
        field=procedure.field,
        abolished=plan.abolish,
        time_before=plan.time_before,
        time_after=plan.time_after,
        steps_before=plan.steps_before,
        steps_after=plan.steps_after,
        components_before=plan.components_before,
        components_after=plan.components_after,
        fee_before=plan.fee_before,
        fee_after=plan.fee_after,
        cost_before=plan.cost_before,
        cost_after=plan.cost_after,
        content=plan.content,
        recommendation=plan.recommendation,
        basis_before=basis(plan, plan.time_before) if simplified else None,
        basis_after=basis(plan, plan.time_after) if simplified else None,
        income=income_of(plan.cost_parameter) if simplified else None,
        reviewed=plan.reviewed,
    )


_ONLINE = {"rule": None, "keep": False, "drop": True}


def to_domain_cost_record(record: CostRecord, default_income: HourlyIncome | None = None) -> cc.CostRecord:
    """The stored record as :mod:`cchc.domain.procedures.channel_cost` reads it (its ``actions`` and
    ``cost_parameter`` should be prefetched); without its own income parameter, ``default_income``."""
    kinds = {k.value: k for k in ActionKind}
    actions = tuple(
        cc.ChannelAction(
            Action(
                name=a.name,
                hours=Decimal(a.hours),
                count=Decimal(a.count),
                outsourcing_cost=int(a.outsourcing_cost),
                travel_cost=int(a.travel_cost),
                kind=kinds.get(a.kind, ActionKind.OTHER),
            ),
            _ONLINE.get(a.online),
        )
        for a in record.actions.all()
    )
    removes = frozenset(kinds[k] for k in record.online_removes or () if k in kinds)
    return cc.CostRecord(
        actions=actions,
        fees=int(record.fees),
        other_costs=int(record.other_costs),
        online_fees=None if record.online_fees is None else int(record.online_fees),
        income=income_of(record.cost_parameter) or default_income or DONG_NAI_2024,
        rule=cc.OnlineRule(removes),
        state_hours_in_person=Decimal(record.state_hours_in_person),
        state_hours_online=Decimal(record.state_hours_online),
    )
