from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .access import can_change_security, grantable_role_choices, grantable_roles, visible_units
from .models import Unit, User


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
