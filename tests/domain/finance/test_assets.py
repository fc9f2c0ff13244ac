"""Public-asset rules (../shared/standards.md §11) read from data, without the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.domain.finance import assets as ar
from cchc.domain.finance import autonomy as au


def test_the_data_file_holds_the_handling_forms_of_the_standard():
    rules = ar.load_rules()
    assert {"thu_hoi", "dieu_chuyen", "ban", "thanh_ly", "tieu_huy", "xu_ly_mat", "chuyen_giao_dia_phuong",
            "dieu_hoa_noi_bo", "khac"} == set(rules.handling)  # fmt: skip
    assert (rules.idle_months, rules.rearrange_months, rules.transfer_days) == (12, 3, 30)
    assert rules.surplus == {"doi_du", "doi_du_mot_phan", "khong_su_dung"}


def test_timers():
    idle = ar.AssetState("khong_su_dung", Decimal(1), idle_since=date(2025, 12, 5))
    assert ar.warnings(idle, date(2026, 12, 4)) == []
    assert "12 tháng" in ar.warning_text(ar.warnings(idle, date(2026, 12, 5))[0])
    handed = ar.AssetState("doi_du", Decimal(1), "dieu_chuyen", "dang_xu_ly", handover_on=date(2026, 11, 1))
    assert ar.warnings(handed, date(2026, 12, 1)) == []
    assert "30 ngày" in ar.warning_text(ar.warnings(handed, date(2026, 12, 2))[0])
    done = ar.AssetState("doi_du", Decimal(1), "ban", "da_xu_ly", idle_since=date(2020, 1, 1))
    assert ar.warnings(done, date(2026, 12, 2)) == [] and not ar.needs_handling(done)


def test_totals_count_surplus_and_handled():
    t = ar.totals([
        ar.AssetState("dang_dung", Decimal(10)), ar.AssetState("doi_du", Decimal(5), "ban", "da_xu_ly"),
        ar.AssetState("doi_du", Decimal(5)),
    ])  # fmt: skip
    assert (t.count, t.value, t.surplus, t.handled, t.pending, t.handled_share) == (
        3,
        20,
        2,
        1,
        1,
        Decimal("50.00"),
    )


def test_reports_due():
    weekly = ar.load_rules().reports["tien_do_tuan"]
    nxt = ar.report_due_on(weekly, date(2026, 12, 3))  # a Thursday
    assert (nxt.due, nxt.period) == (date(2026, 12, 4), "2026-W49")
    codes = [r.report.code for r in ar.reports_to_remind(date(2026, 12, 3))]
    assert codes == ["tien_do_tuan"]
    assert [r.report.code for r in ar.reports_to_remind(date(2027, 1, 25))] == ["bao_cao_nam"]


def test_a_wrong_rules_file_is_named_in_vietnamese():
    with pytest.raises(ar.AssetRulesError, match="weekday"):
        ar.parse_rules({"kinds": {"xe": "Xe"}, "statuses": {"a": {}}, "handling": {"b": "B"},
                        "progress": {"chua_xu_ly": "x", "da_xu_ly": "y"},
                        "reports": {"r": {"label": "R", "kind": "weekly", "weekday": 9}}})  # fmt: skip


def test_autonomy_estimate_and_target():
    assert au.estimated_share(Decimal(450), Decimal(1000)) == Decimal("45.00")
    assert au.estimated_share(Decimal(1), Decimal(0)) is None
    assert (
        au.meets_target(2, 3) is True and au.meets_target(4, 3) is False and au.meets_target(2, None) is None
    )
