"""Form widgets shared by the apps.

``UnitChecklist`` picks several units without a Ctrl-click multi-select (unusable on a phone and unknown to many
users): a list of checkboxes under a filter box. The filtering (accents and case ignored, as ``domain.text.fold``)
and the "selected" count are done by static/js/cchc.js; without JavaScript the plain checkbox list still works.
Chosen over a vendored select component (Tom Select, Choices.js): no new dependency, nothing to keep up to date,
and the same form data (one ``name`` per checked unit) as the SelectMultiple it replaces.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise


class UnitChecklist(forms.CheckboxSelectMultiple):
    template_name = "core/widgets/checklist.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, label: str | Promise = "") -> None:
        super().__init__(attrs)
        self.label = label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.label
        context["widget"]["checked_count"] = len([v for v in (context["widget"]["value"] or []) if v])
        return context
