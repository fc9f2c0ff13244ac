"""Forms of the core app: the editable days of the working calendar."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.domain.dates import parse_vn_date

from .models import CalendarOverride


class CalendarOverrideForm(forms.ModelForm):
    day = forms.CharField(label=_("Ngày (dd/mm/yyyy)"), max_length=10)

    class Meta:
        model = CalendarOverride
        fields = ["day", "working", "name", "source"]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["day"] = self.instance.day.strftime("%d/%m/%Y")

    def clean_day(self) -> date:
        value = self.cleaned_data["day"]
        parsed = parse_vn_date(value)
        if parsed is None:
            raise ValidationError(
                _("Ngày “%(v)s” không hợp lệ; nhập theo dạng dd/mm/yyyy."), params={"v": value}
            )
        return parsed
