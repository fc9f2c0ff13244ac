"""Cost by channel on the dossier pages: per unit × procedure, the period's dossiers by channel, the cost of
one execution in person and online, the social cost and what the online share saved (procedures.channels),
with an XLSX export. Read capability: the 766 pages' ("indicators.view"); scope: the user's units."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.apps.core.params import id_param
from cchc.apps.org.access import Obj, check_unit, declare, require_capability
from cchc.apps.org.selectors import unit_or_404
from cchc.apps.procedures.channels import ChannelReport, ChannelRow, channel_report, default_target
from cchc.domain.cells import workbook
from cchc.domain.numbers import NumberFormatError, parse_percent
from cchc.domain.procedures.channel_cost import ASSUMPTION, Channel

from ..forms import parse_vn_period, vn_period_label
from ..selectors import is_org_wide, scorecard_units
from . import store_guard

if TYPE_CHECKING:
    from cchc.apps.org.models import Unit, User

PAGE_ROWS = 50
MISSING_SHOWN = 50  # the rest is in the Excel file
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChannelCostForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị"),
        queryset=None,  # the user's units, set in __init__
        required=False,
        empty_label=gettext_lazy("Toàn bộ"),
    )
    period = forms.CharField(
        label=gettext_lazy("Kỳ"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "2026, Q1/2026, 03/2026", "size": 20}),
    )
    target = forms.CharField(
        label=gettext_lazy("Tỷ lệ trực tuyến mục tiêu (%)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = scorecard_units(user=user)

    def clean_period(self) -> str:
        text = self.cleaned_data.get("period") or ""
        return parse_vn_period(text) if text.strip() else ""

    def clean_target(self) -> Decimal | None:
        text = (self.cleaned_data.get("target") or "").strip()
        if not text:
            return None
        try:
            value = parse_percent(text)
        except NumberFormatError:
            value = Decimal(-1)
        if not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(
                _("Tỷ lệ mục tiêu “%(v)s” không hợp lệ; nhập một số từ 0 đến 100, ví dụ 80 hoặc 62,5."),
                params={"v": text},
            )
        return value


def _selection(request: HttpRequest) -> tuple[ChannelCostForm, Unit | None, str, Decimal | None]:
    from django.utils import timezone

    user: User = request.user  # type: ignore[assignment]
    form = ChannelCostForm(request.GET or None, user=user)
    unit, period, target = None, str(timezone.localdate().year), None
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data["unit"]
        period = form.cleaned_data["period"] or period
        target = form.cleaned_data["target"]
    elif form.is_bound and "unit" in form.errors and (unit_id := id_param(request.GET, "unit")) is not None:
        check_unit(user, unit_or_404(unit_id))  # a unit outside the scope: 403, never another unit
    if unit is None and not is_org_wide(user):
        unit = user.unit
    if unit is not None:
        check_unit(user, unit)
    return form, unit, period, target


@declare("indicators.view", query={"unit": Obj("org.Unit", unit="")})
@login_required
@store_guard
def channel_costs(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_capability(user, "indicators.view")
    form, unit, period, target = _selection(request)
    report = channel_report(user=user, period=period, unit=unit, target_pct=target)
    page = Paginator(report.rows, PAGE_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/channel_costs.html",
        {
            "form": form, "report": report, "page": page, "missing_shown": report.missing[:MISSING_SHOWN],
            "missing_more": max(0, len(report.missing) - MISSING_SHOWN), "unit": unit, "period_label": vn_period_label(period),
            "assumption": _(ASSUMPTION), "query": request.GET.urlencode(), "default_target": default_target(),
        },
    )  # fmt: skip


@declare("indicators.view", query={"unit": Obj("org.Unit", unit="")})
@login_required
@store_guard
def channel_costs_xlsx(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_capability(user, "indicators.view")
    _form, unit, period, target = _selection(request)
    report = channel_report(user=user, period=period, unit=unit, target_pct=target)
    response = HttpResponse(write_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-phi-theo-kenh-{period}.xlsx"'
    return response


HEADERS = (
    "Đơn vị", "Mã TTHC", "Tên thủ tục", "Hồ sơ trực tiếp", "Hồ sơ bưu chính", "Hồ sơ trực tuyến",
    "Tỷ lệ trực tuyến", "Chi phí 01 lần trực tiếp (đồng)", "Chi phí 01 lần trực tuyến (đồng)",
    "Chi phí xã hội (đồng)", "Trong đó người dân, doanh nghiệp (đồng)", "Trong đó cơ quan nhà nước (đồng)",
    "Tiết kiệm nhờ trực tuyến (đồng)", "Tiết kiệm nếu đạt mục tiêu (đồng)", "Tăng thêm nếu đạt mục tiêu (đồng)",
)  # fmt: skip


def _xlsx_row(row: ChannelRow) -> list[Any]:
    line, v = row.line, row.line.volumes
    per = line.per_execution or {}
    share = None if line.online_share is None else float(line.online_share) / 100
    return [
        row.unit.name, row.code, row.name, v.in_person, v.postal, v.online, share,
        per.get(Channel.IN_PERSON), per.get(Channel.ONLINE), line.social_cost, line.citizen_cost, line.state_cost,
        line.online_saving, line.target_saving, line.extra_at_target,
    ]  # fmt: skip


def write_xlsx(report: ChannelReport) -> bytes:
    """One sheet: the rows with a cost, a total row, then the rows without a cost record (amounts empty)."""
    out = io.BytesIO()
    book = workbook(out)
    sheet = book.add_worksheet("Chi phí theo kênh")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    pct = book.add_format({"num_format": "0.00%"})
    sheet.write(0, 0, f"Chi phí theo kênh, hồ sơ tiếp nhận {report.first_day:%d/%m/%Y}–{report.last_day:%d/%m/%Y}; "
                      f"tỷ lệ trực tuyến mục tiêu {report.target_pct.normalize():f}%", bold)  # fmt: skip
    sheet.write(1, 0, ASSUMPTION)
    for col, text in enumerate(HEADERS):
        sheet.write(3, col, text, bold)
    r = 4
    for row in report.rows + report.missing:
        for col, value in enumerate(_xlsx_row(row)):
            if value is None:
                continue
            sheet.write(r, col, value, pct if col == 6 else money if col >= 3 else None)
        if not row.line.has_cost:
            sheet.write(r, 9, "Chưa có bảng chi phí tuân thủ")
        r += 1
    s = report.summary
    if s is not None:
        sheet.write(r, 0, "Tổng (thủ tục có bảng chi phí)", bold)
        totals = {
            3: s.volumes_with_cost.in_person, 4: s.volumes_with_cost.postal, 5: s.volumes_with_cost.online,
            9: s.social_cost, 10: s.citizen_cost, 11: s.state_cost, 12: s.online_saving, 13: s.target_saving,
            14: s.extra_at_target,
        }  # fmt: skip
        for col, value in totals.items():
            sheet.write(r, col, value, money)
        if s.online_share is not None:
            sheet.write(r, 6, float(s.online_share) / 100, pct)
    sheet.set_column(0, 0, 32)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, 14, 16)
    book.close()
    return out.getvalue()
