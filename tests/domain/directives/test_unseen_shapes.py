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


def test_a_subject_unit_wins_over_a_later_request() -> None:
    s = "Sở Y tế tổng hợp, đề nghị Bộ Y tế hướng dẫn."
    assert [u.text for u in find_responsible(s, 0, len(s))] == ["Sở Y tế"]
