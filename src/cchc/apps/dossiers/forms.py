"""Forms: uploads, scorecard filters (periods as offices write them) and calendar overrides."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.analytics.periods import JudgeOpen, parse_as_of
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.models import Unit, User
from cchc.domain import files
from cchc.domain.dates import parse_vn_date
from cchc.domain.index766 import Index766Params, open_denominator_choices
from cchc.domain.measures import window

from .selectors import scorecard_units
from .services import ALLOWED_EXTENSIONS

_MONTH = re.compile(r"^(?:th[aá]ng\s*)?(\d{1,2})\s*/\s*(\d{4})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:q|qu[yý]\s*)([1-4])\s*/\s*(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:n[aă]m\s*)?(\d{4})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\S+)\s*(?:–|-|—|đến|den)\s*(\S+)$", re.IGNORECASE)


def parse_vn_period(text: str) -> str:
    """ "03/2026" → "2026-03", "Q1/2026" → "2026-Q1", "2026", "01/01/2026–31/03/2026" → "2026-01-01..2026-03-31"."""
    text = text.strip()
    if m := _MONTH.match(text):
        if 1 <= int(m[1]) <= 12:
            return f"{m[2]}-{int(m[1]):02d}"
    elif m := _QUARTER.match(text):
        return f"{m[2]}-Q{m[1]}"
    elif m := _YEAR.match(text):
        return m[1]
    elif m := _RANGE.match(text):
        a, b = parse_vn_date(m[1]), parse_vn_date(m[2])
        if a and b and a <= b:
            return window(a, b)
    raise ValidationError(
        _(
            "Kỳ “%(v)s” không hợp lệ. Nhập tháng 03/2026, quý Q1/2026, năm 2026 hoặc khoảng 01/01/2026–31/03/2026."
        ),
        params={"v": text},
    )


def vn_period_label(period: str) -> str:
    """The store's period label back in the office form: "2026-03" → "03/2026", "2026-Q1" → "Q1/2026"."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[2]}/{m[1]}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"Q{m[2]}/{m[1]}"
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", period):
        a, b = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        return f"{a:%d/%m/%Y}–{b:%d/%m/%Y}"
    return period


class ImportForm(forms.Form):
    # Empty files are refused by check_upload, with the same message as every other upload.
    file = forms.FileField(
        label=_("Tệp hồ sơ xuất từ phần mềm một cửa (.csv, .xlsx, .json)"), allow_empty_file=True
    )
    source = forms.CharField(
        label=_("Nguồn dữ liệu"),
        max_length=60,
        initial="mot-cua",
        help_text=_("Ví dụ: mot-cua, dvcqg. Hồ sơ cùng nguồn và cùng mã được cập nhật, không nhân đôi."),
    )

    unknown_codes = forms.ChoiceField(
        label=_("Dòng có mã đơn vị hoặc mã TTHC không có trong cơ cấu tổ chức, danh mục"),
        choices=[
            ("keep", _("Nhập và đếm vào mục “chưa xác định đơn vị”")),
            ("quarantine", _("Đưa vào khu cách ly để sửa rồi nhập lại")),
        ],
        initial="keep",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_unknown_codes(self) -> str:
        return "quarantine" if self.cleaned_data.get("unknown_codes") == "quarantine" else "keep"

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        try:
            check_upload(f, extensions=ALLOWED_EXTENSIONS)
        except ValidationError as exc:
            if exc.code != "too_large":
                raise
            hint = _("Với tệp rất lớn, hãy dùng lệnh “cchc dossiers import”.")
            raise ValidationError(f"{exc.messages[0]} {hint}", code="too_large") from exc
        try:  # a renamed file, a zip bomb, a wrong encoding: said now, not later by the import job
            files.check_content(f, name=f.name or "")
        except files.FileProblem as exc:
            raise ValidationError(str(exc), code="content") from exc
        return f

    def clean_source(self) -> str:
        value = self.cleaned_data["source"].strip()
        if not re.fullmatch(r"[\w.-]+", value):
            raise ValidationError(_("Tên nguồn chỉ gồm chữ, số, dấu chấm, gạch ngang (ví dụ: mot-cua)."))
        return value


class JudgingForm(forms.Form):
    """When dossiers are judged (scorecard page and drill-down): the cut-off day, included; whether open
    dossiers are judged at their period's end or at the cut-off; the documented choices of denominators
    (docs/analytics.md, "Cut-off")."""

    as_of = forms.CharField(
        label=_("Đánh giá đến hết ngày"),
        required=False,
        max_length=10,
        help_text=_("dd/mm/yyyy, tính cả ngày đó; để trống: đến thời điểm hiện tại."),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
    )
    judge_open = forms.ChoiceField(
        label=_("Hồ sơ chưa giải quyết xong được đánh giá"),
        required=False,
        choices=[
            ("period_end", _("vào cuối kỳ (mặc định)")),
            ("as_of", _("tại ngày đánh giá")),
        ],
    )
    unfinished = forms.MultipleChoiceField(
        label=_("Mẫu số gồm cả hồ sơ chưa giải quyết xong"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    as_it_was = forms.BooleanField(
        label=_("Như lúc đó (không gộp đơn vị đã hợp nhất, chia tách)"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unfinished"]).choices = [
            (i, _("Chỉ số %(i)s") % {"i": i}) for i in open_denominator_choices()
        ]

    def clean_as_of(self) -> datetime | None:
        text = (self.cleaned_data.get("as_of") or "").strip()
        if not text:
            return None
        day = parse_vn_date(text)
        if day is None:
            raise ValidationError(
                _("Ngày đánh giá “%(v)s” không hợp lệ; nhập theo dạng dd/mm/yyyy."), params={"v": text}
            )
        return parse_as_of(day.isoformat())

    def clean_judge_open(self) -> str:
        return self.cleaned_data.get("judge_open") or "period_end"

    def judging(self) -> tuple[datetime | None, JudgeOpen, Index766Params]:
        """(as_of, judge_open, params) of a valid form; the defaults otherwise."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound and self.is_valid() else {}
        chosen = frozenset(data.get("unfinished") or ())
        how: JudgeOpen = "as_of" if data.get("judge_open") == "as_of" else "period_end"
        return data.get("as_of"), how, Index766Params(unfinished_in_denominator=chosen)

    def query(self) -> str:
        """The judging options of a valid form as a query string to carry into drill-down links ("&…")."""
        if not (self.is_bound and self.is_valid()):
            return ""
        params = []
        if self.cleaned_data.get("as_of"):
            params.append(("as_of", self.data.get("as_of", "")))
        if self.cleaned_data.get("judge_open") == "as_of":
            params.append(("judge_open", "as_of"))
        params += [("unfinished", i) for i in self.cleaned_data.get("unfinished") or ()]
        if self.cleaned_data.get("as_it_was"):
            params.append(("as_it_was", "1"))
        return "".join("&" + urlencode([p]) for p in params)

    def mapped(self) -> bool:
        """Read onto today's unit tree (the default) unless "as it was" is asked (docs/org-history.md)."""
        return not (self.is_bound and self.is_valid() and self.cleaned_data.get("as_it_was"))


class ScorecardFilterForm(JudgingForm):
    field_order = ["unit", "period", "by_procedure", "as_of", "judge_open", "unfinished"]
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Toàn bộ")
    )
    period = forms.CharField(
        label=_("Kỳ"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "03/2026, Q1/2026, 2026", "size": 24}),
    )
    by_procedure = forms.BooleanField(label=_("Theo từng TTHC"), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = scorecard_units(user=user)

    def clean_period(self) -> str:
        text = self.cleaned_data.get("period") or ""
        return parse_vn_period(text) if text.strip() else ""


class PortalImportForm(forms.Form):
    """A file of the national portal's 766 scores (docs/analytics.md, "Đối chiếu với Cổng DVCQG")."""

    file = forms.FileField(
        label=_("Tệp điểm 766 tải từ Cổng DVCQG (.csv, .xlsx hoặc .json)"),
        allow_empty_file=True,
        help_text=_(
            "Bảng tải từ trang Chỉ số phục vụ người dân, doanh nghiệp, hoặc JSON của các API báo cáo."
        ),
    )
    unit = forms.ModelChoiceField(label=_("Số liệu của"), queryset=Unit.objects.none(), empty_label=None)
    period = forms.CharField(
        label=_("Kỳ"),
        required=False,
        max_length=40,
        help_text=_("Chỉ cần khi tệp không ghi kỳ: 03/2026, Q1/2026, 2026."),
        widget=forms.TextInput(attrs={"placeholder": "03/2026", "size": 12}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from cchc.apps.org.access import can_access_unit

        units = [u for u in scorecard_units(user=user) if can_access_unit(user, u, write=True)]
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path", "order", "name")
        if units:
            field.initial = units[0].pk  # the widest unit the user may write: the Sở for the coordinator

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        check_upload(f, extensions=(".csv", ".xlsx", ".json"))
        try:  # a renamed file, a zip bomb, a wrong encoding: said on the form
            files.check_content(f, name=f.name or "")
        except files.FileProblem as exc:
            raise ValidationError(str(exc), code="content") from exc
        return f

    def clean_period(self) -> str:
        text = self.cleaned_data.get("period") or ""
        return parse_vn_period(text) if text.strip() else ""


class FeedForm(forms.Form):
    """A continuous feed: its source, the unit responsible, the quiet threshold; the drop folder only for an
    administrator (the field is not on the form for anyone else)."""

    source = forms.CharField(
        label=_("Nguồn dữ liệu"),
        max_length=60,
        help_text=_(
            "Như khi tải tệp lên, ví dụ: mot-cua. Tệp của nguồn được ghép cột theo mẫu cột đã lưu của nguồn."
        ),
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị phụ trách"), queryset=Unit.objects.none())
    folder = forms.CharField(
        label=_("Thư mục nhận tệp"),
        max_length=200,
        required=False,
        help_text=_("Tương đối trong thư mục nguồn tự động; để trống: thư mục mang tên nguồn."),
    )
    enabled = forms.BooleanField(label=_("Đang theo dõi"), required=False, initial=True)
    quiet_after = forms.IntegerField(label=_("Báo im lặng sau"), min_value=1, max_value=999, initial=2)
    quiet_unit = forms.ChoiceField(
        label=_("Đơn vị của ngưỡng"),
        choices=[("working_days", _("ngày làm việc")), ("hours", _("giờ"))],
        initial="working_days",
    )
    unknown_codes = ImportForm.base_fields["unknown_codes"]

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from cchc.apps.org.access import can_access_unit, is_admin, visible_units

        units = [u.pk for u in visible_units(user) if can_access_unit(user, u, write=True)]
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = Unit.objects.filter(
            pk__in=units
        ).order_by("path")
        if not self.initial.get("unit") and user.unit_id in units:
            self.fields["unit"].initial = user.unit_id
        if not is_admin(user):
            del self.fields["folder"]

    clean_unknown_codes = ImportForm.clean_unknown_codes
    clean_source = ImportForm.clean_source
