"""Forms of the documents app. Dates are typed dd/mm/yyyy."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.apps.directives.selectors import task_queryset
from cchc.apps.org.access import has_capability, signers, visible_units
from cchc.apps.org.forms import sort_people_field
from cchc.apps.org.models import Unit, User
from cchc.domain.documents.signing import same_person

from .models import ArchiveFile, IncomingDocument, OutgoingDocument, Status
from .uploads import clean_pdf

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
AUTHORITIES = [("", "—"), ("TM.", "TM."), ("KT.", "KT."), ("TL.", "TL."), ("Q.", "Q."), ("TUQ.", "TUQ.")]


def _date_field(label: StrOrPromise, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )


class DraftForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị soạn thảo"), queryset=Unit.objects.none())
    signatory_authority = forms.ChoiceField(label=_("Quyền hạn ký"), choices=AUTHORITIES, required=False)

    class Meta:
        model = OutgoingDocument
        fields = [
            "doc_type", "unit", "subject", "addressees", "body", "closing", "signer", "signatory_authority",
            "signatory_on_behalf", "signatory_position", "signatory_name", "recipients", "archive_copies",
            "urgency", "secrecy", "is_electronic", "answers_task",
        ]  # fmt: skip
        widgets = {
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = visible_units(user).filter(is_active=True)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id
        # A phòng drafts for its own head or for the Sở's leaders to sign: leaders of the organisation are
        # offered even though a unit head's scope does not include the Ban Giám đốc.
        organisation = user.unit.root() if user.unit is not None else None
        cast(forms.ModelChoiceField, self.fields["signer"]).queryset = signers(
            organisation=organisation, units=units
        )
        sort_people_field(cast(forms.ModelChoiceField, self.fields["signer"]), group=lambda u: u.role)
        # Only tasks the drafter may see can be answered (same scope as the task lists).
        cast(forms.ModelChoiceField, self.fields["answers_task"]).queryset = task_queryset(
            user=user
        ).select_related("directive")
        self.fields["signatory_name"].required = False
        self.fields["signatory_position"].required = False

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        signer = data.get("signer")
        # The printed name and title default to the chosen signer's.
        if signer is not None:
            name = signer.get_full_name()
            if data.get("signatory_name") and not same_person(data["signatory_name"], name):
                # The certificate of the signer carries their own name; another printed name would sit
                # beside "Ký bởi: <signer>" (and signing refuses it).
                self.add_error(
                    "signatory_name", _("Họ tên người ký phải là họ tên của người được chọn ký (%(name)s).")
                    % {"name": name},
                )  # fmt: skip
            data["signatory_name"] = data.get("signatory_name") or name
            data["signatory_position"] = data.get("signatory_position") or signer.position
        if not data.get("signatory_name") or not data.get("signatory_position"):
            raise forms.ValidationError(_("Chọn người ký hoặc nhập họ tên và chức vụ người ký."))
        return data


class IncomingForm(forms.ModelForm):
    doc_date = _date_field(_("Ngày tháng văn bản"))
    due_date = _date_field(_("Thời hạn giải quyết"))
    upload = forms.FileField(label=_("Tệp PDF"), required=False, allow_empty_file=True)

    class Meta:
        model = IncomingDocument
        fields = ["author", "number_symbol", "doc_date", "type_name", "subject", "receiving_unit", "due_date"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["receiving_unit"]).queryset = visible_units(user).filter(
            is_active=True
        )

    def clean_upload(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data.get("upload")
        if upload:
            clean_pdf(upload)
        return upload


class VerifyForm(forms.Form):
    # allow_empty_file: an empty file gets check_upload's message, not Django's generic one
    upload = forms.FileField(label=_("Tệp PDF cần xác thực"), allow_empty_file=True)

    def clean_upload(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["upload"]
        clean_pdf(upload)
        return upload


class ArchiveFileForm(forms.ModelForm):
    start_date = _date_field(_("Thời gian bắt đầu"), required=True)
    end_date = _date_field(_("Thời gian kết thúc"))
    due_date = _date_field(_("Hạn nộp lưu"))

    class Meta:
        model = ArchiveFile
        fields = [
            "unit", "organ_id", "file_catalog", "file_notation", "title", "maintenance", "rights", "creator",
            "language", "start_date", "end_date", "description", "due_date",
        ]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = visible_units(user).filter(
            is_active=True
        )


class AddDocumentForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Văn bản đã ban hành"), queryset=OutgoingDocument.objects.none()
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        from .selectors import documents

        super().__init__(*args, **kwargs)
        if has_capability(user, "documents.archive"):
            cast(forms.ModelChoiceField, self.fields["document"]).queryset = documents(
                user=user, status=Status.ISSUED
            )
