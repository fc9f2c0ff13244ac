"""Per-concept tests on plain values (no files, no DB)."""

from __future__ import annotations

import pytest

from cchc.domain.directives import OrgUnit, extract
from cchc.domain.directives.deadlines import find_deadlines, pick_deadline
from cchc.domain.directives.normalize import normalize_text
from cchc.domain.directives.targets import find_targets
from cchc.domain.directives.units import find_coordinating, find_responsible, split_units


def _deadline(text: str, field: bool = False):
    return pick_deadline(find_deadlines(text, 0, len(text), field=field))


def _targets(text: str):
    return [(t.value, t.unit, t.comparator) for t in find_targets(text, 0, len(text))]


def test_old_tone_placement_becomes_new_but_quy_is_kept() -> None:
    assert normalize_text("Văn hoá, thuỷ lợi, quý I, khoẻ") == "Văn hóa, thủy lợi, quý I, khỏe"


def test_nfd_input_is_composed() -> None:
    import unicodedata

    assert normalize_text(unicodedata.normalize("NFD", "Cắt giảm")) == "Cắt giảm"


def test_before_date_deadline_is_iso() -> None:
    assert _deadline("hoàn thành trước ngày 15/12/2025.").iso == "2025-12-15"


def test_month_deadline_is_last_day_of_month() -> None:
    assert _deadline("đảm bảo hoàn thành trong tháng 2/2028").iso == "2028-02-29"


def test_quarter_deadline_is_quarter_end() -> None:
    assert _deadline("Đảm bảo hoàn thành trong quý I/2026.").iso == "2026-03-31"


def test_half_year_deadline() -> None:
    assert _deadline("hoàn thành trong 6 tháng đầu năm 2026").iso == "2026-06-30"


def test_in_year_deadline() -> None:
    assert _deadline("Đảm bảo hoàn thành thực thi trong năm 2026.").iso == "2026-12-31"


def test_recurring_deadline_gives_a_rule_not_a_date() -> None:
    d = _deadline("báo cáo kết quả trước ngày 15 hằng tháng")
    assert d.iso is None and d.recurring == "FREQ=MONTHLY;BYMONTHDAY=15"
    d2 = _deadline("định kỳ hằng quý, trước ngày 20")
    assert d2.recurring == "FREQ=QUARTERLY;BYMONTHDAY=20"


def test_working_days_deadline_is_relative() -> None:
    d = _deadline("trong 10 ngày làm việc kể từ ngày nhận được văn bản")
    assert d.iso is None and d.relative and "10 ngày làm việc" in d.relative


def test_cited_document_dates_are_not_deadlines() -> None:
    letter = extract(
        "Kính gửi: Các phòng.\n\n1. Triển khai Kế hoạch số 2943/KH-UBND ngày 20/09/2021 của UBND tỉnh.\n\nNơi nhận:\n- Như trên;\n"
    )
    assert letter.tasks and letter.tasks[0].deadline is None


def test_signing_time_is_not_a_deadline() -> None:
    letter = extract(
        "Kính gửi: Các phòng.\n\n1. Rà soát quy trình.\n\nNơi nhận:\n- Như trên;\n\nKý bởi: SỞ X\nThời gian ký: 27/03/2026 22:44:36\n"
    )
    assert letter.tasks[0].deadline is None
    assert letter.signed_at is not None and letter.signed_at.value == "2026-03-27T22:44:36"


def test_comparators() -> None:
    assert _targets("cắt giảm tối thiểu 30% thời gian") == [(30, "%", ">=")]
    assert _targets("tỷ lệ hồ sơ trễ hạn không quá 2%") == [(2, "%", "<=")]
    assert _targets("tăng trưởng vượt mục tiêu giao (10%)") == [(10, "%", ">")]
    assert _targets("bảo đảm 100% cán bộ được đào tạo") == [(100, "%", "=")]


def test_results_already_achieved_are_not_targets() -> None:
    assert _targets("Chỉ số sản xuất công nghiệp tăng 26,94% so với cùng kỳ") == []
    assert _targets("thu ngân sách ước đạt 47,5 nghìn tỷ đồng, bằng 117,6% dự toán") == []


def test_scoring_thresholds_are_not_targets() -> None:
    assert _targets("tỷ lệ từ 80% trở lên được 1 điểm") == []


def test_target_year_and_baseline() -> None:
    [t] = find_targets("giảm 20% chi phí so với năm 2024, hoàn thành năm 2026", 0, 60)
    assert t.baseline == "năm 2024"


def test_counted_targets_have_a_unit() -> None:
    assert _targets("công bố và tái cấu trúc quy trình đối với 59 TTHC") == [(59, "TTHC", "=")]


def test_responsible_and_coordinating_from_chu_tri_phoi_hop() -> None:
    s = "Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh đánh giá chất lượng."
    assert [u.text for u in find_responsible(s, 0, len(s))] == ["Sở Nội vụ"]
    assert [u.text for u in find_coordinating(s, 0, len(s))] == ["Văn phòng UBND tỉnh"]


def test_giao_names_several_units() -> None:
    s = "Giao Bộ Tài chính, Bộ Công Thương, Bộ Nông nghiệp và Môi trường theo chức năng chủ trì"
    assert [u.text for u in find_responsible(s, 0, len(s))] == [
        "Bộ Tài chính",
        "Bộ Công Thương",
        "Bộ Nông nghiệp và Môi trường",
    ]


def test_unit_names_with_commas_stay_whole() -> None:
    s = "Sở Văn hóa, Thể thao và Du lịch, Các Sở, ban, ngành"
    assert [u.text for u in split_units(s, 0, len(s))] == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Các Sở, ban, ngành",
    ]


def test_addressee_is_default_responsible_unit() -> None:
    letter = extract(
        "Kính gửi: Các phòng, đơn vị trực thuộc Sở.\n\n1. Rà soát thủ tục.\n\n2. Báo cáo kết quả.\n\nNơi nhận:\n- Như trên;\n"
    )
    assert [t.responsible[0].text for t in letter.tasks] == ["Các phòng, đơn vị trực thuộc Sở"] * 2
    assert all(t.responsible_is_default for t in letter.tasks)


def test_units_are_matched_to_the_org_tree() -> None:
    letter = extract(
        "Kính gửi: Các phòng.\n\n1. Văn phòng Sở chủ trì, phối hợp với Phòng Quản lý văn hóa rà soát TTHC.\n\nNơi nhận:\n- Như trên;\n",
        org_units=[
            OrgUnit("VP", "Văn phòng Sở", "VP", ("Văn phòng",)),
            OrgUnit("QLVH", "Phòng Quản lý văn hóa"),
        ],
    )
    t = letter.tasks[0]
    assert t.responsible[0].code == "VP" and t.coordinating[0].code == "QLVH"


def test_numbering_hierarchy_as_printed() -> None:
    text = "Kính gửi: Các sở.\n\nI. NHIỆM VỤ\n\n1. Về dữ liệu\n\n1.1. Rà soát dữ liệu dân cư.\n\n1.2. Số hóa hồ sơ.\n\n2. Sở Nội vụ\n\na) Kiểm tra công vụ.\n\nb) Báo cáo kết quả.\n\nNơi nhận:\n- Như trên;\n"
    letter = extract(text)
    assert [t.number for t in letter.tasks] == ["I.1.1", "I.1.2", "I.2.a", "I.2.b"]
    assert letter.tasks[2].responsible[0].text == "Sở Nội vụ"


def test_spans_point_into_the_normalised_text() -> None:
    letter = extract(
        "Kính gửi: Các phòng.\n\n1. Cắt giảm tối thiểu 30% thời gian, hoàn thành trước ngày 30/6/2026.\n\nNơi nhận:\n- Như trên;\n"
    )
    t = letter.tasks[0]
    s, e = t.deadline.span
    assert "30/6/2026" in letter.text[s:e]
    s, e = t.targets[0].span
    assert "30%" in letter.text[s:e]


def test_appendix_table_rows_become_tasks() -> None:
    text = (
        "Kính gửi: Các cục.\n\n1. Thực hiện nhiệm vụ tại Phụ lục.\n\nNơi nhận:\n- Như trên;\n\nPHỤ LỤC\n|\nSTT\n|\nTên nhiệm vụ\n|\n"
        "Cơ quan chủ trì\n|\nCơ quan phối hợp\n|\nThời hạn hoàn thành\n|\n|\n1\n|\nXây dựng bộ quy tắc ứng xử\n|\nCục Báo chí\n|\n"
        "Văn phòng Bộ\n|\nTháng 12/2025\n|\n|\n"
    )
    t = extract(text).tasks[-1]
    assert t.responsible[0].text == "Cục Báo chí" and t.coordinating[0].text == "Văn phòng Bộ"
    assert t.deadline is not None and t.deadline.iso == "2025-12-31"


@pytest.mark.parametrize(
    "name",
    [
        "Văn phòng UBND tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng Bộ Văn hóa, Thể thao và Du lịch",
        "Văn phòng Tỉnh ủy",
        "Văn phòng Sở Tài chính",
        "Thanh tra tỉnh",
        "Phòng Tư pháp huyện",
    ],
)
def test_bodies_of_other_levels_stay_outside_the_organisation(name: str) -> None:
    """A body of another level (UBND tỉnh and its Văn phòng, a Bộ, another sở) is never one of the
    department's own units, even when its name contains theirs."""
    org = [
        OrgUnit("VP", "Văn phòng Sở", "VP", ("Văn phòng",)),
        OrgUnit("TTr", "Thanh tra Sở", "", ("Thanh tra",)),
        OrgUnit("TP", "Phòng Tư pháp", ""),
    ]
    letter = extract(
        f"Kính gửi: Các phòng.\n\n1. {name} chủ trì rà soát thủ tục.\n\nNơi nhận:\n- Như trên;\n",
        org_units=org,
    )
    ref = letter.tasks[0].responsible[0]
    assert ref.text == name
    assert ref.code is None and ref.external is True


def test_own_units_still_match_with_the_department_named() -> None:
    org = [OrgUnit("VP", "Văn phòng Sở", "VP", ("Văn phòng",))]
    for name in ["Văn phòng Sở", "Văn phòng"]:
        letter = extract(
            f"Kính gửi: Các phòng.\n\n1. {name} chủ trì rà soát thủ tục.\n\nNơi nhận:\n- Như trên;\n",
            org_units=org,
        )
        ref = letter.tasks[0].responsible[0]
        assert ref.code == "VP" and ref.external is False, name
