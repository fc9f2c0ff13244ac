from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .access import is_admin, visible_units
from .models import Role, Unit, User


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
        self.fields["parent"].queryset = visible_units(user)


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Mật khẩu mới"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Để trống nếu không đổi."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "unit",
            "role",
            "position",
            "phone",
            "is_active",
        ]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user)
        if not is_admin(user):
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.ADMIN]

    def save(self, commit: bool = True) -> User:
        account = super().save(commit=False)
        if self.cleaned_data.get("password"):
            account.set_password(self.cleaned_data["password"])
        elif not account.pk:
            account.set_unusable_password()
        if commit:
            account.save()
        return account
