from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.access import can_access_unit, visible_units
from cchc.apps.org.models import Unit, User

from .imports import validate_upload
from .models import (
    ActionKind,
    CostAction,
    CostParameter,
    CostRecord,
    Level,
    OnlineLevel,
    Procedure,
    SimplificationPlan,
    Status,
    TargetKind,
)


def _writable_units(user: User):
    return visible_units(user).filter(
        pk__in=[u.pk for u in visible_units(user) if can_access_unit(user, u, write=True)]
    )


class UploadForm(forms.Form):
    # Empty files are refused by validate_upload, with the same message as every other upload.
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"), allow_empty_file=True)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị chủ trì"))
    year = forms.IntegerField(label=_("Năm phương án"), min_value=2000, max_value=2100, required=False,
                              help_text=_("Dùng khi tệp là bảng phương án, chi phí tuân thủ."))  # fmt: skip
    decision_number = forms.CharField(label=_("Quyết định công bố (số, ký hiệu)"), max_length=80, required=False,
                                      help_text=_("Ví dụ: 2031/QĐ-UBND. Để trống nếu không có."))  # fmt: skip
    decision_date = forms.DateField(label=_("Ngày ký (dd/mm/yyyy)"), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _writable_units(user)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("decision_number") and not data.get("decision_date"):
            self.add_error("decision_date", _("Cần ngày ký của quyết định."))
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Tất cả")), *Level.choices])
    online_level = forms.ChoiceField(
        label=_("DVC trực tuyến"),
        required=False,
        choices=[("", _("Tất cả")), *OnlineLevel.choices, ("none", _("Chưa xác định"))],
    )
    internal = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả")), ("0", _("TTHC")), ("1", _("TTHC nội bộ"))],
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *Status.choices]
    )

    def __init__(self, *args, units, fields: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("Tất cả")),
            *((str(u.pk), u.name) for u in units),
        ]
        cast(forms.ChoiceField, self.fields["field"]).choices = [("", _("Tất cả")), *((f, f) for f in fields)]


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = [
            "code", "name", "field", "level", "is_internal", "unit", "time_limit_value", "time_limit_unit",
            "time_limit_condition", "online_level", "places", "legal_basis", "status", "notes",
        ]  # fmt: skip
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "legal_basis": forms.Textarea(attrs={"rows": 3}),
                   "places": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2})}  # fmt: skip

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _writable_units(user)

    def clean_code(self) -> str:
        from cchc.domain.procedures.codes import CodeError, normalize_code

        try:
            return normalize_code(self.cleaned_data["code"])
        except CodeError as exc:
            raise forms.ValidationError(str(exc)) from exc


class PlanForm(forms.ModelForm):
    class Meta:
        model = SimplificationPlan
        fields = [
            "year", "reviewed", "abolish", "time_before", "time_after", "steps_before", "steps_after",
            "components_before", "components_after", "fee_before", "fee_after", "cost_method",
            "dossiers_per_year", "hours_per_day", "cost_parameter", "cost_before", "cost_after",
            "content", "recommendation",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "cost_before": _("Chỉ nhập khi tính theo SCM đầy đủ; cách rút gọn tự tính."),
            "dossiers_per_year": _("Cần cho cách tính rút gọn (TT 02/2017 Điều 27)."),
        }

    def clean(self):
        data = super().clean()
        before, after = data.get("time_before"), data.get("time_after")
        if before is not None and after is not None and after > before and not data.get("abolish"):
            self.add_error("time_after", _("Thời hạn sau không được lớn hơn thời hạn trước."))
        if (
            data.get("cost_method") == "simplified"
            and data.get("dossiers_per_year") is None
            and before is not None
        ):
            self.add_error("dossiers_per_year", _("Cần số hồ sơ/năm để tính chi phí tuân thủ."))
        return data


class CostParameterForm(forms.ModelForm):
    class Meta:
        model = CostParameter
        fields = ["name", "hourly_income", "source", "year", "cited_by", "is_default"]


class TargetLinkForm(forms.Form):
    def __init__(self, *args, targets, initial_links: dict[str, int | None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— Chưa liên kết —")), *((str(t.pk), f"{t} · {t.task.directive}") for t in targets)]
        for kind, label in TargetKind.choices:
            self.fields[kind] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                  initial=str(initial_links.get(kind) or ""))  # fmt: skip


class RejectedRowForm(forms.Form):
    """One text field per column of the original table, pre-filled with the rejected values."""

    def __init__(self, *args, headers: list[str], raw: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for i, header in enumerate(headers):
            value = raw.get(header, "")
            widget = forms.Textarea(attrs={"rows": 2}) if len(value) > 80 else forms.TextInput()
            self.fields[f"c{i}"] = forms.CharField(
                label=header or f"#{i + 1}", required=False, initial=value, widget=widget
            )
        self.headers = headers

    def values(self) -> dict[str, str]:
        return {h: self.cleaned_data.get(f"c{i}", "") for i, h in enumerate(self.headers)}


def _vn_number(value: object) -> object:
    """A number as offices type it ("0,5", "2.000.000", "1,5 giờ" is refused), else the value unchanged."""
    from cchc.domain.numbers import NumberFormatError, parse_decimal

    if isinstance(value, str) and value.strip():
        try:
            return parse_decimal(value)
        except NumberFormatError as exc:
            raise forms.ValidationError(_("Nhập một số, ví dụ 0,5 hoặc 2.000.000.")) from exc
    return value


class VnDecimalField(forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 8})

    def to_python(self, value):
        return super().to_python(_vn_number(value))


class VnMoneyField(forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 12})

    def to_python(self, value):
        number = _vn_number(value)
        if number is not None and not isinstance(number, str) and number != int(number):  # type: ignore[call-overload]
            raise forms.ValidationError(_("Số tiền tính bằng đồng, không có phần lẻ."))
        return super().to_python(number if number in (None, "") else int(number))  # type: ignore[call-overload]


_MONEY = ("fees", "online_fees", "other_costs", "outsourcing_cost", "travel_cost")
_DECIMALS = ("state_hours_in_person", "state_hours_online", "hours", "count")


class CostRecordForm(forms.ModelForm):
    """A procedure's compliance cost of one execution and what an online submission removes (docs/procedures.md,
    "Chi phí theo kênh")."""

    online_removes = forms.MultipleChoiceField(
        label=_("Loại công việc không cần khi nộp trực tuyến"),
        choices=ActionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mặc định: đi lại, chờ đợi (giả định của cchc, TT 02/2017 không quy định theo kênh)."),
    )

    class Meta:
        model = CostRecord
        fields = [
            "fees", "online_fees", "other_costs", "cost_parameter", "online_removes", "state_hours_in_person",
            "state_hours_online", "source",
        ]  # fmt: skip
        help_texts = {
            "online_fees": _("Chỉ nhập khi biểu phí quy định mức thấp hơn cho hồ sơ trực tuyến."),
            "state_hours_in_person": _("Giả định của cchc (mặc định 0,5 giờ): kiểm tra, viết phiếu, số hóa hồ sơ giấy."),
            "cost_parameter": _("Để trống: dùng thu nhập bình quân mặc định."),
        }  # fmt: skip
        field_classes = {n: VnMoneyField for n in _MONEY} | {n: VnDecimalField for n in _DECIMALS}

    def clean(self):
        data = super().clean()
        for name in ("state_hours_in_person", "state_hours_online"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Số giờ không được âm."))
        return data


class CostActionForm(forms.ModelForm):
    class Meta:
        model = CostAction
        fields = ["name", "kind", "hours", "count", "outsourcing_cost", "travel_cost", "online"]
        widgets = {"name": forms.TextInput(attrs={"size": 40})}
        field_classes = {n: VnMoneyField for n in _MONEY} | {n: VnDecimalField for n in _DECIMALS}

    def clean(self):
        data = super().clean()
        for name in ("hours", "count"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Số giờ, số lần không được âm."))
        return data


CostActionFormSet = forms.inlineformset_factory(
    CostRecord, CostAction, form=CostActionForm, extra=3, can_delete=True, max_num=60, validate_max=True
)
