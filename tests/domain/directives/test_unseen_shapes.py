"""Shapes common in real directives that the gold set lacks, each on a short made-up text (no real text is
copied here). Fixed after reading the extractor's output on the texts without gold."""

from __future__ import annotations

import pytest

from cchc.domain.directives import extract
from cchc.domain.directives.targets import find_targets
from cchc.domain.directives.units import find_responsible


def _tasks(body: str) -> dict[str, object]:
    return {t.number: t for t in extract(body).tasks}


def _units(task: object) -> list[str]:
    return [u.text for u in task.responsible]  # type: ignore[attr-defined]


# --- results, volumes and estimates are not targets -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo đó, 05 sở đã sửa đổi 12 văn bản để đơn giản hóa 40 TTHC.",
        "Còn 1.200/3.400 (chiếm 35,3%) hồ sơ cần số hóa.",
        "Tổng số TTHC sẽ cắt giảm là 1.250 TTHC trên địa bàn.",
        "Điều chuyển số vốn dư (khoảng 800 tỷ đồng) sang dự án khác.",
        "Cắt giảm 120/300 điều kiện kinh doanh (đạt 40%).",
        "Đến nay, 95% hồ sơ được tiếp nhận trực tuyến.",
    ],
)
def test_results_volumes_and_estimates_are_not_targets(sentence: str) -> None:
    assert find_targets(sentence, 0, len(sentence)) == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Ít nhất 85% người hưởng trợ cấp hoặc người đã có tài khoản cung cấp số tài khoản.", 85),
        ("Sửa đổi các văn bản có liên quan (04 Nghị định, 03 Thông tư) đúng tiến độ.", 4),
        ("Hoàn thành đơn giản hóa 300 TTHC đã được phê duyệt trong năm 2026.", 300),
    ],
)
def test_targets_with_a_relative_clause_or_a_listing_bracket_are_kept(sentence: str, value: int) -> None:
    assert value in [t.value for t in find_targets(sentence, 0, len(sentence))]


# --- công điện: addressees after "… điện:" ------------------------------------------------------------------


def test_cong_dien_addressees_are_not_tasks_and_the_context_paragraph_gives_no_target() -> None:
    body = (
        "CÔNG ĐIỆN\nVỀ VIỆC ĐẨY MẠNH CẮT GIẢM THỦ TỤC\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n|\n"
        "- Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ;\n- Chủ tịch Ủy ban nhân dân các tỉnh;\n|\n"
        "Thời gian qua, các bộ đã cắt giảm 120 TTHC (đạt 60%). Để hoàn thành mục tiêu, Thủ tướng yêu cầu:\n"
        "1. Bộ trưởng các Bộ hoàn thành cắt giảm 200 TTHC trong năm 2026.\n"
        "2. Chủ tịch Ủy ban nhân dân các tỉnh chỉ đạo số hóa 100% hồ sơ trước ngày 30/6/2026./.\n"
    )
    letter = extract(body)
    assert [a.value for a in letter.addressees] == [
        "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ",
        "Chủ tịch Ủy ban nhân dân các tỉnh",
    ]
    tasks = {t.number: t for t in letter.tasks}
    assert set(tasks) == {"1", "2"}
    assert [g.value for g in tasks["1"].targets] == [200]


# --- units: lead-in sentences and bullets --------------------------------------------------------------------


def test_section_lead_in_names_the_unit_of_its_items_and_is_not_a_task() -> None:
    body = (
        "THÔNG BÁO\nKết luận của Phó Thủ tướng\n"
        "I. ĐÁNH GIÁ CHUNG\nTỉnh đã đạt nhiều kết quả.\n"
        "II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI\n"
        "Đề nghị Ủy ban nhân dân tỉnh Bình An tập trung chỉ đạo, trong đó lưu ý các nội dung sau:\n"
        "1. Đổi mới mô hình tăng trưởng dựa trên khoa học công nghệ.\n"
        "2. Đẩy mạnh cải cách thủ tục hành chính.\n"
        "III. VỀ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về vốn đầu tư: giao Bộ Tài chính xem xét, báo cáo trước ngày 15/12/2026./.\n"
    )
    tasks = _tasks(body)
    assert "II" not in tasks
    assert _units(tasks["II.1"]) == ["Ủy ban nhân dân tỉnh Bình An"]
    assert _units(tasks["II.2"]) == ["Ủy ban nhân dân tỉnh Bình An"]
    assert _units(tasks["III.1"]) == ["Bộ Tài chính"]


def test_bullet_without_a_unit_takes_the_items_unit_not_the_previous_siblings() -> None:
    body = (
        "KẾ HOẠCH\n"
        "1. Giao Sở Nội vụ chủ trì thực hiện các nội dung sau:\n"
        "- Sở Tư pháp thẩm định 100% dự thảo quy chế trước khi ban hành;\n"
        "- Phấn đấu 90% hồ sơ được giải quyết trực tuyến.\n"
        "2. Nâng cao chất lượng phục vụ.\n"
    )
    tasks = _tasks(body)
    assert _units(tasks["1.1"]) == ["Sở Tư pháp"]
    assert _units(tasks["1.2"]) == ["Sở Nội vụ"]


def test_bullet_without_a_unit_continues_the_previous_subject_when_the_item_names_none() -> None:
    body = (
        "CÔNG VĂN\nKính gửi: Các phòng, đơn vị thuộc Sở.\n"
        "1. Nâng cao hiệu quả cải cách hành chính.\n"
        "- Các phòng chuyên môn rà soát, cắt giảm 30% thời gian giải quyết;\n"
        "- Tham mưu phương án cắt giảm 50% chi phí tuân thủ.\n"
        "Nơi nhận:\n- Như trên.\n"
    )
    tasks = _tasks(body)
    assert _units(tasks["1.2"]) == ["Các phòng chuyên môn"]


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Từ ngày 01/12/2026, Trung tâm Phục vụ hành chính công tỉnh tổ chức tiếp nhận hồ sơ.",
         "Trung tâm Phục vụ hành chính công tỉnh"),
        ("Về vốn đầu tư: đề nghị Tập đoàn Điện lực Việt Nam hoàn thành đóng điện.", "Tập đoàn Điện lực Việt Nam"),
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương tập trung chỉ đạo.",
         "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
    ],
)  # fmt: skip
def test_unit_after_an_opening_adverbial_or_a_request(sentence: str, unit: str) -> None:
    assert [u.text for u in find_responsible(sentence, 0, len(sentence))] == [unit]


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("Trách nhiệm của Cục Thuế Cục Thuế hướng dẫn thu phí.", ["Cục Thuế"]),
        ("Bộ trưởng Bộ Tư pháp hoàn thành rà soát.", ["Bộ trưởng Bộ Tư pháp"]),
        # the heads of one level listed with commas are one addressee (as the gold files annotate them)
        ("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ tập trung chỉ đạo.", ["Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ"]),
    ],
)  # fmt: skip
def test_same_head_word_again_starts_a_new_name_but_not_after_a_title(
    sentence: str, units: list[str]
) -> None:
    assert [u.text for u in find_responsible(sentence, 0, len(sentence))] == units


def test_a_subject_unit_wins_over_a_later_request() -> None:
    s = "Sở Y tế tổng hợp, đề nghị Bộ Y tế hướng dẫn."
    assert [u.text for u in find_responsible(s, 0, len(s))] == ["Sở Y tế"]


# --- normative documents: what a task is -----------------------------------------------------------------

_QD = (
    "ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\nSố: 12/QĐ-UBND\nBình An, ngày 02 tháng 3 năm 2026\nQUYẾT ĐỊNH\n"
    "Về việc công bố danh mục thủ tục hành chính năm 2026\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nQUYẾT ĐỊNH:\n"
    "Điều 1. Công bố kèm theo Quyết định này danh mục 03 thủ tục hành chính mới ban hành năm 2026.\n"
    "Điều 2. Giao Sở Tư pháp chủ trì xây dựng quy trình điện tử, hoàn thành trước ngày 30/4/2026.\n"
    "Điều 3. Cập nhật danh mục lên Cổng Dịch vụ công của tỉnh.\n"
    "Điều 4. Quyết định này có hiệu lực kể từ ngày ký; bãi bỏ 01 thủ tục hành chính tại Quyết định số "
    "5/QĐ-UBND.\n"
    "Điều 5. Quyết định này có hiệu lực kể từ ngày ký;\nChánh Văn phòng UBND tỉnh; Giám đốc Sở Tư pháp;\n"
    "Giám đốc: Trung tâm Phục vụ hành chính công tỉnh; Trung tâm Y tế tỉnh chịu trách nhiệm thi hành "
    "Quyết định này./.\n"
)


def test_quyet_dinh_act_and_validity_articles_are_not_tasks_and_their_counts_not_targets() -> None:
    tasks = _tasks(_QD.replace("Điều 4. Quyết định này có hiệu lực kể từ ngày ký; bãi bỏ", "Điều 4. Bãi bỏ"))
    assert set(tasks) == {"2", "3", "4", "5"} - {"4"}
    assert all(not t.targets for t in tasks.values())  # type: ignore[attr-defined]
    assert tasks["2"].deadline.iso == "2026-04-30"  # type: ignore[attr-defined]


def test_quyet_dinh_execution_article_is_a_task_and_the_default_unit() -> None:
    tasks = _tasks(_QD)
    execution = tasks["5"]
    assert execution.summary.startswith("Chánh Văn phòng UBND tỉnh")  # type: ignore[attr-defined]
    assert _units(execution) == [
        "Chánh Văn phòng UBND tỉnh",
        "Giám đốc Sở Tư pháp",
        "Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
        "Giám đốc Trung tâm Y tế tỉnh",
    ]
    assert _units(tasks["3"]) == _units(execution)  # an article without a unit
    assert "4" not in tasks


def test_thong_tu_rules_are_not_tasks_only_implementing_articles() -> None:
    body = (
        "BỘ TÀI CHÍNH\nSố: 9/2026/TT-BTC\nHà Nội, ngày 05 tháng 3 năm 2026\nTHÔNG TƯ\nQuy định mức thu phí\n"
        "Điều 1. Phạm vi điều chỉnh\nThông tư này quy định mức thu phí thẩm định.\n"
        "Điều 2. Mức thu phí\nMức thu là 2.000.000 đồng/hồ sơ; nộp 100% số tiền vào ngân sách.\n"
        "Điều 3. Trách nhiệm của Cục Thuế\nCục Thuế hướng dẫn thu phí trước ngày 30/6/2026.\n"
        "Điều 4. Hiệu lực thi hành\n1. Thông tư này có hiệu lực từ ngày 01/5/2026.\n"
        "2. Trường hợp có vướng mắc, tổ chức, cá nhân phản ánh về Bộ Tài chính./.\n"
    )
    letter = extract(body)
    assert [t.number for t in letter.tasks] == ["3"]
    assert _units(letter.tasks[0]) == ["Cục Thuế"]
    assert not extract(body.replace("Điều 3. Trách nhiệm của Cục Thuế\nCục Thuế hướng dẫn thu phí trước "
                                    "ngày 30/6/2026.\n", "")).tasks  # fmt: skip


def test_article_number_is_not_a_count() -> None:
    s = "Thực hiện trách nhiệm theo Điều 2 Quyết định số 41/QĐ-UBND."
    assert find_targets(s, 0, len(s)) == []


# --- kế hoạch: implementation section per unit, appendix table, field deadlines, recurring and relative ------

_KH = """ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 45/KH-UBND
Bình An, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng phục vụ người dân, đạt 95% mức độ hài lòng.
II. NHIỆM VỤ CỤ THỂ
1. Rà soát, đơn giản hóa 50 thủ tục hành chính. Thời gian hoàn thành: Quý II/2026.
2. Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ và Văn phòng UBND tỉnh rà soát văn bản; báo cáo \
trong thời hạn 10 ngày làm việc kể từ ngày nhận được văn bản này.
3. Định kỳ 6 tháng, hằng năm, các sở báo cáo kết quả về Sở Nội vụ trước ngày 15/6 và 15/12.
III. KINH PHÍ THỰC HIỆN
Kinh phí thực hiện từ ngân sách nhà nước.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Chủ trì theo dõi, đôn đốc các cơ quan triển khai Kế hoạch;
- Tổng hợp, báo cáo UBND tỉnh trước ngày 20/12/2026.
2. Sở Tài chính:
- Bố trí kinh phí thực hiện Kế hoạch.
Nơi nhận:
- Như trên;
- Lưu: VT.
PHỤ LỤC
DANH MỤC NHIỆM VỤ
|
STT
|
Nhiệm vụ
|
Cơ quan chủ trì
|
Cơ quan phối hợp
|
Thời hạn hoàn thành
|
Sản phẩm
|
|
1
|
Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính
|
Sở Khoa học và Công nghệ
|
Các sở, ban, ngành; UBND các xã
|
Quý III/2026
|
90% hồ sơ được số hóa
|
"""


def test_ke_hoach_with_implementation_section_table_and_deadline_forms() -> None:
    tasks = _tasks(_KH)
    assert set(tasks) == {
        "II.1",
        "II.2",
        "II.3",
        "IV.1.1",
        "IV.1.2",
        "IV.2",
        "PL.1",
    }  # no I (purpose) and no III (funding); the bullets under "1. Sở Nội vụ" are its duties, one task each
    assert tasks["II.1"].deadline.iso == "2026-06-30"  # type: ignore[attr-defined]
    assert tasks["II.1"].responsible == []  # type: ignore[attr-defined]  # not the "giao" of item 2
    t2 = tasks["II.2"]
    assert _units(t2) == ["Sở Tư pháp"]
    assert [u.text for u in t2.coordinating] == ["Sở Nội vụ", "Văn phòng UBND tỉnh"]  # type: ignore[attr-defined]
    assert t2.deadline.iso is None and "10 ngày làm việc" in t2.deadline.relative  # type: ignore[attr-defined]
    assert tasks["II.3"].deadline.recurring == "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15"  # type: ignore[attr-defined]
    assert _units(tasks["IV.1.1"]) == ["Sở Nội vụ"] and tasks["IV.1.1"].deadline is None  # type: ignore[attr-defined]
    assert _units(tasks["IV.1.2"]) == ["Sở Nội vụ"] and tasks["IV.1.2"].deadline.iso == "2026-12-20"  # type: ignore[attr-defined]
    assert _units(tasks["IV.2"]) == ["Sở Tài chính"]
    row = tasks["PL.1"]
    assert _units(row) == ["Sở Khoa học và Công nghệ"]
    assert [u.text for u in row.coordinating] == ["Các sở, ban, ngành", "UBND các xã"]  # type: ignore[attr-defined]
    assert row.deadline.iso == "2026-09-30" and [g.value for g in row.targets] == [90]  # type: ignore[attr-defined]


def test_a_dated_deadline_is_not_read_as_a_yearly_day() -> None:
    from cchc.domain.directives.deadlines import find_deadlines, pick_deadline

    s = "đảm bảo hoàn thành nhiệm vụ trước ngày 15/12/2025."
    d = pick_deadline(find_deadlines(s, 0, len(s)))
    assert d is not None and d.iso == "2025-12-15" and d.recurring is None
