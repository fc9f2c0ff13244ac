from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.measures import sources
from cchc.domain.errors import UserError
from cchc.domain.measures import span

from . import models


class TaskInline(admin.TabularInline):
    model = models.Task
    fields = ["number", "summary", "unit", "assignee", "status", "deadline", "progress"]
    extra = 0
    show_change_link = True


@admin.register(models.Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "subject", "unit"]
    search_fields = ["number", "subject"]
    inlines = [TaskInline]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "assignee", "status", "due_on", "progress"]
    list_filter = ["status", "unit"]
    raw_id_fields = ["directive", "assignee", "parent"]


admin.site.register(models.Target)
admin.site.register(models.ExtensionRequest)


class TargetSourceForm(forms.ModelForm):
    """The source is chosen from the registry of measured sources (cchc.domain.measures)."""

    class Meta:
        model = models.TargetSource
        fields = ["target", "source", "unit", "period"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.ChoiceField(
            label=_("Nguồn số liệu"), choices=[(s.key, f"{s.key} — {s.label}") for s in sources()]
        )

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        if period:
            try:
                span(period)
            except UserError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return period


@admin.register(models.TargetSource)
class TargetSourceAdmin(admin.ModelAdmin):
    form = TargetSourceForm
    list_display = ["source", "unit", "period", "target", "last_value", "last_synced_at"]
    list_filter = ["source"]
    raw_id_fields = ["target"]
