"""Forms of the periodic CCHC reports."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.access import visible_units
from cchc.apps.org.models import Unit, User


def period_choices(today: date) -> list[tuple[str, str]]:
    """The periods of this year and the last: quarters, six months, year (standards §8)."""
    out = []
    for year in (today.year, today.year - 1):
        for q in range(1, 5):
            out.append((f"{year}-Q{q}", gettext("Quý %(q)s năm %(y)s") % {"q": q, "y": year}))
        out.append((f"{year}-H1", gettext("6 tháng đầu năm %(y)s") % {"y": year}))
        out.append((str(year), gettext("Năm %(y)s") % {"y": year}))
    return out


class CreateReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=Unit.objects.none())
    period = forms.ChoiceField(label=_("Kỳ báo cáo"))

    def __init__(self, *args, user: User, today: date, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        units = visible_units(user).filter(is_active=True).order_by("path")
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = units
        if user.unit is not None:
            field.initial = (
                user.unit.root().pk if units.filter(pk=user.unit.root().pk).exists() else user.unit.pk
            )
        cast(forms.ChoiceField, self.fields["period"]).choices = period_choices(today)
