"""Subject (trích yếu) of every document type, on short made-up headers (no real text is copied here)."""

from __future__ import annotations

import pytest

from cchc.domain.directives import extract
from cchc.domain.directives.normalize import normalize_text

_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN PHÚ\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố: {number}\n|\nAn Phú, ngày 3 tháng 2 năm 2026\n|\n"
)


def _subject(text: str) -> str | None:
    letter = extract(text)
    if letter.subject is None:
        return None
    s, e = letter.subject.span
    # the span holds the subject as printed (wrapped lines joined with single spaces)
    assert " ".join(letter.text[s:e].replace("|", " ").split()) == letter.subject.value
    return letter.subject.value


@pytest.mark.parametrize(
    ("number", "header", "subject"),
    [
        (
            "12/KH-UBND",
            "KẾ HOẠCH\nTriển khai Nghị quyết số 99/NQ-CP ngày 02/01/2026 của Chính phủ\n"
            "về đẩy mạnh số hóa hồ sơ\n\nThực hiện Nghị quyết số 99/NQ-CP, Ủy ban nhân dân tỉnh ban hành:\n",
            "Triển khai Nghị quyết số 99/NQ-CP ngày 02/01/2026 của Chính phủ về đẩy mạnh số hóa hồ sơ",
        ),
        (
            "13/QĐ-UBND",
            "QUYẾT ĐỊNH\nVề việc công bố danh mục thủ tục hành chính lĩnh vực thư viện\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n",
            "Về việc công bố danh mục thủ tục hành chính lĩnh vực thư viện",
        ),
        (
            "14/CT-UBND",
            "CHỈ THỊ\n\nVề tăng cường kỷ luật, kỷ cương hành chính\n\nThời gian qua, các sở đã nỗ lực.\n",
            "Về tăng cường kỷ luật, kỷ cương hành chính",
        ),
        (
            "15/TB-VP",
            "THÔNG BÁO\nKết luận của Chủ tịch tỉnh tại buổi làm việc với\nSở Nội vụ\n\n"
            "Ngày 10 tháng 1 năm 2026, Chủ tịch tỉnh đã làm việc với Sở Nội vụ.\n",
            "Kết luận của Chủ tịch tỉnh tại buổi làm việc với Sở Nội vụ",
        ),
        (
            "16/CĐ-UBND",
            "CÔNG ĐIỆN\nVề việc khắc phục hậu quả mưa lũ\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n- Các sở;\n",
            "Về việc khắc phục hậu quả mưa lũ",
        ),
        (
            "17/2026/TT-BTC",
            "THÔNG TƯ\nQuy định mức thu, chế độ thu, nộp phí thẩm định hồ sơ\nCăn cứ Luật Phí và lệ phí;\n",
            "Quy định mức thu, chế độ thu, nộp phí thẩm định hồ sơ",
        ),
    ],
)
def test_subject_follows_the_type_heading(number: str, header: str, subject: str) -> None:
    assert _subject(_HEAD.format(number=number) + header) == subject


def test_subject_in_capitals_wrapped_over_lines_stops_at_the_authority() -> None:
    header = (
        "QUYẾT ĐỊNH\nVỀ\nVIỆC PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA\n"
        "ỦY BAN NHÂN DÂN CẤP XÃ\nCHỦ TỊCH ỦY BAN NHÂN\nDÂN TỈNH AN PHÚ\nCăn cứ Luật Tổ chức chính quyền;\n"
    )
    assert _subject(_HEAD.format(number="18/QĐ-UBND") + header) == (
        "VỀ VIỆC PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA ỦY BAN NHÂN DÂN CẤP XÃ"
    )


def test_capitals_title_ends_at_prose_without_a_blank_line() -> None:
    header = "KẾ HOẠCH\nSỐ HÓA HỒ SƠ\nNĂM 2026\nThời gian qua, tỉnh đã số hóa nhiều hồ sơ.\n"
    assert _subject(_HEAD.format(number="19/KH-UBND") + header) == "SỐ HÓA HỒ SƠ NĂM 2026"


def test_cell_markers_and_dashes_around_the_title_are_left_out() -> None:
    header = (
        "| KẾ HOẠCH |\n|\n---------\n| Cải cách thủ tục hành chính |\n| năm 2026 |\n-------\n|\n"
        "1. Sở Nội vụ chủ trì rà soát.\n"
    )
    assert _subject(_HEAD.format(number="20/KH-UBND") + header) == "Cải cách thủ tục hành chính năm 2026"


def test_gap_is_bridged_only_by_a_continuation() -> None:
    bridged = "KẾ HOẠCH\nTriển khai Đề án 06 của\n\nChính phủ trên địa bàn tỉnh\n\nCăn cứ Đề án 06;\n"
    assert _subject(_HEAD.format(number="21/KH-UBND") + bridged) == (
        "Triển khai Đề án 06 của Chính phủ trên địa bàn tỉnh"
    )
    not_bridged = "KẾ HOẠCH\nTriển khai Đề án 06\n\nTỉnh đã đạt nhiều kết quả.\n"
    assert _subject(_HEAD.format(number="22/KH-UBND") + not_bridged) == "Triển khai Đề án 06"


def test_title_opening_with_thuc_hien_is_a_subject_but_a_body_sentence_is_not() -> None:
    title = "KẾ HOẠCH\nThực hiện Chỉ thị số 08/CT-TTg năm 2026\n\nCăn cứ Chỉ thị số 08/CT-TTg;\n"
    assert _subject(_HEAD.format(number="23/KH-UBND") + title) == "Thực hiện Chỉ thị số 08/CT-TTg năm 2026"
    body = "KẾ HOẠCH\nThực hiện Chỉ thị số 08/CT-TTg của Thủ tướng Chính phủ;\n\nI. MỤC ĐÍCH\n"
    assert _subject(_HEAD.format(number="24/KH-UBND") + body) is None


def test_no_subject_when_the_body_follows_the_heading() -> None:
    header = "QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Công bố.\n"
    assert _subject(_HEAD.format(number="25/QĐ-UBND") + header) is None


def test_no_subject_without_a_type_heading() -> None:
    crawled = (
        "Kính gửi: Các sở, ngành.\nThực hiện chỉ đạo của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu:\n"
        "1. Sở Nội vụ chủ trì rà soát thủ tục hành chính.\n"
    )
    assert _subject(crawled) is None
    heading_inside_body = "Kính gửi: Các sở.\n1. Sở Nội vụ xây dựng:\nKẾ HOẠCH\nSố hóa hồ sơ năm 2026\n"
    assert _subject(heading_inside_body) is None


def test_cong_van_keeps_its_v_v_subject() -> None:
    text = (
        "Số: 30/UBND-VP\nV/v rà soát thủ tục hành chính\nnăm 2026\n\nAn Phú, ngày 3 tháng 2 năm 2026\n\n"
        "Kính gửi: Các sở.\n"
    )
    assert _subject(normalize_text(text)) == "V/v rà soát thủ tục hành chính năm 2026"
