"""Issue 17, on a phone: units are picked from a checkbox list with a filter box (no Ctrl-click multi-select),
and the header carries a menu button that folds the person's line and the modules. The browser side (no sideways
scroll at 390 px, one column, the menu folding) is in tests/e2e/test_role_journeys.py."""

from __future__ import annotations

import re

from django.urls import reverse

from cchc.apps.directives.models import Directive


def test_units_are_picked_from_a_filterable_checkbox_list_not_a_multi_select(client, login, units):
    login("vanphong")
    html = client.get(reverse("directives:directive_create")).content.decode()
    assert not re.search(r"<select[^>]*\bmultiple\b", html)
    for field, label in (("units", "Đơn vị chủ trì"), ("coordinating", "Đơn vị phối hợp")):
        block = re.search(
            rf'<div class="checklist" id="id_tasks-0-{field}"[^>]*>(.*?)</div>\s*</div>', html, re.S
        )
        assert block, field
        assert f'aria-label="{label}"' in block.group(0)
        assert 'class="checklist-filter"' in block.group(1)
        boxes = re.findall(rf'<input type="checkbox" name="tasks-0-{field}" value="(\d+)"', block.group(1))
        assert {int(b) for b in boxes} >= {units["QLDL"].pk, units["QLVH"].pk}
        assert "Đã chọn: 0" in block.group(1)


def test_two_units_ticked_in_the_checklist_create_a_task_for_each(client, login, units):
    login("vanphong")
    data = {
        "subject": "V/v kế hoạch CCHC",
        "number": "51/SVHTTDL-VP",
        "issued_on": "01/04/2026",
        "unit": units["VP"].pk,
        "tasks-TOTAL_FORMS": 1,
        "tasks-INITIAL_FORMS": 0,
        "tasks-0-include": "on",
        "tasks-0-number": "1",
        "tasks-0-summary": "Xây dựng kế hoạch",
        "tasks-0-units": [units["QLDL"].pk, units["QLVH"].pk],
        "tasks-0-coordinating": [units["VP"].pk],
        "tasks-0-deadline": "30/04/2026",
        "confirm_deadlines": "1",
    }
    response = client.post(reverse("directives:directive_create"), data)
    assert response.status_code == 302
    tasks = Directive.objects.get(number="51/SVHTTDL-VP").tasks.all()
    assert sorted(t.unit.code for t in tasks) == sorted([units["QLDL"].code, units["QLVH"].code])
    assert all(list(t.coordinating_units.all()) == [units["VP"]] for t in tasks)


def test_header_has_a_menu_button_folding_the_person_and_the_modules(client, login):
    login("giamdoc")
    html = client.get("/").content.decode()
    button = re.search(r'<button type="button" class="menu-toggle" id="menu-toggle"[^>]*>', html)
    assert button and 'aria-expanded="false"' in button.group(0)
    assert 'aria-controls="site-user site-nav"' in button.group(0)
    assert 'id="site-user"' in html and '<nav class="modules main" id="site-nav"' in html
    # The bell stays outside the folded part, so the unread count is seen without opening the menu.
    assert html.index('id="bell"') < html.index('id="site-user"')
