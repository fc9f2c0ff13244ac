"""The year's workflow labels (states and step buttons) are msgids of the domain (gettext_noop) shown through
{% trans %}/gettext: on the English UI the year page shows them in English (docs/i18n/par.json)."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from cchc.domain.assessment import workflow
from tests.apps.test_english_labels import GLOSSARY, VIETNAMESE, english  # noqa: F401 - fixture

SOURCE = Path(workflow.__file__).read_text(encoding="utf-8")


def test_every_state_and_step_label_is_marked_and_translated() -> None:
    for label in [*workflow.STATES.values(), *(s.label for s in workflow.STEPS)]:
        assert f'gettext_noop("{label}")' in SOURCE, label
        assert label in GLOSSARY and not VIETNAMESE.search(GLOSSARY[label]), label


def test_year_page_state_and_buttons_in_english(english, login, year_2026) -> None:  # noqa: F811
    login("vanphong")
    page = english.get(reverse("assessment:year", args=[2026])).content.decode()
    assert f'<div class="stat" id="state">{GLOSSARY[workflow.STATES[workflow.DRAFT]]}</div>' in page
    assert f'id="step-open">{GLOSSARY[workflow.step("open").label]}</button>' in page
    years = english.get(reverse("assessment:index")).content.decode()
    assert GLOSSARY["Dự thảo"] in years and "<td>Dự thảo</td>" not in years
