"""Cost by channel: what one execution of a procedure costs in person and online, and what a year of dossiers
cost society and what the online share saved (TT 02/2017/TT-VPCP Điều 27 applied per channel).

The cost of one execution comes from the procedure's compliance-cost record, action by action (the full
SCM form of :mod:`cchc.domain.procedures.costs`). An online submission makes some actions unnecessary:

- the rule (:class:`OnlineRule`) names the action kinds an online submission removes — by default
  travel ("đi lại") and waiting/queueing at the office ("chờ đợi"). This default is **cchc's assumption**:
  TT 02/2017 gives no per-channel rule and its k.4 (how to value each cost) was not found
  (standards.md §2.1). Preparation, submission (filling the e-form takes time too), outsourcing and fees
  are kept, following the "lower-average figure" principle of k.2 (a saving is never overstated);
- one action may be marked removed (photocopying, printing where the procedure documents it) or kept
  whatever its kind (a trip that remains — e.g. fetching a paper original).

The state's side is counted apart, as an explicit, editable parameter: hours an officer spends receiving one
in-person or postal dossier at the one-stop desk (checking papers, receipt, scanning), valued at the same
income per hour. Default 0,5 h in person, 0 h online (the e-dossier's check is part of processing, which is
the same in both channels) — **cchc's assumption**, no source found.

Channels follow the 766 rule for indicator 3.3 (standards.md §1): KenhThucHien 2 = online, 1 or empty =
in person, 3 = public postal service. Postal dossiers cost as in-person ones (the subject still prepares paper
copies and travels to a post office): also an assumption, stated here and in docs/procedures.md.

Year: social cost = Σ over channels (dossiers in the channel × cost of one execution in it); online saving =
online dossiers × (in-person cost − online cost); at a target online share T: total × T ÷ 100 dossiers online.
Arithmetic is Decimal; only reported amounts are rounded to the đồng (half up), the yearly amounts from the
unrounded per-execution amounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cchc.domain.i18n import gettext_noop
from cchc.domain.numbers import percent_of, round_vnd
from cchc.domain.procedures.costs import DONG_NAI_2024, Action, ActionKind, HourlyIncome

__all__ = [
    "ASSUMPTION",
    "DEFAULT_ONLINE_REMOVES",
    "DEFAULT_STATE_HOURS_IN_PERSON",
    "DEFAULT_STATE_HOURS_ONLINE",
    "Channel",
    "ChannelAction",
    "CostLine",
    "CostRecord",
    "ExecutionCost",
    "OnlineRule",
    "Summary",
    "Volumes",
    "channel_of",
    "execution_costs",
    "line_cost",
    "summarise",
]

ASSUMPTION = gettext_noop(
    "Giả định của cchc: TT 02/2017/TT-VPCP không quy định chi phí theo kênh; nộp trực tuyến bỏ các công việc "
    "đi lại và chờ đợi tại nơi tiếp nhận, giữ chuẩn bị hồ sơ, nộp hồ sơ, thuê dịch vụ, phí, lệ phí."
)
DEFAULT_ONLINE_REMOVES: frozenset[ActionKind] = frozenset({ActionKind.TRAVEL, ActionKind.WAITING})
DEFAULT_STATE_HOURS_IN_PERSON = Decimal("0.5")  # giờ công chức tiếp nhận 01 hồ sơ trực tiếp/bưu chính
DEFAULT_STATE_HOURS_ONLINE = Decimal(0)


class Channel(StrEnum):
    IN_PERSON = "truc_tiep"
    POSTAL = "buu_chinh"
    ONLINE = "truc_tuyen"


CHANNEL_LABELS = {
    Channel.IN_PERSON: "Trực tiếp",
    Channel.POSTAL: "Bưu chính công ích",
    Channel.ONLINE: "Trực tuyến",
}


def channel_of(value: int | None) -> Channel:
    """KenhThucHien of a stored dossier → channel (766 indicator 3.3: 2 online, 3 postal, else in person)."""
    if value == 2:
        return Channel.ONLINE
    if value == 3:
        return Channel.POSTAL
    return Channel.IN_PERSON


@dataclass(frozen=True, slots=True)
class OnlineRule:
    """Which action kinds an online submission makes unnecessary (default: cchc's assumption above)."""

    removes: frozenset[ActionKind] = DEFAULT_ONLINE_REMOVES

    def removed(self, action: ChannelAction) -> bool:
        if action.removed_online is not None:
            return action.removed_online
        return action.action.kind in self.removes


@dataclass(frozen=True, slots=True)
class ChannelAction:
    """An action of the record; ``removed_online`` True/False overrides the rule, None follows it."""

    action: Action
    removed_online: bool | None = None


@dataclass(frozen=True, slots=True)
class CostRecord:
    """A procedure's compliance cost of one execution, action by action, with the per-channel parameters."""

    actions: tuple[ChannelAction, ...] = ()
    fees: int = 0  # phí, lệ phí per execution (same in every channel unless online_fees says otherwise)
    other_costs: int = 0
    online_fees: int | None = None  # a lower fee for online submissions, when the fee rule sets one
    income: HourlyIncome = DONG_NAI_2024
    rule: OnlineRule = field(default_factory=OnlineRule)
    state_hours_in_person: Decimal = DEFAULT_STATE_HOURS_IN_PERSON
    state_hours_online: Decimal = DEFAULT_STATE_HOURS_ONLINE


@dataclass(frozen=True, slots=True)
class ExecutionCost:
    """One execution in one channel, unrounded (Decimal đồng); ``removed``: names of the actions it skips."""

    channel: Channel
    hours: Decimal
    citizen: Decimal  # time × income + outsourcing + travel + fees + other costs
    state: Decimal  # reception hours × income
    removed: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return self.citizen + self.state


def _citizen(record: CostRecord, actions: Iterable[Action], fees: int) -> tuple[Decimal, Decimal]:
    hours = Decimal(0)
    money = Decimal(0)
    for a in actions:
        count = Decimal(a.count)
        hours += Decimal(a.hours) * count
        money += (Decimal(a.outsourcing_cost) + Decimal(a.travel_cost)) * count
    return hours, hours * record.income.amount + money + fees + record.other_costs


def execution_costs(record: CostRecord) -> dict[Channel, ExecutionCost]:
    """Cost of one execution in each channel (postal = in person, see the module's note)."""
    everything = [c.action for c in record.actions]
    kept = [c.action for c in record.actions if not record.rule.removed(c)]
    removed = tuple(c.action.name for c in record.actions if record.rule.removed(c))
    hours, citizen = _citizen(record, everything, record.fees)
    online_fees = record.fees if record.online_fees is None else record.online_fees
    online_hours, online_citizen = _citizen(record, kept, online_fees)
    income = Decimal(record.income.amount)
    in_person = ExecutionCost(
        Channel.IN_PERSON, hours, citizen, Decimal(record.state_hours_in_person) * income
    )
    return {
        Channel.IN_PERSON: in_person,
        Channel.POSTAL: ExecutionCost(Channel.POSTAL, hours, citizen, in_person.state),
        Channel.ONLINE: ExecutionCost(
            Channel.ONLINE, online_hours, online_citizen, Decimal(record.state_hours_online) * income, removed
        ),
    }


@dataclass(frozen=True, slots=True)
class Volumes:
    """Dossiers received in a period, by channel."""

    in_person: int = 0
    postal: int = 0
    online: int = 0

    @property
    def total(self) -> int:
        return self.in_person + self.postal + self.online

    def of(self, channel: Channel) -> int:
        return {Channel.IN_PERSON: self.in_person, Channel.POSTAL: self.postal, Channel.ONLINE: self.online}[
            channel
        ]

    @classmethod
    def from_counts(cls, counts: Mapping[Channel, int]) -> Volumes:
        return cls(
            counts.get(Channel.IN_PERSON, 0), counts.get(Channel.POSTAL, 0), counts.get(Channel.ONLINE, 0)
        )

    def __add__(self, other: Volumes) -> Volumes:
        return Volumes(
            self.in_person + other.in_person, self.postal + other.postal, self.online + other.online
        )


@dataclass(frozen=True, slots=True)
class CostLine:
    """One unit × procedure over a period. Amounts in đồng, rounded once; ``None`` without a cost record."""

    volumes: Volumes
    per_execution: dict[Channel, int] | None  # citizen + state, rounded (shown)
    citizen_per_execution: dict[Channel, int] | None
    state_per_execution: dict[Channel, int] | None
    social_cost: int | None  # Σ volume × cost, citizen + state
    citizen_cost: int | None
    state_cost: int | None
    all_in_person_cost: int | None  # had every dossier come in person
    online_saving: int | None  # online × (in person − online)
    target_saving: int | None  # saving had the online share been the target
    extra_at_target: int | None  # target_saving − online_saving, never below 0
    online_share: Decimal | None  # % of dossiers received online
    removed_online: tuple[str, ...] = ()

    @property
    def has_cost(self) -> bool:
        return self.social_cost is not None


def _exact(record: CostRecord, volumes: Volumes, target_pct: Decimal) -> dict[str, Decimal]:
    costs = execution_costs(record)
    delta = costs[Channel.IN_PERSON].total - costs[Channel.ONLINE].total
    social = sum((volumes.of(c) * costs[c].total for c in Channel), Decimal(0))
    at_target = Decimal(volumes.total) * Decimal(target_pct) / 100 * delta
    saved = volumes.online * delta
    return {
        "social": social,
        "citizen": sum((volumes.of(c) * costs[c].citizen for c in Channel), Decimal(0)),
        "state": sum((volumes.of(c) * costs[c].state for c in Channel), Decimal(0)),
        "all_in_person": volumes.total * costs[Channel.IN_PERSON].total,
        "saved": saved,
        "at_target": at_target,
        "extra": max(Decimal(0), at_target - saved),
    }


def line_cost(record: CostRecord | None, volumes: Volumes, target_pct: Decimal = Decimal(50)) -> CostLine:
    """The year's figures of one unit × procedure; without a record every amount is None (never 0)."""
    share = percent_of(volumes.online, volumes.total)
    if record is None:
        return CostLine(volumes, None, None, None, None, None, None, None, None, None, None, share)
    costs = execution_costs(record)
    exact = _exact(record, volumes, target_pct)
    return CostLine(
        volumes=volumes,
        per_execution={c: round_vnd(costs[c].total) for c in Channel},
        citizen_per_execution={c: round_vnd(costs[c].citizen) for c in Channel},
        state_per_execution={c: round_vnd(costs[c].state) for c in Channel},
        social_cost=round_vnd(exact["social"]),
        citizen_cost=round_vnd(exact["citizen"]),
        state_cost=round_vnd(exact["state"]),
        all_in_person_cost=round_vnd(exact["all_in_person"]),
        online_saving=round_vnd(exact["saved"]),
        target_saving=round_vnd(exact["at_target"]),
        extra_at_target=round_vnd(exact["extra"]),
        online_share=share,
        removed_online=costs[Channel.ONLINE].removed,
    )


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals of several lines; amounts summed from the unrounded figures, rounded once."""

    lines: int
    with_cost: int
    without_cost: int  # lines (unit × procedure) whose procedure has no cost record
    volumes: Volumes  # every dossier
    volumes_with_cost: Volumes  # the dossiers the amounts cover
    social_cost: int
    citizen_cost: int
    state_cost: int
    all_in_person_cost: int
    online_saving: int
    target_saving: int
    extra_at_target: int
    online_share: Decimal | None  # over the dossiers with a cost


def summarise(
    items: Sequence[tuple[CostRecord | None, Volumes]], target_pct: Decimal = Decimal(50)
) -> Summary:
    """Totals over (record, volumes) pairs: lines without a record are counted apart, never as 0 đồng."""
    totals = dict.fromkeys(
        ("social", "citizen", "state", "all_in_person", "saved", "at_target", "extra"), Decimal(0)
    )
    volumes = Volumes()
    covered = Volumes()
    with_cost = 0
    for record, v in items:
        volumes = volumes + v
        if record is None:
            continue
        with_cost += 1
        covered = covered + v
        for key, value in _exact(record, v, target_pct).items():
            totals[key] += value
    return Summary(
        lines=len(items),
        with_cost=with_cost,
        without_cost=len(items) - with_cost,
        volumes=volumes,
        volumes_with_cost=covered,
        social_cost=round_vnd(totals["social"]),
        citizen_cost=round_vnd(totals["citizen"]),
        state_cost=round_vnd(totals["state"]),
        all_in_person_cost=round_vnd(totals["all_in_person"]),
        online_saving=round_vnd(totals["saved"]),
        target_saving=round_vnd(totals["at_target"]),
        extra_at_target=round_vnd(totals["extra"]),
        online_share=percent_of(covered.online, covered.total),
    )
