"""Forms: parse and validate what people type; the services decide and write."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.uploads import check_upload
from cchc.apps.core.widgets import UnitChecklist
from cchc.apps.org.forms import sort_people_field
from cchc.apps.org.models import Unit, User
from cchc.domain.dates import parse_vn_date
from cchc.domain.directives.targets import parse_target_sentence

from .extraction import ALLOWED_EXTENSIONS
from .models import Recurrence
from .services import DirectiveInput, TargetEdit, TargetInput, TaskInput, check_evidence, parse_decimal
from .services.corrections import COMPARATORS


class VnDateField(forms.CharField):
    """dd/mm/yyyy in, ``date`` out (the browser's date picker is not used: offices type dates)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: str) -> date | None:  # type: ignore[override]
        value = (value or "").strip()
        if not value:
            return None
        parsed = parse_vn_date(value)
        if parsed is None:
            raise ValidationError(
                _("Ngày “%(v)s” không hợp lệ; nhập theo dạng dd/mm/yyyy."), params={"v": value}
            )
        return parsed


class UploadForm(forms.Form):
    # Empty files are refused by check_upload, with the same message as every other upload.
    file = forms.FileField(label=_("Tệp văn bản (.txt, .docx, .pdf)"), allow_empty_file=True)

    def clean_file(self):
        f = self.cleaned_data["file"]
        check_upload(f, extensions=ALLOWED_EXTENSIONS)
        return f


class DirectiveForm(forms.Form):
    doc_type = forms.CharField(label=_("Loại văn bản"), required=False, max_length=60)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=80)
    issued_on = VnDateField(label=_("Ngày ban hành"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255)
    subject = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=160)
    unit = forms.ModelChoiceField(label=_("Đơn vị theo dõi"), queryset=Unit.objects.none())
    cited = forms.CharField(
        label=_("Văn bản dẫn chiếu (số, ký hiệu; mỗi dòng một văn bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units

    def to_input(self) -> DirectiveInput:
        d = self.cleaned_data
        return DirectiveInput(
            subject=d["subject"],
            unit=d["unit"],
            doc_type=d["doc_type"],
            number=d["number"],
            issued_on=d["issued_on"],
            issuer=d["issuer"],
            signer=d["signer"],
            cited_numbers=[c.strip() for c in d["cited"].splitlines() if c.strip()],
        )


def parse_targets(raw: str) -> list[TargetInput]:
    """One target per line, as the review screen shows it: "≥ 30% thời gian giải quyết TTHC, so với năm 2024
    (năm 2026)"; the older "≥ 30 % ; nội dung" form is read too."""
    out = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        g = parse_target_sentence(line)
        if g is None or not g["metric"]:
            raise ValidationError(
                _("Chỉ tiêu “%(l)s” chưa đúng dạng “≥ 30% nội dung chỉ tiêu”."), params={"l": line.strip()}
            )
        out.append(
            TargetInput(
                metric=g["metric"],
                value=parse_decimal(g["value"]),
                comparator=g["comparator"],
                unit=g["unit"],
                text=line.strip(),
                target_year=g["target_year"],
                baseline=g["baseline"],
            )
        )
    return out


class TaskDraftForm(forms.Form):
    include = forms.BooleanField(label=_("Tạo nhiệm vụ"), required=False, initial=True)
    number = forms.CharField(
        label=_("Mục"), required=False, max_length=20, widget=forms.TextInput(attrs={"size": 4})
    )
    summary = forms.CharField(label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitChecklist(label=_("Đơn vị chủ trì")),
    )
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitChecklist(label=_("Đơn vị phối hợp")),
    )
    deadline = VnDateField(label=_("Thời hạn"), required=False)
    deadline_text = forms.CharField(required=False, widget=forms.HiddenInput)
    recurrence = forms.ChoiceField(label=_("Lặp lại"), choices=Recurrence.choices, required=False)
    recurrence_day = forms.IntegerField(
        label=_("Hạn: ngày trong tháng"), required=False, min_value=1, max_value=31
    )
    targets = forms.CharField(
        label=_("Chỉ tiêu (mỗi dòng một chỉ tiêu: ≥ 30% nội dung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    span = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            cast(forms.ModelChoiceField, self.fields["units"]).queryset = units
            cast(forms.ModelChoiceField, self.fields["coordinating"]).queryset = units

    def clean_targets(self) -> list[TargetInput]:
        return parse_targets(self.cleaned_data.get("targets") or "")

    def to_input(self) -> TaskInput | None:
        d = self.cleaned_data
        if not d.get("include"):
            return None
        span = tuple(int(x) for x in d["span"].split(",")) if d.get("span") else None
        return TaskInput(
            summary=d.get("summary") or "",
            units=list(d.get("units") or []),
            number=d.get("number") or "",
            coordinating=list(d.get("coordinating") or []),
            deadline=d.get("deadline"),
            deadline_text=d.get("deadline_text") or "",
            recurrence=d.get("recurrence") or "",
            recurrence_day=d.get("recurrence_day"),
            targets=d.get("targets") or [],
            span=span if span and len(span) == 2 else None,  # type: ignore[arg-type]
        )


TaskDraftFormSet = forms.formset_factory(TaskDraftForm, extra=0)
# "Tạo thủ công": one row to start with; the page adds and removes rows (static/js/task-rows.js).
ManualTaskFormSet = forms.formset_factory(TaskDraftForm, extra=1)


class AddTaskForm(TaskDraftForm):
    """A task added to a confirmed directive: the same fields as on the review screen."""

    include = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)


# --- corrections after confirming ---------------------------------------------------------------------------


class TaskUnitsForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitChecklist(label=_("Đơn vị phối hợp")),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["coordinating"]).queryset = units


class TaskDeadlineForm(forms.Form):
    deadline = VnDateField(
        label=_("Thời hạn mới"), required=False, help_text=_("Để trống: không có thời hạn.")
    )


class TargetEditForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    metric = forms.CharField(label=_("Chỉ tiêu"), max_length=255, required=False)
    comparator = forms.ChoiceField(
        label=_("So sánh"), choices=[(c, c.replace(">=", "≥").replace("<=", "≤")) for c in COMPARATORS]
    )
    value = forms.CharField(label=_("Giá trị"), max_length=20, required=False)
    unit = forms.CharField(
        label=_("Đơn vị tính"), max_length=30, required=False, widget=forms.TextInput(attrs={"size": 6})
    )
    target_year = forms.IntegerField(label=_("Năm đạt"), required=False, min_value=2000, max_value=2100)

    def clean_value(self):
        raw = (self.cleaned_data.get("value") or "").strip()
        return parse_decimal(raw) if raw else None

    def to_edit(self) -> TargetEdit | None:
        d = self.cleaned_data
        if not d:
            return None
        blank = not (d.get("metric") or "").strip() and d.get("value") is None
        if blank and not d.get("id"):
            return None  # an empty row left for adding
        return TargetEdit(
            id=d.get("id"),
            metric=d.get("metric") or "",
            value=d.get("value"),
            comparator=d.get("comparator") or ">=",
            unit=d.get("unit") or "",
            target_year=d.get("target_year"),
            delete=bool(d.get("DELETE")),
        )


TargetEditFormSet = forms.formset_factory(TargetEditForm, extra=1, can_delete=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=User.objects.none())

    def __init__(self, *args, users, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = users
        sort_people_field(cast(forms.ModelChoiceField, self.fields["assignee"]))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    # Empty files reach clean_files, which refuses them with the shared message (core.uploads).
    files = MultipleFileField(  # type: ignore[assignment]  # a declared field (moved to base_fields), not BaseForm.files
        label=_("Tệp minh chứng"), required=False, allow_empty_file=True
    )

    def clean_files(self) -> list:
        """Each file checked (services.check_evidence, which the service runs again): one sentence per
        refused file, naming it, so the reporter knows which to replace; the report is not sent."""
        uploads = self.cleaned_data.get("files") or []
        errors: list[ValidationError] = []
        for f in uploads:
            try:
                check_evidence(f)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return uploads


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    new_deadline = VnDateField(label=_("Đề nghị gia hạn đến"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}))


class MeasurementForm(forms.Form):
    # Rendered in each row of the targets table without a <label>: the inputs carry their names (axe: label).
    value = forms.CharField(
        label=_("Giá trị đạt được"),
        max_length=20,
        widget=forms.TextInput(attrs={"aria-label": _("Giá trị đạt được")}),
    )
    measured_on = VnDateField(
        label=_("Ngày đo"),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10, "aria-label": _("Ngày đo")}),
    )
    source = forms.CharField(label=_("Nguồn số liệu"), required=False, max_length=120)


class PeriodForm(forms.Form):
    start = VnDateField(label=_("Từ ngày"), required=False)
    end = VnDateField(label=_("Đến ngày"), required=False)
