"""Forms of the finance app. Dates are typed dd/mm/yyyy; forms come from the disclosure data file."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.access import can_access_unit, visible_units
from cchc.apps.org.models import Unit, User
from cchc.domain.finance import assets as ar
from cchc.domain.finance import disclosure as dr

from .imports import validate_upload
from .models import BatchKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )


class DisclosureForm(forms.Form):
    event_date = _date(_("Ngày phát sinh (dd/mm/yyyy)"))
    published_on = _date(_("Ngày công khai (dd/mm/yyyy)"))
    form = forms.ChoiceField(label=_("Hình thức công khai"), required=False)
    link = forms.URLField(
        label=_("Đường dẫn công khai (cổng thông tin)"), required=False, max_length=500, assume_scheme="https"
    )
    proof_document = forms.CharField(label=_("Số, ký hiệu văn bản công khai"), required=False, max_length=120)
    issued_document = forms.TypedChoiceField(
        label=_("Hoặc văn bản đã ban hành trên hệ thống"), required=False, coerce=int, empty_value=None
    )
    proof_file = forms.FileField(label=_("Hoặc tệp minh chứng (PDF, DOCX, ảnh…)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, documents=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["issued_document"]).choices = [("", "—")] + [
            (d.pk, f"{d.number or ''}/{d.symbol} — {d.subject[:80]}") for d in documents
        ]
        cast(forms.ChoiceField, self.fields["form"]).choices = [("", "—")] + [
            (f.code, f.label) for f in dr.load_rules().forms.values()
        ]

    def clean_proof_file(self):  # type: ignore[no-untyped-def]
        """The proof is kept and offered for download: checked here (extension, size, content of its kind,
        nothing active) so a refusal shows on the form; the service checks it again."""
        from cchc.apps.core.uploads import check_upload
        from cchc.domain import files

        from .services import PROOF_EXTENSIONS

        upload = self.cleaned_data.get("proof_file")
        if upload is None:
            return None
        check_upload(upload, extensions=PROOF_EXTENSIONS, label=_("tệp minh chứng"))
        upload.seek(0)
        try:
            files.check_kept_file(upload.read(), name=upload.name or "")
        except files.FileProblem as exc:
            raise forms.ValidationError(str(exc)) from exc
        finally:
            upload.seek(0)
        return upload


def writable_units(user: User) -> QuerySet[Unit]:
    units = visible_units(user).filter(is_active=True)
    return units.filter(pk__in=[u.pk for u in units if can_access_unit(user, u, write=True)])


GROUPS = [(1, _("Nhóm 1")), (2, _("Nhóm 2")), (3, _("Nhóm 3")), (4, _("Nhóm 4"))]


class AutonomyForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị sự nghiệp"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    group = forms.TypedChoiceField(label=_("Nhóm tự chủ"), choices=GROUPS, coerce=int)
    decision_number = forms.CharField(label=_("Số quyết định giao tự chủ"), required=False, max_length=80)
    decision_date = _date(_("Ngày quyết định (dd/mm/yyyy)"))
    plan_period = forms.CharField(label=_("Giai đoạn phương án tự chủ"), required=False, max_length=20)
    revenue = forms.DecimalField(label=_("Nguồn thu sự nghiệp (đồng)"), required=False, min_value=0, max_digits=18, decimal_places=0)  # fmt: skip
    spending = forms.DecimalField(label=_("Chi thường xuyên (đồng)"), required=False, min_value=0, max_digits=18, decimal_places=0)  # fmt: skip
    share = forms.DecimalField(
        label=_("Mức tự bảo đảm chi thường xuyên được duyệt (%)"), required=False, min_value=0, max_value=1000,
        max_digits=6, decimal_places=2,
    )  # fmt: skip
    finances_investment = forms.BooleanField(label=_("Tự bảo đảm chi đầu tư"), required=False)
    target_group = forms.TypedChoiceField(
        label=_("Nhóm mục tiêu theo chỉ đạo"), choices=[("", "—"), *GROUPS], coerce=int, empty_value=None,
        required=False,
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)


class AssetForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    code = forms.CharField(label=_("Mã tài sản"), max_length=40)
    name = forms.CharField(label=_("Tên tài sản"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại tài sản"))
    value = forms.DecimalField(label=_("Nguyên giá (đồng)"), min_value=0, max_digits=18, decimal_places=0)
    book_value = forms.DecimalField(label=_("Giá trị còn lại (đồng)"), required=False, min_value=0, max_digits=18, decimal_places=0)  # fmt: skip
    status = forms.ChoiceField(label=_("Hiện trạng"))
    idle_since = _date(_("Không sử dụng từ ngày (dd/mm/yyyy)"))
    handling_form = forms.ChoiceField(label=_("Hình thức xử lý"), required=False)
    handling_decision = forms.CharField(
        label=_("Quyết định xử lý (số, ký hiệu)"), required=False, max_length=120
    )
    decided_on = _date(_("Ngày quyết định xử lý (dd/mm/yyyy)"))
    handover_on = _date(_("Ngày bàn giao tạm (dd/mm/yyyy)"))
    progress = forms.ChoiceField(label=_("Tiến độ xử lý"))
    handled_on = _date(_("Ngày xử lý xong (dd/mm/yyyy)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        rules = ar.load_rules()
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(rules.kinds.items())
        cast(forms.ChoiceField, self.fields["status"]).choices = list(rules.statuses.items())
        cast(forms.ChoiceField, self.fields["handling_form"]).choices = [("", "—"), *rules.handling.items()]
        cast(forms.ChoiceField, self.fields["progress"]).choices = list(rules.progress.items())


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sổ"), choices=BatchKind.choices)
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"), allow_empty_file=True)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị (gồm các đơn vị trực thuộc)"))

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = writable_units(user)
        if user.unit_id and not self.is_bound and user.unit is not None:
            self.fields["unit"].initial = user.unit.root().pk

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
