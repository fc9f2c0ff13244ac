"""Demo: the budget-disclosure register of Sở VHTTDL Lai Châu for the current year — the Văn phòng (đơn vị dự
toán) and the three public-service units (Thư viện, Bảo tàng, Trung tâm Văn hóa): some disclosures on time,
one late, one missing, so the register, the leader's list and the on-time share show each state."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.models import Unit

from . import services
from .models import Disclosure

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
    return [f"Công khai ngân sách {year}: {len(present)} đơn vị."]
