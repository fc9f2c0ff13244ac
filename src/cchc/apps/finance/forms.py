"""Forms of the finance app. Dates are typed dd/mm/yyyy; forms come from the disclosure data file."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.domain.finance import disclosure as dr

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
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = [("", "—")] + [
            (f.code, f.label) for f in dr.load_rules().forms.values()
        ]
