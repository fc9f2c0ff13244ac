"""Forms of the people app. Dates are typed dd/mm/yyyy; units offered are those the user may write."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.access import can_access_unit, visible_units
from cchc.apps.org.models import Unit, User

from .imports import validate_upload
from .models import Course, DisciplineForm, StaffRecord

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label: StrOrPromise, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )


def writable_units(user: User) -> QuerySet[Unit]:
    units = visible_units(user).filter(is_active=True)
    return units.filter(pk__in=[u.pk for u in units if can_access_unit(user, u, write=True)])


class StaffForm(forms.ModelForm):
    birth_date = date_field(_("Ngày sinh (dd/mm/yyyy)"))
    started_on = date_field(_("Ngày tuyển dụng (dd/mm/yyyy)"))

    class Meta:
        model = StaffRecord
        fields = [
            "code", "family_name", "given_name", "unit", "position", "rank", "job_position", "staff_kind",
            "is_active", "birth_date", "gender", "id_number", "phone", "email", "started_on",
        ]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)


class CourseForm(forms.ModelForm):
    starts_on = date_field(_("Từ ngày (dd/mm/yyyy)"))
    ends_on = date_field(_("Đến ngày (dd/mm/yyyy)"))

    class Meta:
        model = Course
        fields = ["code", "name", "provider", "digital_skills", "starts_on", "ends_on", "unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)


class AttendanceForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Cán bộ"), queryset=StaffRecord.objects.none())
    completed_on = date_field(_("Ngày hoàn thành (dd/mm/yyyy)"))
    certificate = forms.CharField(label=_("Số chứng nhận"), max_length=80, required=False)

    def __init__(self, *args, staff: QuerySet[StaffRecord], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = staff


class DisciplineRecordForm(forms.Form):
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    decided_on = date_field(_("Ngày quyết định (dd/mm/yyyy)"), required=True)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"), allow_empty_file=True)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit.root().pk if user.unit else None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
