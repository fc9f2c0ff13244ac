"""Demo catalogue of Sở VHTTDL Lai Châu: hand-written, plausible procedures (codes, time limits and fees
are made up — no text is copied from published decisions), a few internal procedures, and 2026
simplification plans for some of them so that the dashboard shows partial progress."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit
from cchc.domain.procedures.catalogue import fold

from . import services
from .models import Decision, Procedure, SimplificationPlan, TargetKind, VersionAction

YEAR = 2026
ROOT = "LC-SVHTTDL"
# (code, name, field, level, unit suffix, days, fee text/amount, online level, internal)
PROCEDURES = [
    (
        "1.009301",
        "Cấp giấy phép kinh doanh dịch vụ karaoke",
        "Văn hóa",
        "tinh",
        "QLVH",
        5,
        2_000_000,
        "toan_trinh",
        False,
    ),
    (
        "1.009302",
        "Điều chỉnh giấy phép kinh doanh dịch vụ karaoke",
        "Văn hóa",
        "tinh",
        "QLVH",
        4,
        500_000,
        "toan_trinh",
        False,
    ),
    (
        "1.009303",
        "Cấp giấy phép kinh doanh dịch vụ vũ trường",
        "Văn hóa",
        "tinh",
        "QLVH",
        5,
        10_000_000,
        "mot_phan",
        False,
    ),
    (
        "1.009304",
        "Tiếp nhận hồ sơ thông báo tổ chức lễ hội cấp tỉnh",
        "Văn hóa",
        "tinh",
        "QLVH",
        7,
        0,
        "toan_trinh",
        False,
    ),
    ("1.009305", "Cấp giấy phép phổ biến phim", "Điện ảnh", "tinh", "QLVH", 15, 1_200_000, "mot_phan", False),
    (
        "1.009306",
        "Cấp giấy phép tổ chức triển lãm do tổ chức ở địa phương đưa ra nước ngoài",
        "Mỹ thuật, nhiếp ảnh, triển lãm",
        "tinh",
        "QLVH",
        10,
        0,
        "mot_phan",
        False,
    ),
    ("1.009307", "Xếp hạng di tích cấp tỉnh", "Di sản văn hóa", "tinh", "QLVH", 60, 0, "khong", False),
    (
        "1.009308",
        "Cấp giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật",
        "Di sản văn hóa",
        "tinh",
        "QLVH",
        20,
        0,
        "mot_phan",
        False,
    ),
    (
        "1.009401",
        "Công nhận hạng cơ sở lưu trú du lịch 1 sao, 2 sao",
        "Du lịch",
        "tinh",
        "QLDL",
        30,
        1_500_000,
        "mot_phan",
        False,
    ),
    (
        "1.009402",
        "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
        "Du lịch",
        "tinh",
        "QLDL",
        10,
        3_000_000,
        "toan_trinh",
        False,
    ),
    (
        "1.009403",
        "Cấp thẻ hướng dẫn viên du lịch tại điểm",
        "Du lịch",
        "tinh",
        "QLDL",
        10,
        200_000,
        "toan_trinh",
        False,
    ),
    ("1.009404", "Công nhận điểm du lịch cấp tỉnh", "Du lịch", "tinh", "QLDL", 30, 0, "mot_phan", False),
    (
        "1.009405",
        "Cấp đổi thẻ hướng dẫn viên du lịch",
        "Du lịch",
        "tinh",
        "QLDL",
        10,
        650_000,
        "toan_trinh",
        False,
    ),
    (
        "1.009501",
        "Cấp giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
        "Thể dục thể thao",
        "tinh",
        "QLTDTT",
        7,
        0,
        "toan_trinh",
        False,
    ),
    (
        "1.009502",
        "Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao cấp tỉnh",
        "Thể dục thể thao",
        "tinh",
        "QLTDTT",
        15,
        0,
        "mot_phan",
        False,
    ),
    (
        "1.009503",
        "Công nhận câu lạc bộ thể thao cơ sở",
        "Thể dục thể thao",
        "xa",
        "QLTDTT",
        10,
        0,
        "toan_trinh",
        False,
    ),
    ("1.009601", "Cấp giấy phép xuất bản bản tin", "Báo chí", "tinh", "TTBCXB", 15, 0, "mot_phan", False),
    (
        "1.009602",
        "Cấp giấy phép hoạt động in xuất bản phẩm",
        "Xuất bản, in và phát hành",
        "tinh",
        "TTBCXB",
        10,
        0,
        "toan_trinh",
        False,
    ),
    ("NB.LC.01", "Thẩm định hồ sơ khen thưởng cấp Sở", "Thi đua, khen thưởng", "tinh", "VP", 20, 0, "", True),
    (
        "NB.LC.02",
        "Phê duyệt kế hoạch tổ chức sự kiện văn hóa, thể thao cấp tỉnh",
        "Văn hóa",
        "tinh",
        "VP",
        15,
        0,
        "",
        True,
    ),
    (
        "NB.LC.03",
        "Thẩm định dự toán kinh phí sự nghiệp văn hóa của đơn vị trực thuộc",
        "Tài chính",
        "tinh",
        "KHTC",
        20,
        0,
        "",
        True,
    ),
    (
        "NB.LC.04",
        "Cử cán bộ tham gia đoàn kiểm tra liên ngành",
        "Tổ chức cán bộ",
        "tinh",
        "VP",
        5,
        0,
        "",
        True,
    ),
]
# code → (days after, dossiers per year, reviewed, content); partial progress on purpose.
PLANS = {
    "1.009301": (3, 40, True, "Cắt giảm thời gian thẩm định hồ sơ từ 05 xuống 03 ngày làm việc"),
    "1.009303": (4, 2, True, "Bỏ bước lấy ý kiến trùng lặp"),
    "1.009305": (10, 12, True, "Rút ngắn thời gian hội đồng thẩm định"),
    "1.009307": (30, 3, True, "Thay họp hội đồng bằng lấy ý kiến điện tử"),
    "1.009401": (20, 15, True, "Liên thông thẩm định với Sở Xây dựng"),
    "1.009402": (7, 25, True, "Tiếp nhận, trả kết quả trực tuyến toàn trình"),
    "1.009404": (30, 2, False, ""),
    "1.009501": (5, 30, True, "Bỏ yêu cầu nộp bản sao chứng thực"),
    "NB.LC.01": (12, 120, True, "Số hóa hồ sơ, rút ngắn thời gian thẩm định"),
    "NB.LC.02": (10, 24, True, "Phân cấp cho Trưởng phòng chuyên môn phê duyệt"),
}
# (target value, words of its metric, folded) of the seed letter's targets → link kind
TARGET_WORDS = [
    (50, "chi phi", TargetKind.INTERNAL_COST_CUT),
    (50, "thoi gian", TargetKind.INTERNAL_TIME_CUT),
    (30, "thoi gian", TargetKind.TIME_CUT),
    (100, "ra soat", TargetKind.REVIEWED_SHARE),
    (100, "thu tuc hanh chinh noi bo", TargetKind.REVIEWED_SHARE),  # "100% TTHC nội bộ ... được rà soát"
]


def ensure_demo_catalogue() -> list[Procedure]:
    units = {u.code.removeprefix(f"{ROOT}-"): u for u in Unit.objects.filter(code__startswith=ROOT)}
    if "QLVH" not in units:
        return []
    decision, _ = Decision.objects.get_or_create(
        number="215/QĐ-UBND", signed_on=date(2026, 2, 10),
        defaults={"issuer": "UBND tỉnh Lai Châu", "title": "Công bố danh mục TTHC lĩnh vực văn hóa, thể thao và du lịch (dữ liệu mẫu)"},
    )  # fmt: skip
    procedures = []
    for code, name, field, level, suffix, days, fee, online, internal in PROCEDURES:
        fees = [{"kind": "flat", "amount": fee, "unit": "hồ sơ", "cap": None, "cap_unit": "", "description": "",
                 "legal_basis": "", "procedure_codes": []}] if fee else [{"kind": "free", "amount": 0, "unit": "", "cap": None,
                 "cap_unit": "", "description": "Không", "legal_basis": "", "procedure_codes": []}]  # fmt: skip
        procedure, created = Procedure.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "field": field, "level": level, "unit": units[suffix], "is_internal": internal,
                "time_limit_value": Decimal(days), "time_limit_unit": "ngày làm việc",
                "time_limit_condition": "kể từ ngày nhận đủ hồ sơ hợp lệ", "fees": fees, "online_level": online,
                "channels": ["trực tiếp", "bưu chính công ích", "trực tuyến"] if online else ["trực tiếp"],
                "places": "Trung tâm Phục vụ hành chính công tỉnh Lai Châu" if not internal else "",
            },
        )  # fmt: skip
        if created:
            services.record_version(
                procedure=procedure, action=VersionAction.ADD, decision=None if internal else decision
            )
        procedures.append(procedure)
    return procedures


def ensure_demo_plans(procedures: list[Procedure]) -> int:
    parameter = services.default_cost_parameter()
    count = 0
    for procedure in procedures:
        spec = PLANS.get(procedure.code)
        if spec is None or SimplificationPlan.objects.filter(procedure=procedure, year=YEAR).exists():
            continue
        after, dossiers, reviewed, content = spec
        plan = SimplificationPlan(
            procedure=procedure, unit=procedure.unit, year=YEAR, reviewed=reviewed,
            time_before=procedure.time_limit_value, time_after=Decimal(after), dossiers_per_year=Decimal(dossiers),
            cost_parameter=parameter, content=content,
        )  # fmt: skip
        services.save_plan(user=None, plan=plan, sync=False)
        count += 1
    return count


def link_seed_targets() -> int:
    """Link to the targets of the seed letter (CV 1036/SVHTTDL-VP) when the directives demo loaded it."""
    from .selectors import linkable_targets, linked_targets

    linked = 0
    for target in linkable_targets(user=None).filter(task__directive__number__contains="1036"):
        words = fold(f"{target.metric} {target.text}")
        for value, phrase, kind in TARGET_WORDS:
            taken = kind in linked_targets()
            if Decimal(target.value) == value and phrase in words and not taken:
                services.set_target_link(user=None, kind=kind, target_id=target.pk)
                linked += 1
                break
    return linked


@demo_loader(40, "procedures")
def load() -> list[str]:
    procedures = ensure_demo_catalogue()
    plans = ensure_demo_plans(procedures)
    linked = link_seed_targets()
    if linked:
        services.sync_targets()
    return [
        f"Thủ tục hành chính: {len(procedures)} thủ tục, {plans} phương án mới, {linked} chỉ tiêu được liên kết"
    ]


# Cost by channel (docs/procedures.md): compliance-cost records of ONE execution, action by action, for some
# demo procedures — hand-written, plausible figures (no published source) — and the dossiers received for them
# in 2026 by channel (in person, postal, online), imported into the store as the small batch "demo-kenh".
# (name, kind, hours, count, outsourcing đồng, travel đồng, online: rule/keep/drop)
_PREPARE = "chuẩn bị hồ sơ"
COST_RECORDS: dict[str, tuple[int, list[tuple[str, str, str, int, int, int, str]]]] = {
    "1.009301": (2_000_000, [
        ("Chuẩn bị đơn đề nghị, bản sao giấy tờ", _PREPARE, "3", 1, 30_000, 0, "rule"),
        ("Đi lại nộp hồ sơ và nhận kết quả", "đi lại", "2", 2, 0, 50_000, "rule"),
        ("Chờ tiếp nhận, trả kết quả tại Trung tâm Phục vụ hành chính công", "chờ đợi", "0.5", 2, 0, 0, "rule"),
        ("Nộp hồ sơ", "nộp hồ sơ", "0.5", 1, 0, 0, "rule"),
    ]),
    "1.009402": (3_000_000, [
        ("Chuẩn bị hồ sơ, xác nhận ký quỹ", _PREPARE, "6", 1, 100_000, 0, "rule"),
        ("Đi lại nộp hồ sơ và nhận kết quả", "đi lại", "3", 2, 0, 80_000, "rule"),
        ("Chờ tiếp nhận, trả kết quả", "chờ đợi", "1", 2, 0, 0, "rule"),
        ("Sao chụp giấy tờ nộp kèm", "khác", "0.5", 1, 20_000, 0, "drop"),
    ]),
    "1.009403": (200_000, [
        ("Chuẩn bị hồ sơ", _PREPARE, "2", 1, 0, 0, "rule"),
        ("Đi lại nộp hồ sơ và nhận thẻ", "đi lại", "2", 2, 0, 40_000, "rule"),
        ("Chờ tiếp nhận, trả kết quả", "chờ đợi", "0.5", 2, 0, 0, "rule"),
    ]),
    "1.009501": (0, [
        ("Chuẩn bị hồ sơ, bản sao chứng thực", _PREPARE, "4", 1, 50_000, 0, "rule"),
        ("Đi lại nộp hồ sơ và nhận kết quả", "đi lại", "1.5", 2, 0, 30_000, "rule"),
        ("Chờ tiếp nhận, trả kết quả", "chờ đợi", "0.5", 2, 0, 0, "rule"),
    ]),
}  # fmt: skip
# code → (unit suffix, in person, postal, online) received in 2026; 1.009305 has dossiers but no cost record.
CHANNEL_VOLUMES = [
    ("1.009301", "QLVH", 20, 2, 38),
    ("1.009402", "QLDL", 8, 1, 27),
    ("1.009403", "QLDL", 25, 0, 15),
    ("1.009501", "QLTDTT", 12, 3, 20),
    ("1.009305", "QLVH", 6, 0, 4),
]
CHANNEL_SOURCE = "demo-kenh"
CHANNEL_SOURCE_NOTE = "Dữ liệu mẫu cchc (số liệu giả định, không trích từ văn bản công bố)"


def ensure_demo_cost_records() -> int:
    from .models import CostAction, CostRecord

    parameter = services.default_cost_parameter()
    made = 0
    for code, (fees, actions) in COST_RECORDS.items():
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None or CostRecord.objects.filter(procedure=procedure).exists():
            continue
        record = CostRecord.objects.create(
            procedure=procedure, fees=fees, cost_parameter=parameter, source=CHANNEL_SOURCE_NOTE
        )
        CostAction.objects.bulk_create(
            CostAction(record=record, order=i, name=name, kind=kind, hours=Decimal(hours), count=Decimal(count),
                       outsourcing_cost=outsourcing, travel_cost=travel, online=online)
            for i, (name, kind, hours, count, outsourcing, travel, online) in enumerate(actions, start=1)
        )  # fmt: skip
        made += 1
    return made


def channel_rows() -> list[str]:
    """The demo batch as CSV lines: received on working days of 2026 spread over January–November."""
    rows = []
    number = 0
    for code, suffix, *by_channel in CHANNEL_VOLUMES:
        for channel, count in zip((1, 3, 2), by_channel, strict=True):
            for _i in range(count):
                number += 1
                month, day = 1 + number % 11, 2 + number % 26
                received = date(YEAR, month, day)
                while received.weekday() >= 5:  # a working day (weekends only: enough for a volume)
                    received += timedelta(days=1)
                finished = f"{received:%d/%m/%Y} 16:00"
                rows.append(
                    f"KENH{number:04d},{code},{ROOT}-{suffix},{channel},{received:%d/%m/%Y} 08:30,,{finished}"
                )
    return rows


@demo_loader(55, "procedure-channels")
def load_channels() -> list[str]:
    from pathlib import Path

    from django.conf import settings

    from cchc.analytics.importer import import_file
    from cchc.apps.dossiers.storage import open_store

    records = ensure_demo_cost_records()
    rows = channel_rows()
    with open_store() as store:
        if store.count(CHANNEL_SOURCE) < len(rows):
            path = Path(settings.DATA_DIR) / "demo" / "ho-so-theo-kenh-2026.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            header = "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at"
            path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
            import_file(store, path, source=CHANNEL_SOURCE)
    return [
        f"Chi phí theo kênh: {records} bảng chi phí tuân thủ mới, {len(rows)} hồ sơ mẫu theo kênh năm {YEAR}"
    ]
