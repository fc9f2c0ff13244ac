"""Cost by channel (cchc.domain.procedures.channel_cost): every figure below is worked out by hand in the
comments from the raw inputs, not by calling the code under test twice."""

from __future__ import annotations

from decimal import Decimal

from cchc.domain.procedures.channel_cost import (
    Channel,
    ChannelAction,
    CostRecord,
    OnlineRule,
    Volumes,
    channel_of,
    execution_costs,
    line_cost,
    summarise,
)
from cchc.domain.procedures.costs import Action, ActionKind, HourlyIncome

INCOME = HourlyIncome(amount=40_000)
PREPARE = Action(
    "Chuẩn bị tờ khai, bản sao", hours=Decimal(4), outsourcing_cost=20_000, kind=ActionKind.PREPARATION
)
TRAVEL = Action("Đi nộp hồ sơ, nhận kết quả", hours=Decimal("1.5"), count=Decimal(2), travel_cost=30_000, kind=ActionKind.TRAVEL)  # fmt: skip
WAIT = Action("Chờ tại bộ phận một cửa", hours=Decimal("0.5"), count=Decimal(2), kind=ActionKind.WAITING)
RECORD = CostRecord(
    actions=(ChannelAction(PREPARE), ChannelAction(TRAVEL), ChannelAction(WAIT)),
    fees=2_000_000,
    income=INCOME,
)


def test_channels_follow_the_766_rule():
    assert channel_of(2) is Channel.ONLINE
    assert channel_of(3) is Channel.POSTAL
    assert channel_of(1) is Channel.IN_PERSON and channel_of(None) is Channel.IN_PERSON


def test_one_execution_in_person_and_online():
    costs = execution_costs(RECORD)
    # in person: 4 + 1,5×2 + 0,5×2 = 8 h × 40.000 = 320.000; + 20.000 outsourcing + 60.000 travel + 2.000.000 fee
    assert costs[Channel.IN_PERSON].hours == 8
    assert costs[Channel.IN_PERSON].citizen == 2_400_000
    assert costs[Channel.IN_PERSON].state == 20_000  # 0,5 h × 40.000 (assumption, editable)
    # online drops travel and waiting: 4 h × 40.000 + 20.000 + 2.000.000; no reception cost
    assert costs[Channel.ONLINE].citizen == 2_180_000
    assert costs[Channel.ONLINE].state == 0
    assert costs[Channel.ONLINE].removed == (TRAVEL.name, WAIT.name)
    assert costs[Channel.POSTAL].total == costs[Channel.IN_PERSON].total == 2_420_000


def test_the_rule_and_an_action_override_change_what_online_removes():
    # the preparation's outsourced photocopy is marked removed online; waiting is kept by the rule
    record = CostRecord(
        actions=(ChannelAction(PREPARE, removed_online=True), ChannelAction(TRAVEL), ChannelAction(WAIT)),
        fees=2_000_000,
        income=INCOME,
        rule=OnlineRule(frozenset({ActionKind.TRAVEL})),
    )
    online = execution_costs(record)[Channel.ONLINE]
    # kept: waiting 1 h × 40.000 + fee 2.000.000
    assert online.citizen == 2_040_000
    assert online.removed == (PREPARE.name, TRAVEL.name)


def test_lower_online_fee_and_state_hours_are_parameters():
    record = CostRecord(
        actions=(ChannelAction(TRAVEL),), fees=100_000, online_fees=50_000, income=INCOME,
        state_hours_in_person=Decimal(1), state_hours_online=Decimal("0.25"),
    )  # fmt: skip
    costs = execution_costs(record)
    assert costs[Channel.IN_PERSON].total == 3 * 40_000 + 60_000 + 100_000 + 40_000
    assert costs[Channel.ONLINE].total == 50_000 + 10_000


def test_year_of_one_unit_and_procedure():
    line = line_cost(RECORD, Volumes(in_person=10, postal=2, online=18), target_pct=Decimal(80))
    # 12 × 2.420.000 + 18 × 2.180.000 = 29.040.000 + 39.240.000
    assert line.social_cost == 68_280_000
    assert line.citizen_cost == 12 * 2_400_000 + 18 * 2_180_000
    assert line.state_cost == 12 * 20_000
    assert line.all_in_person_cost == 30 * 2_420_000
    assert line.online_saving == 18 * 240_000 == line.all_in_person_cost - line.social_cost
    # at 80 %: 24 dossiers online × 240.000; 6 more than today
    assert line.target_saving == 5_760_000 and line.extra_at_target == 1_440_000
    assert line.online_share == 60
    assert line.per_execution == {
        Channel.IN_PERSON: 2_420_000,
        Channel.POSTAL: 2_420_000,
        Channel.ONLINE: 2_180_000,
    }


def test_above_the_target_there_is_no_extra_saving():
    line = line_cost(RECORD, Volumes(in_person=1, online=9), target_pct=Decimal(50))
    assert line.target_saving == 5 * 240_000 and line.extra_at_target == 0


def test_amounts_are_rounded_once():
    # 0,25 h × 3 × 33.333 = 24.999,75 per execution (shown 25.000); × 3 dossiers = 74.999,25 → 74.999
    record = CostRecord(
        actions=(ChannelAction(Action("Chờ", hours=Decimal("0.25"), count=Decimal(3), kind=ActionKind.WAITING)),),
        income=HourlyIncome(amount=33_333), state_hours_in_person=Decimal(0),
    )  # fmt: skip
    line = line_cost(record, Volumes(in_person=3))
    assert line.per_execution is not None and line.per_execution[Channel.IN_PERSON] == 25_000
    assert line.social_cost == 74_999


def test_without_a_record_nothing_is_zero():
    line = line_cost(None, Volumes(in_person=4, online=1))
    assert not line.has_cost
    assert line.social_cost is None and line.online_saving is None and line.per_execution is None
    assert line.online_share == 20


def test_summary_counts_lines_without_a_cost_apart():
    summary = summarise(
        [(RECORD, Volumes(in_person=10, postal=2, online=18)), (None, Volumes(in_person=5)), (RECORD, Volumes(online=2))],
        target_pct=Decimal(50),
    )  # fmt: skip
    assert (summary.lines, summary.with_cost, summary.without_cost) == (3, 2, 1)
    assert summary.volumes.total == 37 and summary.volumes_with_cost.total == 32
    assert summary.social_cost == 68_280_000 + 2 * 2_180_000
    assert summary.online_saving == 20 * 240_000
    # the target is reached line by line: the first line at 50 % saves 15 × 240.000 (< 18: no extra); the second
    # line is 100 % online
    assert summary.target_saving == 15 * 240_000 + 1 * 240_000
    assert summary.extra_at_target == 0
    assert summary.online_share == Decimal("62.50")
