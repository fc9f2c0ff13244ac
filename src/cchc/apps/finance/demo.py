"""Demo: the finance registers of Sở VHTTDL Lai Châu.

- Budget disclosure for the current year — the Văn phòng (đơn vị dự toán) and the three public-service units
  (Thư viện, Bảo tàng, Trung tâm Văn hóa): some disclosures on time, one late, one missing, so the register,
  the leader's list and the on-time share show each state.
- Autonomy of the three public-service units over three years (a trend per unit), one below its target group.
- Public assets after the reorganisation: offices, cars and equipment, some surplus with a handling form in
  progress or done, one office unused for more than 12 months.
- The directive's item 6 (tự chủ tài chính, tài sản công) gets a target fed by finance.autonomy_target_share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit

from . import services
from .models import Asset, Disclosure

PREFIX = "LC-SVHTTDL-"
UNITS = ("VP", "TV", "BT", "TTVHDA")


@demo_loader(70, "finance")
def load() -> list[str]:
    units = {u.code.removeprefix(PREFIX): u for u in Unit.objects.filter(code__startswith=PREFIX)}
    present = [units[c] for c in UNITS if c in units]
    if not present:
        return ["Bỏ qua dữ liệu mẫu công khai ngân sách: chưa có cơ cấu tổ chức mẫu."]
    today = timezone.localdate()
    year = today.year
    for i, unit in enumerate(present):
        services.open_year(user=None, unit=unit, year=year)
        rows = {(d.duty, d.period): d for d in Disclosure.objects.filter(unit=unit, year=year)}
        dt = rows[("du_toan", "")]
        if dt.published_on is None and date(year, 1, 20 + i * 2) <= today:
            services.record_disclosure(
                user=None, disclosure=dt, event_date=date(year, 1, 8), published_on=date(year, 1, 20 + i * 2),
                form="cong_thong_tin", link=f"https://svhttdl.laichau.gov.vn/cong-khai/{year}/du-toan-{i}",
            )  # fmt: skip
        q1 = rows[("thuc_hien_ky", "Q1")]
        if (
            q1.published_on is None and i != len(present) - 1 and date(year, 4, 10 + i * 3) <= today
        ):  # the last unit has not published its Q1
            services.record_disclosure(
                user=None, disclosure=q1, event_date=None, published_on=date(year, 4, 10 + i * 3),
                form="niem_yet", proof_document=f"{10 + i}/TB-{unit.abbreviation or 'DV'}",
            )  # fmt: skip
    lines = [f"Công khai ngân sách {year}: {len(present)} đơn vị."]
    lines += _autonomy(units, year)
    lines += _assets(units, today)
    lines += _link_target(year)
    return lines


# unit → (year offset → (group, revenue, spending, approved share), target group)
AUTONOMY = {
    "TV": ({-2: (4, 40, 2000, None), -1: (4, 120, 2000, None), 0: (3, 260, 2000, Decimal("13"))}, 3),
    "BT": ({-2: (3, 500, 2500, None), -1: (3, 800, 2500, None), 0: (3, 900, 2500, Decimal("36"))}, 3),
    "TTVHDA": ({-2: (3, 1400, 2000, None), -1: (3, 1500, 2000, None), 0: (3, 1560, 2000, Decimal("78"))}, 2),
}


def _autonomy(units: dict[str, Unit], year: int) -> list[str]:
    n = 0
    for code, (years, target) in AUTONOMY.items():
        unit = units.get(code)
        if unit is None:
            continue
        for offset, (group, revenue, spending, share) in years.items():
            services.save_autonomy(
                user=None, unit=unit, year=year + offset, group=group, revenue=Decimal(revenue) * 1_000_000,
                spending=Decimal(spending) * 1_000_000, share=share, target_group=target,
                decision_number=f"{20 + n}/QĐ-SVHTTDL", decision_date=date(year + offset, 1, 20),
                plan_period=f"{year - 2}–{year + 2}",
            )  # fmt: skip
            n += 1
    return [f"Tự chủ tài chính: {n} bản ghi của {len(AUTONOMY)} đơn vị sự nghiệp (3 năm)."] if n else []


# unit, code, name, kind, value (million đồng), status, handling form, progress, idle since (months ago)
ASSETS = [
    (
        "VP",
        "TS-VP-01",
        "Trụ sở Sở VHTTDL (số 1 đường 19/5)",
        "tru_so",
        38_500,
        "dang_dung",
        "",
        "chua_xu_ly",
        None,
    ),
    ("VP", "XE-VP-01", "Xe ô tô 7 chỗ 25A-001.23", "xe", 980, "dang_dung", "", "chua_xu_ly", None),
    ("VP", "XE-VP-02", "Xe ô tô 16 chỗ 25A-002.45", "xe", 1_150, "doi_du", "dieu_chuyen", "da_xu_ly", None),
    (
        "BT",
        "TS-BT-02",
        "Trụ sở cũ Phòng Văn hóa huyện (sau sắp xếp)",
        "tru_so",
        6_200,
        "doi_du",
        "chuyen_giao_dia_phuong",
        "dang_xu_ly",
        14,
    ),
    ("TV", "TB-TV-01", "Máy chủ thư viện số", "thiet_bi", 420, "dang_dung", "", "chua_xu_ly", None),
    ("TV", "TB-TV-02", "Máy photocopy hỏng", "thiet_bi", 85, "khong_su_dung", "thanh_ly", "dang_xu_ly", 5),
    ("TTVHDA", "XE-TT-01", "Xe ô tô tải lưu động", "xe", 760, "doi_du_mot_phan", "", "chua_xu_ly", None),
]


def _assets(units: dict[str, Unit], today: date) -> list[str]:
    from cchc.domain.finance.assets import add_months

    n = 0
    for code, asset_code, name, kind, value, status, form, progress, idle in ASSETS:
        unit = units.get(code)
        if unit is None:
            continue
        existing = Asset.objects.filter(unit=unit, code=asset_code).first()
        services.save_asset(
            user=None, unit=unit, code=asset_code, asset=existing, name=name, kind=kind,
            value=Decimal(value) * 1_000_000, status=status, handling_form=form, progress=progress,
            idle_since=add_months(today, -idle) if idle else None,
            handling_decision=f"{150 + n}/QĐ-UBND" if form else "",
        )  # fmt: skip
        n += 1
    return [f"Tài sản công: {n} tài sản (trụ sở, xe, thiết bị), có tài sản dôi dư đang xử lý."] if n else []


def _link_target(year: int) -> list[str]:
    """Item 6 of the seed directive (tự chủ tài chính) gets the target "≥ 70 % đơn vị sự nghiệp đạt nhóm tự chủ
    theo chỉ tiêu", fed by finance.autonomy_target_share (directives.TargetSource)."""
    from cchc.apps.directives.models import Target, Task
    from cchc.apps.directives.services import set_target_source, sync_targets

    task = (
        Task.objects.filter(parent__isnull=True, summary__icontains="tự chủ tài chính")
        .exclude(status="cancelled")
        .order_by("pk")
        .first()
    )
    if task is None:
        return []
    target, _created = Target.objects.get_or_create(
        task=task, metric="Tỷ lệ đơn vị sự nghiệp đạt nhóm tự chủ tài chính theo chỉ tiêu",
        defaults={"comparator": ">=", "value": Decimal(70), "unit": "%", "target_year": year,
                  "text": "Mở rộng cơ chế tự chủ đơn vị sự nghiệp (chỉ tiêu mẫu của dữ liệu chạy thử)"},
    )  # fmt: skip
    set_target_source(source_key="finance.autonomy_target_share", target_id=target.pk, unit=None)
    sync_targets(prefix="finance.")
    return ["Chỉ tiêu nhiệm vụ 6 (tự chủ tài chính) đọc nguồn finance.autonomy_target_share."]
