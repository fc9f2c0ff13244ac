"""Codes, time limits, fee rules and catalogue labels: pure values, no shared data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.domain.procedures.catalogue import (
    ChangeKind,
    Channel,
    Decision,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    current_catalogue,
    parse_change_kind,
    parse_channels,
    parse_levels,
    parse_online_level,
)
from cchc.domain.procedures.codes import CodeError, find_codes, normalize_code, province_suffix
from cchc.domain.procedures.fees import TT110_2025_RULES, FeeError, FeeKind, FeeRule, fee_for, parse_fee_text
from cchc.domain.procedures.time_limits import TimeLimitError, TimeUnit, parse_time_limit


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1.001653", "1.001653"),
        ("1.003901.H42", "1.003901"),
        ("1.013.788.H42", "1.013788"),  # Ninh Bình QĐ 1498 prints a thousands-style dot
        ("1014217", "1.014217"),  # Hà Tĩnh QĐ 2914 lost the dot
        (" 2.001641.h42 ", "2.001641"),
        (1.00144, "1.001440"),  # numeric spreadsheet cell dropped the trailing zero
    ],
)
def test_published_code_variants_normalise_to_the_national_code(raw: str, code: str) -> None:
    assert normalize_code(raw) == code


@pytest.mark.parametrize("raw", ["", "abc", "1.0016", "4.001653", "1.001653 (x)"])
def test_invalid_codes_are_rejected_in_vietnamese(raw: str) -> None:
    with pytest.raises(CodeError, match=r"[mM]ã TTHC"):
        normalize_code(raw)


def test_province_suffix_and_codes_in_text() -> None:
    assert province_suffix("1.003901.H42") == "H42"
    assert province_suffix("1.003901") is None
    assert find_codes("1.000963 (điều chỉnh GP karaoke); mã TTHC 1.004082") == ["1.000963", "1.004082"]


def test_time_limit_with_condition() -> None:
    limit = parse_time_limit("03 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ")
    assert (limit.value, limit.unit) == (Decimal(3), TimeUnit.WORKING_DAY)
    assert limit.condition == "kể từ ngày nhận đủ hồ sơ hợp lệ"
    assert limit.working_days() == 3
    assert limit.label() == "03 ngày làm việc"


@pytest.mark.parametrize(
    ("text", "value", "unit", "working_days"),
    [
        ("15 ngày", 15, TimeUnit.DAY, None),  # calendar days need a calendar, not a factor
        ("Trong ngày", 1, TimeUnit.SAME_DAY, 1),
        ("05 giờ", 5, TimeUnit.HOUR, Decimal("0.625")),
        ("Không quá 10 ngày làm việc", 10, TimeUnit.WORKING_DAY, 10),
        ("03 (ba) ngày làm việc", 3, TimeUnit.WORKING_DAY, 3),
        ("0,5 ngày làm việc", Decimal("0.5"), TimeUnit.WORKING_DAY, Decimal("0.5")),
        ("02 tháng", 2, TimeUnit.MONTH, None),
    ],
)
def test_time_limit_units(text: str, value: Decimal, unit: TimeUnit, working_days: Decimal | None) -> None:
    limit = parse_time_limit(text)
    assert (limit.value, limit.unit, limit.working_days()) == (value, unit, working_days)


@pytest.mark.parametrize("text", ["", "abc", "5 tuần", "-3 ngày"])
def test_bad_time_limits_raise(text: str) -> None:
    with pytest.raises(TimeLimitError):
        parse_time_limit(text)


def test_tt110_karaoke_fee_is_per_room_with_a_cap() -> None:
    karaoke = TT110_2025_RULES[0]
    assert [fee_for(karaoke, n) for n in (0, 1, 5, 6, 7, 20)] == [0, 1_000_000, 5_000_000, 6_000_000, 6_000_000, 6_000_000]  # fmt: skip
    assert fee_for(TT110_2025_RULES[1], 30) == 10_000_000  # vũ trường: flat, rooms do not matter
    assert fee_for(TT110_2025_RULES[2]) == 500_000
    assert karaoke.label() == "1.000.000 đồng/phòng, nhưng tổng mức thu không quá 6.000.000 đồng/Giấy phép/lần thẩm định"  # fmt: skip


def test_fee_text_parsing() -> None:
    assert parse_fee_text("Không").kind is FeeKind.FREE
    capped = parse_fee_text(
        "1.000.000 đồng/phòng, nhưng tổng mức thu không quá 6.000.000 đồng/Giấy phép/lần thẩm định"
    )
    assert (capped.kind, capped.amount, capped.unit, capped.cap) == (FeeKind.PER_UNIT_CAPPED, 1_000_000, "phòng", 6_000_000)  # fmt: skip
    flat = parse_fee_text("500.000 đồng/Giấy phép/lần thẩm định")
    assert (flat.kind, flat.amount) == (FeeKind.FLAT, 500_000)
    with pytest.raises(FeeError):
        parse_fee_text("theo thỏa thuận")
    with pytest.raises(FeeError):
        FeeRule(FeeKind.PER_UNIT_CAPPED, 1000)
    with pytest.raises(FeeError):
        fee_for(flat, -1)


def test_catalogue_labels() -> None:
    assert parse_levels("Cấp tỉnh, cấp xã") == (Level.PROVINCE, Level.COMMUNE)
    assert parse_levels("UBND cấp xã") == (Level.COMMUNE,)
    assert parse_levels("Sở Văn hóa và Thể thao") == (Level.PROVINCE,)
    assert parse_levels("Văn hóa cơ sở") == ()
    assert parse_online_level("Toàn trình") is OnlineLevel.FULL
    assert parse_online_level("DVC trực tuyến một phần") is OnlineLevel.PARTIAL
    assert parse_online_level("") is None
    with pytest.raises(ValueError, match="Mức độ"):
        parse_online_level("mức 4")
    assert parse_channels("- Trực tiếp; - Qua dịch vụ bưu chính công ích; - Qua dịch vụ công trực tuyến một phần.") == (Channel.DIRECT, Channel.POST, Channel.ONLINE)  # fmt: skip
    assert parse_change_kind("được sửa đổi, bổ sung") is ChangeKind.AMENDED
    assert parse_change_kind("mới ban hành") is ChangeKind.NEW
    assert parse_change_kind("Bị bãi bỏ") is ChangeKind.ABOLISHED


def test_current_catalogue_follows_the_decisions_in_date_order() -> None:
    old = Decision("530/QĐ-UBND", date(2023, 5, 16))
    new = Decision("2031/QĐ-UBND", date(2025, 11, 28))
    v1 = Procedure("1.001123", "Cấp lại giấy chứng nhận ... giám định cổ vật", time_limit=parse_time_limit("05 ngày làm việc"))  # fmt: skip
    v2 = Procedure("1.001123", v1.name, time_limit=parse_time_limit("04 ngày làm việc"))
    other = Procedure("1.000001", "Thủ tục bị bãi bỏ")
    versions = [
        ProcedureVersion(v2.code, new, ChangeKind.AMENDED, v2, ("Thời hạn giải quyết",)),
        ProcedureVersion(v1.code, old, ChangeKind.NEW, v1),
        ProcedureVersion(other.code, old, ChangeKind.NEW, other),
        ProcedureVersion(other.code, new, ChangeKind.ABOLISHED, None),
    ]
    assert current_catalogue(versions) == {"1.001123": v2}
    assert current_catalogue(versions, on=date(2024, 1, 1)) == {"1.001123": v1, "1.000001": other}
