"""Sample documents for tests and the benchmark: the seed letter 1036/SVHTTDL-VP of Lai Châu."""

from __future__ import annotations

import datetime as dt

from cchc.domain.documents.model import Authority, DocType, Document, Item, Recipients, Signatory

SUBJECT = "đẩy mạnh, nâng cao chất lượng chỉ đạo, điều hành trong thực hiện công tác cải cách hành chính"
INTRO = (
    "Thực hiện Công văn số 1928/UBND-TH ngày 20/3/2026 của UBND tỉnh về việc triển khai thực hiện "
    "Chỉ thị số 08/CT-TTg ngày 17/3/2026 của Thủ tướng Chính phủ; Giám đốc Sở Văn hoá, Thể thao và Du lịch "
    "yêu cầu các phòng, đơn vị thuộc Sở triển khai thực hiện nghiêm một số nội dung, nhiệm vụ sau:"
)
ITEMS = [
    Item(
        "Tiếp tục quán triệt, tổ chức thực hiện nghiêm, toàn diện, đồng bộ, có hiệu quả Chương trình tổng thể "
        "CCHC nhà nước giai đoạn 2021-2030 theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.",
        "1.",
    ),
    Item(
        "Tiếp tục phát huy vai trò và nâng cao trách nhiệm người đứng đầu trong lãnh đạo, chỉ đạo triển khai "
        "nhiệm vụ CCHC.",
        "2.",
        bullets=(
            "Các phòng chuyên môn phối hợp với Văn phòng tập trung rà soát cắt giảm, đơn giản hóa tối thiểu 30% "
            "thời gian giải quyết đối với các TTHC thuộc thẩm quyền;",
        ),
    ),
]
CLOSING = (
    "Nhận được công văn này, yêu cầu các phòng, đơn vị trên cơ sở chức năng, nhiệm vụ được giao nghiêm túc "
    "triển khai thực hiện./."
)


def letter(number: int | None = 1036, extra_paragraphs: int = 0) -> Document:
    body: list[Item | str] = [INTRO, *ITEMS]
    body += [f"{i + 3}. " + ITEMS[0].text * 3 for i in range(extra_paragraphs)]
    return Document(
        doc_type=DocType.CONG_VAN,
        parent_organ="UBND TỈNH LAI CHÂU",
        issuer="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        issuer_abbr="SVHTTDL",
        drafting_unit_abbr="VP",
        place="Lai Châu",
        issue_date=dt.date(2026, 3, 27),
        number=number,
        subject=SUBJECT,
        addressees=("Các phòng, đơn vị trực thuộc Sở.",),
        body=body,
        closing=CLOSING,
        signatory=Signatory(full_name="Trần Mạnh Hùng", position="Giám đốc"),
        recipients=Recipients(
            lines=("Như trên", "Lãnh đạo Sở VH TTDL", "Trang thông tin điện tử Sở (Trang)"),
            archive_unit="VP",
            archive_copies="Hương",
        ),
    )


def decision() -> Document:
    doc = letter(number=5)
    doc.doc_type = DocType.QUYET_DINH
    doc.subject = "Về việc ban hành Kế hoạch cải cách hành chính năm 2026"
    doc.addressees = ()
    doc.issue_date = dt.date(2026, 1, 5)
    doc.signatory = Signatory(
        full_name="Lê Văn Nam", position="Phó Giám đốc", authority=Authority.KT, on_behalf_of="Giám đốc"
    )
    return doc
