from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.widgets import UnitChecklist

from .access import can_change_security, grantable_role_choices, grantable_roles, visible_units
from .models import ChangeKind, Unit, User


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "parent",
            "code",
            "name",
            "abbreviation",
            "kind",
            "parent_body",
            "place_name",
            "aliases",
            "order",
            "is_active",
        ]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = visible_units(user)


def sort_people_field(field: forms.ModelChoiceField, *, group=None) -> None:
    """Offer the people of a choice field in Vietnamese directory order (tên, then họ đệm), optionally
    grouped first by ``group(user)``. Validation still goes through the field's queryset."""
    if field.queryset is None:  # not set yet: nothing to order
        return
    people = sorted(field.queryset, key=lambda u: ((group(u) if group else ""), u.name_sort_key, u.pk))
    choices = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = choices + [(u.pk, field.label_from_instance(u)) for u in people]


class UserForm(forms.ModelForm):
    """Create or edit an account. Which roles are offered and whether role, active flag and password may be
    set follow access.grantable_roles / can_change_security; the view has already refused accounts the
    user may not manage at all (access.check_manage_account)."""

    password = forms.CharField(
        label=_("Mật khẩu mới"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống nếu không đổi."),
    )

    class Meta:
        model = User
        # Vietnamese order: họ first, then đệm and tên (User.get_full_name joins them in that order).
        labels = {"last_name": _("Họ"), "first_name": _("Tên đệm và tên")}
        help_texts = {"first_name": _("Ví dụ: họ “Trần”, tên đệm và tên “Mạnh Hùng”.")}
        fields = [
            "username",
            "last_name",
            "first_name",
            "email",
            "unit",
            "role",
            "position",
            "phone",
            "is_active",
        ]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editor = user
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = visible_units(user)
        account = self.instance if self.instance.pk else None
        if can_change_security(user, account):
            cast(forms.ChoiceField, self.fields["role"]).choices = grantable_role_choices(user)
        else:  # one's own account: role, active flag and password stay as they are
            for name in ("role", "is_active", "password"):
                del self.fields[name]

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role not in grantable_roles(self.editor):
            raise forms.ValidationError(_("Bạn không có quyền gán vai trò này."))
        return role

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        password = cleaned.get("password")
        if password:
            # The similarity check compares with what the account will be called after this save.
            candidate = User(
                **{
                    name: cleaned.get(name, getattr(self.instance, name))
                    for name in ("username", "first_name", "last_name", "email")
                }
            )
            try:
                password_validation.validate_password(password, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned

    def save(self, commit: bool = True) -> User:
        account = super().save(commit=False)
        if self.cleaned_data.get("password"):
            account.set_password(self.cleaned_data["password"])
        elif not account.pk:
            account.set_unusable_password()
        if commit:
            account.save()
        return account


def _vn_date(label, required: bool = True) -> forms.DateField:
    """dd/mm/yyyy, typed (offices type dates; the browser's picker is not used)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%d/%m/%Y"],
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy.")},
    )


class UnitChangeForm(forms.Form):
    """One unit change (docs/org-history.md). Create a new unit first (a merger's or split's new unit),
    then record the change naming it."""

    kind = forms.ChoiceField(label=_("Loại thay đổi"), choices=ChangeKind.choices)
    effective_on = _vn_date(_("Ngày có hiệu lực"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80)
    decision_date = _vn_date(_("Ngày quyết định"), required=False)
    sources = forms.ModelMultipleChoiceField(
        label=_("Đơn vị trước thay đổi"),
        queryset=Unit.objects.none(),
        widget=UnitChecklist(label=_("Đơn vị trước thay đổi")),
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("Đơn vị sau thay đổi"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitChecklist(label=_("Đơn vị sau thay đổi")),
        help_text=_(
            "Hợp nhất: đúng một đơn vị; chia tách: các đơn vị mới; đổi tên, chuyển, giải thể: để trống."
        ),
    )
    history_to = forms.ModelChoiceField(
        label=_("Chia tách: đơn vị nhận lịch sử"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống: số liệu cũ của đơn vị bị chia tách hiện riêng, theo đơn vị cũ."),
    )
    new_name = forms.CharField(label=_("Đổi tên: tên mới"), max_length=255, required=False)
    new_parent = forms.ModelChoiceField(
        label=_("Chuyển: đơn vị cấp trên mới"), queryset=Unit.objects.none(), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = visible_units(user)
        for name in ("sources", "targets", "history_to", "new_parent"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = units


class StaffingUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"), allow_empty_file=True)

    def clean_file(self):
        from .staffing import validate_upload

        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
