"""Demo (order 99, after every module it measures, the periodic reports included): the demo department's
2026 self-assessment draft on the SAMPLE criteria set — measured criteria filled from the registry, a few
criteria self-scored, some given to the phòng that fill them, and an issued document of the Sở attached as
evidence from the library."""

from __future__ import annotations

from decimal import Decimal

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit, User

from . import selectors, services
from .models import Assessment

YEAR = 2026
# sample-set code → (value, explanation); value True/False for yes/no entries
FILLED: dict[str, tuple[object, str]] = {
    "1.1.1": (True, ""),
    "1.1.2": (Decimal(85), "Hoàn thành 17/20 nội dung của kế hoạch CCHC năm."),
    "1.3": (Decimal(75), "Báo cáo quý I gửi chậm 2 ngày."),
    "2.2": (True, ""),
    "4.1": (True, ""),
    "6.2": (True, ""),
}
UNITS = {"3.2": "QLVH", "3.3.2": "QLVH", "3.3.3": "QLDL", "8.2": "QLDL"}  # code → the phòng's code suffix


@demo_loader(99, "assessment")
def load() -> list[str]:
    root = Unit.objects.filter(parent__isnull=True, abbreviation="SVHTTDL").first()
    clerk = User.objects.filter(username="vanphong").first()
    if root is None or clerk is None:
        return ["Chỉ số CCHC: thiếu dữ liệu tổ chức mẫu, bỏ qua"]
    version = services.ensure_sample_set()
    if Assessment.objects.filter(organisation=root, year=YEAR).exists():
        return ["Chỉ số CCHC: bản tự đánh giá năm 2026 đã có"]
    a = services.create_assessment(user=clerk, year=YEAR, version=version, organisation=root)
    rows = {e.code: e for e in a.entries.all()}
    cset = selectors.criteria_set(version)
    for code, (value, explanation) in FILLED.items():
        if cset.item(code).measured:  # filled from the registry (a set linking it to a measured source)
            continue
        services.save_entry(user=clerk, entry=rows[code], value=value, na=False, explanation=explanation)
    services.save_entry(
        user=clerk,
        entry=rows["1.4.2"],
        value=None,
        na=True,
        explanation="Không phát hiện vấn đề qua kiểm tra.",
    )
    for code, suffix in UNITS.items():
        unit = Unit.objects.filter(parent=root, code=f"{root.code}-{suffix}").first()
        if unit is not None:
            services.assign_entry(user=clerk, entry=rows[code], unit=unit)
    documents = [c for c in selectors.candidates(user=clerk, limit=5) if c.kind == "document"]
    if documents:
        evidence = services.reference_evidence(user=clerk, model=documents[0].model, pk=documents[0].pk)
        services.attach_evidence(
            user=clerk, entry=rows["1.1.1"], evidence=evidence, requirement="Kế hoạch CCHC năm của Sở"
        )
    measured = sum(1 for e in a.entries.all() if e.measured_label)
    return [
        f"Chỉ số CCHC: bản tự đánh giá năm {YEAR} (bộ tiêu chí MẪU), {measured} tiêu chí lấy từ số liệu đo được"
    ]
