"""Demo: the register of legal documents Sở VHTTDL Lai Châu drafts or applies (illustrative numbers, not real
decisions), a review opened by the Luật Di sản văn hóa 2024 taking effect with findings and one open proposal
(due soon), and the systematisation round of kỳ 2024–2028 (cut-off 31/12/2028, NĐ 79/2025 Điều 49)
(idempotent)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit

from . import services
from .models import ReviewRound

PREFIX = "LC-SVHTTDL-"
ISSUER = "UBND tỉnh Lai Châu"
# (unit suffix, số ký hiệu, loại, trích yếu, ngày ban hành, quan hệ)
DOCUMENTS = [
    ("QLVH", "15/2019/QĐ-UBND", "Quyết định", "Quy định quản lý, bảo vệ và phát huy giá trị di tích trên địa bàn tỉnh",
     date(2019, 6, 20), "chu_tri"),
    ("QLVH", "08/2021/QĐ-UBND", "Quyết định", "Quy chế công nhận danh hiệu “Gia đình văn hóa”, “Thôn, bản văn hóa”",
     date(2021, 4, 12), "chu_tri"),
    ("QLVH", "22/2023/QĐ-UBND", "Quyết định", "Quy định mức hỗ trợ nghệ nhân, người thực hành di sản văn hóa phi vật thể",
     date(2023, 9, 5), "chu_tri"),
    ("QLDL", "11/2020/QĐ-UBND", "Quyết định", "Quy định quản lý hoạt động du lịch cộng đồng trên địa bàn tỉnh",
     date(2020, 7, 1), "chu_tri"),
    ("QLDL", "05/2024/NQ-HĐND", "Nghị quyết", "Chính sách hỗ trợ phát triển du lịch giai đoạn 2024–2030",
     date(2024, 4, 18), "ap_dung"),
    ("VP", "03/2022/QĐ-UBND", "Quyết định", "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở",
     date(2022, 2, 14), "chu_tri"),
]  # fmt: skip
TRIGGERED = "Rà soát văn bản về di sản văn hóa khi Luật Di sản văn hóa 2024 có hiệu lực"
PERIODIC = "Hệ thống hóa văn bản quy phạm pháp luật kỳ 2024–2028"


@demo_loader(70, "institutions")
def load() -> list[str]:
    units = {u.code.removeprefix(PREFIX): u for u in Unit.objects.filter(code__startswith=PREFIX)}
    root = Unit.objects.filter(code=PREFIX.rstrip("-")).first()
    if "QLVH" not in units or root is None:
        return ["Bỏ qua dữ liệu mẫu rà soát văn bản: chưa có cơ cấu tổ chức mẫu."]
    for suffix, symbol, doc_type, title, issued, relation in DOCUMENTS:
        services.register_document(
            actor=None, unit=units[suffix], symbol=symbol, doc_type=doc_type, title=title, issuer=ISSUER,
            issued_on=issued, effective_on=issued + timedelta(days=10), relation=relation, effect="con_hieu_luc",
        )  # fmt: skip
    today = timezone.localdate()
    if not ReviewRound.objects.filter(unit=units["QLVH"], title=TRIGGERED).exists():
        rnd = services.open_round(
            actor=None, unit=units["QLVH"], title=TRIGGERED, kind="ra_soat", trigger_date=date(2025, 7, 1),
            trigger_note="Luật Di sản văn hóa số 45/2024/QH15 có hiệu lực từ 01/7/2025", due_on=today + timedelta(days=7),
        )  # fmt: skip
        items = {i.document.symbol: i for i in rnd.items.select_related("document")}
        services.record_finding(
            actor=None, item=items["15/2019/QĐ-UBND"], effect="con_hieu_luc", form="thay_the",
            reason="Căn cứ ban hành đã được thay thế bởi Luật Di sản văn hóa 2024", on=today - timedelta(days=20),
        )  # fmt: skip
        services.record_finding(
            actor=None, item=items["08/2021/QĐ-UBND"], effect="con_hieu_luc", form="giu_nguyen",
            on=today - timedelta(days=18),
        )  # fmt: skip
    if not ReviewRound.objects.filter(unit=root, title=PERIODIC).exists():
        services.open_round(
            actor=None, unit=root, title=PERIODIC, kind="he_thong_hoa", previous_cutoff=date(2023, 12, 31),
            due_on=date(2029, 3, 31),
        )  # fmt: skip
    return []
