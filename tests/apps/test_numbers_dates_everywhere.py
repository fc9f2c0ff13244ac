"""Issue 17: numbers the Vietnamese way in every template, dates in Asia/Ho_Chi_Minh, deadlines on a day
off or in the past confirmed by the person instead of moved or accepted silently."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.template import Context, Template
from django.urls import reverse

import cchc
from cchc.apps.directives.models import Directive
from cchc.apps.directives.services.calendar import calendar
from cchc.domain.dates import format_vn_date, format_vn_datetime

SRC = Path(cchc.__file__).parent
# Import screens belong to the import issues (dossier imports: the 766 issue; procedure import previews).
IMPORT_SCREENS = {"import_preview.html", "import_detail.html", "import_list.html", "import_upload.html"}
NUMERIC_NAME = re.compile(
    r"(count|total|done|late|imported|plans|size|reviewed|rows_\w+|pages_\w+|num_pages|row_number|number)$"
)


def test_no_template_formats_numbers_by_itself():
    offenders = []
    for path in SRC.rglob("*.html"):
        if path.name in IMPORT_SCREENS:
            continue
        text = path.read_text()
        rel = path.relative_to(SRC)
        offenders += [f"{rel}: {m.group(0)}" for m in re.finditer(r"\|(floatformat|intcomma)\S*", text)]
        # "{{ x }}%": a percentage printed without the filter ("27.03%" / "27,03 %" mixed).
        offenders += [f"{rel}: {m.group(0)}" for m in re.finditer(r"\{\{ [\w.]+ \}\} ?%", text)]
        for m in re.finditer(r"blocktrans(?: count \S+)? with ([^%]*?) %\}", text):
            for var in m.group(1).split():
                _name, _eq, expr = var.partition("=")
                if expr and "|" not in expr and NUMERIC_NAME.search(expr) and "duplicate" not in expr:
                    offenders.append(f"{rel}: {var} (a count printed raw)")
    assert offenders == []


def test_number_filters_print_vietnamese_numbers():
    out = Template(
        "{{ a|num }} hồ sơ · {{ b|num }}/{{ b|num }} dòng · {{ c|num:2 }} · {{ c|pct }} · {{ d|num }} · {{ e|num }}"
    ).render(Context({"a": 50000, "b": 2000, "c": Decimal("27.03"), "d": 16000000.0, "e": None}))
    assert out == "50.000 hồ sơ · 2.000/2.000 dòng · 27,03 · 27,03% · 16.000.000 · —"


def test_aware_datetimes_are_dated_in_vietnam():
    # 00:30 on 05/12 in Hà Nội is 17:30 on 04/12 UTC: the register's "Ngày chuyển" must say 05/12.
    issued = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)
    assert format_vn_date(issued) == "05/12/2026"
    assert format_vn_datetime(issued) == "05/12/2026 00:30"
    assert format_vn_date(date(2026, 12, 5)) == "05/12/2026"


def test_no_python_code_formats_an_aware_timestamp_itself():
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"_at(\)|\b)\s*:\s*%d|_at\.strftime|_at\.date\(\)", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []


def _manual_post(units, deadline: date, **extra) -> dict:
    data = {
        "doc_type": "Kế hoạch", "number": "99/KH-TEST", "issued_on": "", "issuer": "Sở", "subject": "Kiểm tra thời hạn",
        "signer": "", "unit": units["VP"].pk, "cited": "",
        "tasks-TOTAL_FORMS": 1, "tasks-INITIAL_FORMS": 0, "tasks-MIN_NUM_FORMS": 0, "tasks-MAX_NUM_FORMS": 1000,
        "tasks-0-include": "on", "tasks-0-number": "1", "tasks-0-summary": "Báo cáo kết quả",
        "tasks-0-units": [units["QLVH"].pk], "tasks-0-deadline": deadline.strftime("%d/%m/%Y"),
    }  # fmt: skip
    data.update(extra)
    return data


def _next_day_off(start: date) -> date:
    cal = calendar()
    d = start
    while cal.is_working_day(d):
        d += timedelta(days=1)
    return d


def test_a_deadline_on_a_day_off_is_confirmed_not_moved_silently(client, login, units):
    login("vanphong")
    sunday = _next_day_off(date.today() + timedelta(days=10))
    url = reverse("directives:directive_create")
    page = client.post(url, _manual_post(units, sunday))
    assert page.status_code == 200 and not Directive.objects.exists()
    html = page.content.decode()
    monday = calendar().next_working_day(sunday)
    assert 'id="deadline-notes"' in html
    assert f"thời hạn {sunday:%d/%m/%Y} là ngày nghỉ" in html and monday.strftime("%d/%m/%Y") in html
    # The person keeps it: saved, due the next working day, the written deadline unchanged.
    response = client.post(url, _manual_post(units, sunday, confirm_deadlines="1"))
    assert response.status_code == 302
    task = Directive.objects.get().tasks.get()
    assert task.deadline == sunday and task.due_on == monday


def test_a_deadline_in_the_past_is_warned(client, login, units):
    login("vanphong")
    past = date.today() - timedelta(days=30)
    while not calendar().is_working_day(past):
        past -= timedelta(days=1)
    page = client.post(reverse("directives:directive_create"), _manual_post(units, past))
    assert not Directive.objects.exists()
    assert f"thời hạn {past:%d/%m/%Y} đã qua" in page.content.decode()
