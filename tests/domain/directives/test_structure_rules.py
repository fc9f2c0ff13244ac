"""Structural rules that generalise across document types, each on a short made-up text of the same shape
(none copied from ../shared)."""

from __future__ import annotations

from cchc.domain.directives import extract

HEAD = """ỦY BAN NHÂN DÂN
TỈNH AN BÌNH
Số: 12/KH-UBND
An Bình, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Nâng cao chất lượng dịch vụ công

"""


def test_field_lines_after_an_item_give_its_units_and_deadline() -> None:
    text = (
        HEAD
        + """I. MỤC TIÊU

1. 100% hồ sơ được số hóa.

II. NHIỆM VỤ, GIẢI PHÁP

1. Rà soát quy trình nội bộ

- Thường xuyên rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành
chính.

Đơn vị chủ trì thực hiện: Các
Sở, ngành, UBND cấp xã.

Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp.

Thời gian thực hiện: Thường
xuyên.

2. Tập huấn nghiệp vụ

- Cơ quan thực hiện: Sở Tư pháp.

- Cơ quan phối hợp: các cơ quan, đơn vị liên quan.

- Thời gian: trước ngày 30/6/2026.
"""
    )
    tasks = extract(text).to_dict()["tasks"]
    assert [t["number"] for t in tasks] == ["II.1", "II.2"]  # the objective is not a task
    one, two = tasks
    assert one["responsible_units"] == ["Các Sở, ngành", "UBND cấp xã"]
    assert one["coordinating_units"] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert one["recurring"] == "thường xuyên"
    assert two["responsible_units"] == ["Sở Tư pháp"] and two["deadline_iso"] == "2026-06-30"


def test_objectives_are_not_tasks_wherever_they_sit() -> None:
    text = (
        HEAD
        + """I. NỘI DUNG

1. Mục tiêu 1. Lĩnh vực hành chính

a) Chỉ tiêu 1: Tỷ lệ hồ sơ trực tuyến đạt 80% vào năm 2026.

2. Sở Nội vụ hướng dẫn các xã thực hiện chỉ tiêu trên.
"""
    )
    tasks = extract(text).to_dict()["tasks"]
    assert [t["number"] for t in tasks] == ["I.2"]
    assert tasks[0]["targets"] == []


def test_numbered_lines_before_part_one_are_preamble() -> None:
    text = (
        HEAD
        + """Căn cứ Quyết định số 101/QĐ-TTg về Chương trình giai đoạn 2024
- 2030”;

I. NHIỆM VỤ

1. Sở Nội vụ tổng hợp kết quả, báo cáo trước ngày 15/12/2026.
"""
    )
    tasks = extract(text).to_dict()["tasks"]
    assert [t["number"] for t in tasks] == ["I.1"]


def test_plan_attached_to_a_decision_gives_the_tasks() -> None:
    text = """THỦ TƯỚNG CHÍNH PHỦ
Số: 99/QĐ-TTg
Hà Nội, ngày 05 tháng 3 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch triển khai Luật Lưu trữ

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Luật Lưu trữ.
Điều 2. Quyết định này có hiệu lực thi hành từ ngày ký ban hành.
Điều 3. Bộ trưởng, Chủ tịch Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

THỦ TƯỚNG
Nguyễn Văn A

KẾ HOẠCH
TRIỂN KHAI LUẬT LƯU TRỮ
(Kèm theo Quyết định số 99/QĐ-TTg ngày 05 tháng 3 năm 2026 của Thủ tướng Chính phủ)

I. NỘI DUNG

1. Tổ chức tập huấn Luật

- Cơ quan chủ trì: Bộ Nội vụ.
- Thời gian: trước ngày 31/5/2026.

2. Rà soát văn bản quy phạm pháp luật

- Cơ quan chủ trì: các bộ, cơ quan ngang bộ.
- Thời gian: năm 2026.
"""
    tasks = extract(text).to_dict()["tasks"]
    assert [t["number"] for t in tasks] == ["I.1", "I.2"]
    assert tasks[0]["responsible_units"] == ["Bộ Nội vụ"] and tasks[0]["deadline_iso"] == "2026-05-31"
    assert tasks[1]["deadline_iso"] == "2026-12-31"


def test_addressee_list_ends_at_the_item_that_ends_with_a_full_stop() -> None:
    text = """THỦ TƯỚNG CHÍNH PHỦ
Số: 300/CĐ-TTg
Hà Nội, ngày 05 tháng 3 năm 2026
CÔNG ĐIỆN
Về việc bảo đảm cung ứng điện
THỦ TƯỚNG CHÍNH PHỦ điện:
- Bộ trưởng các Bộ: Công Thương, Tài chính;
- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố.
Để bảo đảm cung ứng điện mùa khô, Thủ tướng Chính phủ yêu cầu:
1. Bộ Công Thương chỉ đạo vận hành hệ thống điện an toàn.
2. Chủ tịch Ủy ban nhân dân các tỉnh báo cáo kết quả trước ngày 30/4/2026./.
Nơi nhận:
- Như trên;
"""
    d = extract(text).to_dict()
    assert d["addressees"] == [
        "Bộ trưởng các Bộ: Công Thương, Tài chính",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố",
    ]
    assert [t["number"] for t in d["tasks"]] == ["1", "2"]
    assert d["tasks"][1]["deadline_iso"] == "2026-04-30"


def test_sector_list_after_cac_bo_is_expanded_and_names_with_commas_stay_whole() -> None:
    from cchc.domain.directives.units import split_units

    s = (
        "Các Bộ, cơ quan: Tài chính, Xây dựng, Văn hóa, Thể thao và Du lịch, Giáo dục và Đào tạo, "
        "Tập đoàn Điện lực Việt Nam theo chức năng rà soát."
    )
    assert [u.text for u in split_units(s, 0, len(s))] == [
        "Bộ Tài chính",
        "Bộ Xây dựng",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Giáo dục và Đào tạo",
        "Tập đoàn Điện lực Việt Nam",
    ]
    s2 = "- Các Sở: XD, TC, KH&CN, NN&MT;"
    assert [u.text for u in split_units(s2, 2, len(s2))] == [
        "Sở Xây dựng",
        "Sở Tài chính",
        "Sở Khoa học và Công nghệ",
        "Sở Nông nghiệp và Môi trường",
    ]


def test_giao_unit_heading_gives_its_bullets_the_unit() -> None:
    text = """Kính gửi: Các cơ quan, đơn vị.

1. Giao Sở Nội vụ
- Tiếp tục hướng dẫn các đơn vị cập nhật cơ sở dữ liệu cán bộ.
- Tham mưu đánh giá trách nhiệm người đứng đầu đơn vị chậm cập nhật.

Nơi nhận:
- Như trên;
"""
    tasks = extract(text).to_dict()["tasks"]
    assert len(tasks) == 2 and all(t["responsible_units"] == ["Sở Nội vụ"] for t in tasks)


def test_deadline_forms_in_fields_and_text() -> None:
    from cchc.domain.directives.deadlines import find_deadlines, pick_deadline

    def one(s: str, field: bool = False) -> tuple[str | None, str | None]:
        d = pick_deadline(find_deadlines(s, 0, len(s), field=field))
        return (d.iso, d.recurring) if d else (None, None)

    assert one("năm 2026 - 2027", field=True) == ("2027-12-31", None)
    assert one("Từ 01/7/2025", field=True) == (None, None)  # a start, not an end
    assert one("Theo tiến độ của Luật An ninh mạng 2025", field=True) == (None, None)
    assert one("Định kỳ báo cáo kết quả về Sở Khoa học và Công nghệ.") == (None, "định kỳ")
    assert one("bố trí kinh phí trong dự toán hằng năm") == (None, "FREQ=YEARLY")
    assert one("thường xuyên kiểm tra, xử lý vi phạm") == (None, "thường xuyên")


def test_request_sentence_of_a_letter_without_items_is_its_task() -> None:
    text = """BỘ TÀI CHÍNH
Số: 500/BTC-NSNN
V/v báo cáo tình hình giải ngân
Hà Nội, ngày 02 tháng 3 năm 2026
Kính gửi:
- Các bộ, cơ quan ngang bộ;
- Ủy ban nhân dân các tỉnh, thành phố.
Thực hiện chỉ đạo của Chính phủ, Bộ Tài chính đã có Văn bản số 100/BTC-NSNN đề nghị các bộ báo cáo số liệu.
Để kịp tổng hợp, đề nghị các bộ, cơ quan và địa phương khẩn trương rà soát số liệu giải ngân và gửi về Bộ Tài
chính trước ngày 15/3/2026 để tổng hợp, báo cáo Chính phủ.
Đề nghị các cơ quan quan tâm thực hiện./.
Nơi nhận:
- Như trên;
"""
    tasks = extract(text).to_dict()["tasks"]
    assert len(tasks) == 1
    t = tasks[0]
    assert t["deadline_iso"] == "2026-03-15" and "rà soát số liệu giải ngân" in t["summary"]
    assert t["responsible_units"] == ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố"]


def test_quota_breakdown_by_unit_gives_each_unit_its_targets() -> None:
    text = (
        HEAD
        + """I. NỘI DUNG

1. Phát triển hạ tầng giai đoạn 2026 - 2030

+ Lắp đặt mới trạm sạc: 40 trạm (Trong đó: EVN: 25 trạm, PV Power: 15 trạm);

+ Nâng cấp trạm sạc: 10 trạm (Trong đó: EVN: 10 trạm).

II. TỔ CHỨC THỰC HIỆN

1. Sở Công Thương theo dõi, đôn đốc thực hiện Kế hoạch.
"""
    )
    tasks = {t["responsible_units"][0]: t for t in extract(text).to_dict()["tasks"]}
    assert [(g["value"], g["unit"]) for g in tasks["EVN"]["targets"]] == [(25, "trạm"), (10, "trạm")]
    assert [(g["value"], g["unit"]) for g in tasks["PV Power"]["targets"]] == [(15, "trạm")]
    assert tasks["EVN"]["deadline_iso"] == "2030-12-31"
    assert "Sở Công Thương" in tasks


def test_request_heading_with_a_lower_case_unit_heads_its_points() -> None:
    text = (
        HEAD
        + """I. TỔ CHỨC THỰC HIỆN

1. Đề nghị các tổ chức cung
cấp dịch vụ chi trả

a) Tích cực tham gia phong trào chi trả không dùng tiền mặt.

b) Bố trí nguồn lực chi trả trực tiếp cho đối tượng đặc thù.

2. Ủy ban nhân dân xã, phường huy động nguồn lực, tổ chức tuyên truyền.
"""
    )
    tasks = {t["number"]: t for t in extract(text).to_dict()["tasks"]}
    assert tasks["I.1.a"]["responsible_units"] == ["các tổ chức cung cấp dịch vụ chi trả"]
    assert tasks["I.1.b"]["responsible_units"] == ["các tổ chức cung cấp dịch vụ chi trả"]
    assert tasks["I.2"]["responsible_units"] == ["Ủy ban nhân dân xã, phường"]  # the verb ends the name


def test_place_names_keep_their_capitals_when_a_heading_is_sentence_cased() -> None:
    from cchc.domain.directives.metadata import sentence_case

    assert sentence_case("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK") == "UBND tỉnh Đắk Lắk"
    assert sentence_case("SỞ NỘI VỤ THÀNH PHỐ HÀ NỘI") == "Sở Nội vụ Thành phố Hà Nội"
    assert sentence_case("UBND XÃ TÂN PHÚ") == "UBND xã Tân Phú"
    assert sentence_case("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU VỀ VIỆC") == "UBND tỉnh Lai Châu về việc"


def test_unit_lists_joined_by_va_and_lower_case_groups() -> None:
    from cchc.domain.directives.units import find_responsible, split_units

    s = "Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với các sở."
    assert [u.text for u in split_units(s, 0, len(s))] == ["Sở Giáo dục và Đào tạo", "Sở Y tế"]
    s = "Đề nghị Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng, Ủy ban Kiểm tra Tỉnh ủy tăng cường bảo vệ."
    assert [u.text for u in find_responsible(s, 0, len(s))] == [
        "Văn phòng Tỉnh ủy",
        "các Ban Xây dựng Đảng",
        "Ủy ban Kiểm tra Tỉnh ủy",
    ]
    s = "Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương bố trí kinh phí."
    assert [u.text for u in find_responsible(s, 0, len(s))] == ["Bộ Tài chính"]


def test_field_value_printed_on_the_lines_below_its_label() -> None:
    text = (
        HEAD
        + """I. NHIỆM VỤ

1. Tuyên truyền về phòng chống bạo lực gia đình

a) Hoạt động 1

- Nội dung: Tuyên truyền trên các phương tiện truyền thông đại chúng.

- Cơ quan thực hiện:

+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân xã.
"""
    )
    t = extract(text).to_dict()["tasks"][0]
    assert t["responsible_units"] == ["Sở Văn hóa và Thể thao"]
    assert "Ủy ban nhân dân xã" in t["coordinating_units"]


def test_group_lists_and_hyphenated_names() -> None:
    from cchc.domain.directives.units import split_units

    s = "các Tập đoàn: Công nghiệp - Năng lượng Quốc gia Việt Nam, Viễn thông Quân đội và Bưu chính Viễn thông Việt Nam theo chức năng"
    assert [u.text for u in split_units(s, 0, len(s))] == [
        "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam",
        "Tập đoàn Viễn thông Quân đội",
        "Tập đoàn Bưu chính Viễn thông Việt Nam",
    ]
    s = "Phòng Kế hoạch - Tài chính chủ trì, Trung tâm Văn hóa - Điện ảnh tỉnh phối hợp."
    assert [u.text for u in split_units(s, 0, len(s))] == ["Phòng Kế hoạch - Tài chính"]
    s = "Sở Nội vụ - chủ trì"
    assert [u.text for u in split_units(s, 0, len(s))] == ["Sở Nội vụ"]


def test_long_assignment_heading_gives_its_units_to_each_bullet() -> None:
    text = """Kính gửi: Các cơ quan, đơn vị thuộc Ủy ban nhân dân tỉnh.

1. Giao người đứng đầu các
cơ quan chuyên môn, cơ quan hành chính khác, các đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân tỉnh
- Tiếp tục cập nhật cơ sở dữ liệu cán bộ, công chức trước ngày 06 tháng 12 năm 2026.
- Quán triệt cán bộ, công chức tự rà soát, kê khai dữ liệu lý lịch cá nhân.
- Thường xuyên kiểm tra, đôn đốc việc cập nhật dữ liệu của đơn vị.

Nơi nhận:
- Như trên;
"""
    tasks = extract(text).to_dict()["tasks"]
    assert len(tasks) == 3  # the bullets, not the heading
    for t in tasks:
        assert t["responsible_units"][0].startswith("người đứng đầu các cơ quan chuyên môn")
        assert t["responsible_is_default"] is False
    assert tasks[0]["deadline_iso"] == "2026-12-06"


def test_direction_closing_an_assessment_is_a_task_and_a_period_is_not_a_deadline() -> None:
    text = """VĂN PHÒNG CHÍNH PHỦ
Số: 700/TB-VPCP
Hà Nội, ngày 20 tháng 11 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH AN BÌNH

I. ĐÁNH GIÁ CHUNG
Tỉnh đã đạt 95% kế hoạch thu ngân sách và hoàn thành xóa nhà tạm.
Trong thời gian tới, Tỉnh tổ chức thực hiện nghiêm các chỉ tiêu được giao, xây dựng kịch bản tăng
trưởng cho những tháng cuối năm 2025 và ưu tiên đầu tư giáo dục, y tế.
II. KIẾN NGHỊ CỦA TỈNH
1. Về vốn đầu tư: giao Bộ Tài chính chủ trì xem xét, báo cáo trước ngày 15/12/2025.
"""
    tasks = {t["number"]: t for t in extract(text).to_dict()["tasks"]}
    direction = tasks["I.TT"]
    assert direction["summary"].startswith("Trong thời gian tới, Tỉnh tổ chức thực hiện")
    assert direction["deadline_iso"] is None  # "những tháng cuối năm 2025" is a period, not a due date
    assert "95" not in str(direction["targets"])  # the achieved result before it is not read
    assert tasks["II.1"]["responsible_units"] == ["Bộ Tài chính"]


def test_funding_and_reporting_sections() -> None:
    text = (
        HEAD
        + """I. NHIỆM VỤ

1. Sở Nội vụ hướng dẫn các xã triển khai Kế hoạch.

II. KINH PHÍ THỰC HIỆN

1. Các sở, ban, ngành xây dựng dự toán kinh phí hằng năm để thực hiện Kế hoạch.

2. Nguồn tài trợ, viện trợ; nguồn hợp pháp khác (nếu có).

III. CHẾ
ĐỘ BÁO CÁO

Các sở, ban, ngành gửi báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 16 tháng 12 năm 2026 để tổng hợp./.

Nơi nhận:
- Như trên;
"""
    )
    tasks = {t["number"]: t for t in extract(text).to_dict()["tasks"]}
    assert set(tasks) == {"I.1", "II.1", "III"}  # the source of funds assigns nothing
    assert tasks["III"]["responsible_units"] == ["Các sở, ban, ngành"]
    assert tasks["III"]["deadline_iso"] == "2026-12-16"
    assert tasks["III"]["summary"].startswith("Các sở, ban, ngành gửi báo cáo")


def test_request_with_a_colon_and_old_spelling_of_quarter() -> None:
    from cchc.domain.directives.deadlines import find_deadlines, pick_deadline

    text = (
        HEAD
        + """I. TỔ CHỨC THỰC HIỆN

1. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh

a) Tuyên truyền, vận động hội viên tham gia chuyển đổi số.

b) Tiếp nhận các kiến nghị, phản ánh của doanh nghiệp hội viên.
"""
    )
    tasks = extract(text).to_dict()["tasks"]
    assert [t["number"] for t in tasks] == ["I.1.a", "I.1.b"]
    assert tasks[0]["responsible_units"] == [
        "Hiệp hội Doanh nghiệp tỉnh",
        "Hội Nông dân tỉnh",
        "Liên minh Hợp tác xã tỉnh",
    ]
    d = pick_deadline(find_deadlines("Quí IV-2025", 0, 11, field=True))
    assert d is not None and d.iso == "2025-12-31"


def test_numbers_in_the_topic_of_an_answered_request_are_not_targets() -> None:
    text = """Kính gửi: Ủy ban nhân dân tỉnh An Bình.

1. Về bố trí nguồn lực cho giáo dục (đảm bảo tỷ lệ kiên cố hóa trường lớp đạt 100%): giao Bộ Giáo dục và Đào
tạo chủ trì, phối hợp với Bộ Tài chính xem xét, xử lý theo quy định.
2. Sở Xây dựng bảo đảm tối thiểu 80% công trình được bàn giao đúng hạn.

Nơi nhận:
- Như trên;
"""
    tasks = extract(text).to_dict()["tasks"]
    assert tasks[0]["targets"] == [] and tasks[0]["responsible_units"] == ["Bộ Giáo dục và Đào tạo"]
    assert [(g["comparator"], g["value"]) for g in tasks[1]["targets"]] == [(">=", 80)]
