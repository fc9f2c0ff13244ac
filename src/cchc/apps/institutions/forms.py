"""Forms of the legal-document review. Dates are typed dd/mm/yyyy; units offered are those the user may write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.models import Unit, User
from cchc.apps.people.forms import date_field, writable_units
from cchc.domain.institutions import review as rules

from .imports import validate_upload
from .models import BatchKind, LegalDocument, ProposalStatus, ReviewRound, RoundKind

if TYPE_CHECKING:
    from django.db.models import QuerySet


def widest_unit(user: User) -> int | None:
    """The default unit of a form: the Sở when the user may write there (coordinator), else one's own unit."""
    if user.unit is None:
        return None
    root = user.unit.root()
    return root.pk if writable_units(user).filter(pk=root.pk).exists() else user.unit_id


class DocumentForm(forms.ModelForm):
    issued_on = date_field(_("Ngày ban hành (dd/mm/yyyy)"), required=True)
    effective_on = date_field(_("Ngày có hiệu lực (dd/mm/yyyy)"))

    class Meta:
        model = LegalDocument
        fields = [
            "unit", "symbol", "doc_type", "title", "issuer", "issued_on", "effective_on", "relation", "effect",
        ]  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error("effective_on", _("Ngày có hiệu lực không thể trước ngày ban hành."))
        return data

    def validate_unique(self) -> None:  # the service names a clash in Vietnamese
        pass


class RoundForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    title = forms.CharField(label=_("Tên đợt"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại đợt"), choices=RoundKind.choices)
    previous_cutoff = date_field(_("Thời điểm hệ thống hóa kỳ trước (dd/mm/yyyy, đợt hệ thống hóa)"))
    trigger_date = date_field(_("Ngày phát sinh căn cứ rà soát (dd/mm/yyyy, đợt thường xuyên)"))
    trigger_note = forms.CharField(label=_("Căn cứ rà soát"), max_length=500, required=False)
    due_on = date_field(_("Hạn hoàn thành theo kế hoạch (dd/mm/yyyy)"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)
        if not self.is_bound:
            self.fields["unit"].initial = widest_unit(user)


def _effect_choices() -> list[tuple[str, str]]:
    return [(e.code, e.label) for e in rules.load_rules().effects.values()]


def _form_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((f.code, f.label) for f in rules.load_rules().forms.values())]


class TaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.directive.number} · {obj.number} · {obj.summary[:90]}"


class FindingForm(forms.Form):
    effect = forms.ChoiceField(label=_("Kết quả rà soát (tình trạng hiệu lực)"), choices=_effect_choices)
    form = forms.ChoiceField(label=_("Hình thức xử lý đề nghị"), choices=_form_choices, required=False)
    reason = forms.CharField(
        label=_("Lý do, nội dung đề nghị"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reviewed_on = date_field(_("Ngày rà soát (dd/mm/yyyy)"), required=True)
    proposal_status = forms.ChoiceField(
        label=_("Tình trạng đề nghị"),
        choices=[("", "—"), *[(c, lbl) for c, lbl in ProposalStatus.choices if c]],
        required=False,
    )
    handled_on = date_field(_("Ngày xử lý xong (dd/mm/yyyy)"))
    task = TaskChoice(queryset=None, label=_("Nhiệm vụ liên quan"), required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, tasks: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["task"]).queryset = tasks


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại bảng"), choices=BatchKind.choices)
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"), allow_empty_file=True)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Đơn vị (danh mục văn bản)"), required=False
    )
    round = forms.ModelChoiceField(
        queryset=ReviewRound.objects.none(), label=_("Đợt rà soát (kết quả rà soát)"), required=False
    )

    def __init__(self, *args: Any, user: User, rounds: QuerySet[ReviewRound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)
        cast(forms.ModelChoiceField, self.fields["round"]).queryset = rounds
        if not self.is_bound:
            self.fields["unit"].initial = widest_unit(user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == BatchKind.DOCUMENTS and not data.get("unit"):
            self.add_error("unit", _("Chọn đơn vị của danh mục văn bản."))
        if data.get("kind") == BatchKind.FINDINGS and not data.get("round"):
            self.add_error("round", _("Chọn đợt rà soát để nhập kết quả."))
        return data
