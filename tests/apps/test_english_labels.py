"""The English UI shows the 766 group and indicator names, the register headers, the task badges and the
target states in English: each goes through gettext where it is shown (the names are data of the domain,
marked with gettext_noop). The English of the strings is put into the active catalogue for the test, as
``make messages`` puts docs/i18n/*.json into the .po file."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as dj
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from cchc.apps.directives import selectors as task_selectors
from cchc.apps.directives.models import Task, TaskStatus
from cchc.apps.documents import exports
from cchc.domain.index766 import GROUPS, INDICATORS
from tests.apps.directives.conftest import make_directive  # noqa: F401 - fixture
from tests.apps.dossiers.conftest import data_dir, loaded  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = {}
for path in sorted((ROOT / "docs" / "i18n").glob("*.json")):
    GLOSSARY.update(json.loads(path.read_text(encoding="utf-8")))
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]", re.I)


@pytest.fixture
def english(client):
    catalogue = trans_real.translation("en")._catalog
    added = [k for k in GLOSSARY if isinstance(GLOSSARY[k], str) and k not in catalogue]
    for k in added:
        catalogue[k] = GLOSSARY[k]
    client.cookies[dj.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    for k in added:
        catalogue._catalogs[0].pop(k, None)


def test_every_group_and_indicator_name_is_marked_and_has_its_english():
    source = (ROOT / "src/cchc/domain/index766_specs.py").read_text(encoding="utf-8")
    names = [g.name for g in GROUPS.values()] + [i.name for i in INDICATORS.values()]
    for name in names:
        assert f'gettext_noop("{name}")' in source, name
        assert name in GLOSSARY and not VIETNAMESE.search(GLOSSARY[name]), name
    for column in {*exports.OUTGOING_COLUMNS, *exports.INCOMING_COLUMNS}:
        assert column in GLOSSARY, column


def test_scorecard_names_in_english(english, login, loaded):  # noqa: F811
    login("giamdoc")
    ctx = english.get(reverse("dossiers:scorecard"), {"period": "03/2026"}).context
    card = ctx["card"]
    assert card is not None and card.indicator_rows()
    for row in card.indicator_rows():
        assert row["name"] == GLOSSARY[INDICATORS[row["id"]].name]
    for row in card.group_rows():
        assert row["name"] == GLOSSARY[GROUPS[row["code"]].name]
    for g in ctx["chart"]["groups"]:
        assert not VIETNAMESE.search(g["name"]), g["name"]


@pytest.mark.parametrize("direction", ["di", "den"])
def test_register_headers_in_english_while_the_api_keeps_its_keys(english, login, direction):
    login("giamdoc")
    columns = english.get(reverse("documents:register", args=[direction])).context["columns"]
    assert columns and not any(VIETNAMESE.search(c) for c in columns), columns
    api = english.get(f"/api/documents/registers/{direction}").json()
    assert api["columns"] == (exports.OUTGOING_COLUMNS if direction == "di" else exports.INCOMING_COLUMNS)


def test_task_badges_and_target_states_in_english(english, login, make_directive):  # noqa: F811
    d = make_directive(deadline=date.today() - timedelta(days=3))
    task = d.tasks.order_by("id").first()
    with translation.override("en"):
        assert task_selectors.task_state(task, today=date.today())[0] == "Overdue"
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_on=task.due_on)
        task.refresh_from_db()
        assert task_selectors.task_state(task, today=date.today())[0] == GLOSSARY.get(
            "Hoàn thành đúng hạn", translation.gettext("Hoàn thành đúng hạn")
        )
    login("giamdoc")
    html = english.get(reverse("directives:overview")).content.decode()
    assert 'data-state="missed">' in html and "Không đạt<" not in html
