"""Upload → review → confirm, creation by hand, and bad input that must change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.directives import services
from cchc.apps.directives.models import Directive, ImportDraft, Task
from cchc.apps.directives.services import DirectiveInput, TaskInput

from .conftest import SEED


def _upload(client, data: bytes, name: str):
    return client.post(reverse("directives:directive_upload"), {"file": SimpleUploadedFile(name, data)})


def _review_post_data(page_context) -> dict:
    form, formset = page_context["form"], page_context["formset"]
    data = {f"{k}": ("" if v is None else v) for k, v in form.initial.items()}
    data["unit"] = form.initial["unit"].pk
    data.update(
        {
            "tasks-TOTAL_FORMS": len(formset.forms),
            "tasks-INITIAL_FORMS": len(formset.forms),
            "tasks-MIN_NUM_FORMS": 0,
            "tasks-MAX_NUM_FORMS": 1000,
            # The seed letter's deadlines are past: the reviewer keeps them (test_numbers_dates_everywhere
            # checks that they are asked to).
            "confirm_deadlines": "1",
        }
    )
    for i, f in enumerate(formset.forms):
        for k, v in f.initial.items():
            if k == "include":
                if v:
                    data[f"tasks-{i}-include"] = "on"
            elif isinstance(v, list):
                data[f"tasks-{i}-{k}"] = v
            elif isinstance(v, dict):
                continue  # display-only data (confidence bands)
            else:
                data[f"tasks-{i}-{k}"] = "" if v is None else v
    return data


def test_coordinator_uploads_the_seed_letter_and_sees_highlighted_items_with_units_preselected(
    client, login, seed_bytes, units
):
    login("vanphong")
    response = _upload(client, seed_bytes, SEED)
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "directives:directive_review", args=[draft.pk]
    )
    page = client.get(response.url)
    html = page.content.decode()
    assert '<mark class="target"' in html and "tối thiểu 30% thời gian giải quyết" in html
    assert 'id="item-2.1"' in html
    forms = page.context["formset"].forms
    item21 = next(f for f in forms if f.initial["number"] == "2.1")
    assert units["QLVH"].pk in item21.initial["units"] and units["VP"].pk in item21.initial["coordinating"]
    assert item21.initial["targets"].startswith("≥ 30% thời gian giải quyết")  # a sentence, not a tuple
    assert page.context["form"].initial["number"] == "1036/SVHTTDL-VP"
    assert page.context["form"].initial["issued_on"] == "27/03/2026"


def test_confirming_the_review_creates_the_directive_with_one_task_per_responsible_unit(
    client, login, seed_bytes, units
):
    login("vanphong")
    review = client.get(_upload(client, seed_bytes, SEED).url)
    data = _review_post_data(review.context)
    data["tasks-2-deadline"] = "30/06/2026"
    response = client.post(review.request["PATH_INFO"], data)
    directive = Directive.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "directives:directive_detail", args=[directive.pk]
    )
    assert directive.number == "1036/SVHTTDL-VP" and directive.issued_on == date(2026, 3, 27)
    assert directive.source_file.name.endswith(".txt") and "1036" in directive.source_text
    item21 = directive.tasks.filter(number="2.1")
    assert item21.count() == 5  # the five phòng chuyên môn of the demo organisation
    assert all(t.deadline == date(2026, 6, 30) and t.targets.count() == 1 for t in item21)
    assert list(item21.first().coordinating_units.values_list("code", flat=True)) == [units["VP"].code]
    # A second confirm of the same draft is refused.
    client.post(review.request["PATH_INFO"], data)
    assert Directive.objects.count() == 1


def test_a_file_that_is_not_a_letter_is_refused_with_a_vietnamese_message(client, login):
    login("vanphong")
    response = _upload(
        client,
        "Danh sách mua sắm văn phòng phẩm: bút bi, giấy in, ghim bấm, sổ tay.\n".encode() * 3,
        "mua-sam.txt",
    )
    assert response.status_code == 200
    assert "Không tìm thấy nhiệm vụ nào" in response.content.decode()
    assert not ImportDraft.objects.exists() and not Directive.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "anh.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            "Chỉ nhận tệp .txt, .docx hoặc .pdf (tệp đã chọn: “anh.png”).",
        ),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng."),  # refused before reading (it used to reach the reader)
        ("rong.txt", b"   ", "Tệp rỗng"),
        ("nhi-phan.txt", b"\x00\x01\x02" * 500, "Tệp nhị phân"),
    ],
)
def test_bad_files_get_clear_messages(client, login, name, data, message):
    login("vanphong")
    response = _upload(client, data, name)
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_a_letter_over_the_limit_gets_the_shared_message(client, login, settings):
    settings.MAX_UPLOAD_MB = 1
    login("vanphong")
    response = _upload(client, b"x" * (1024 * 1024 + 1), "cong-van.txt")
    assert "Tệp “cong-van.txt” lớn hơn 1 MB." in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_a_task_without_a_unit_is_refused_and_nothing_is_created(cast, units):
    with pytest.raises(ValidationError) as exc:
        services.directive_create(
            user=cast["vanphong"],
            directive=DirectiveInput(subject="V/v thử", unit=units["VP"]),
            tasks=[
                TaskInput(summary="Có đơn vị", units=[units["QLVH"]]),
                TaskInput(summary="Không đơn vị", number="2", units=[]),
            ],
        )
    assert "Nhiệm vụ 2: chưa chọn đơn vị chủ trì." in exc.value.messages
    assert not Directive.objects.exists() and not Task.objects.exists()


def test_a_deadline_before_the_letter_date_is_refused(cast, units):
    with pytest.raises(ValidationError) as exc:
        services.directive_create(
            user=cast["vanphong"],
            directive=DirectiveInput(subject="V/v thử", unit=units["VP"], issued_on=date(2026, 3, 27)),
            tasks=[TaskInput(summary="Làm", number="1", units=[units["QLVH"]], deadline=date(2026, 3, 1))],
        )
    assert "Nhiệm vụ 1: thời hạn 01/03/2026 trước ngày ban hành văn bản 27/03/2026." in exc.value.messages
    assert not Directive.objects.exists()


def test_review_errors_are_shown_on_the_page_and_nothing_is_saved(client, login, seed_bytes):
    login("vanphong")
    review = client.get(_upload(client, seed_bytes, SEED).url)
    data = _review_post_data(review.context)
    data["tasks-0-units"] = []
    data["issued_on"] = "27/03/2026"
    data["tasks-1-deadline"] = "01/01/2026"
    page = client.post(review.request["PATH_INFO"], data).content.decode()
    assert "Nhiệm vụ 1: chưa chọn đơn vị chủ trì." in page
    assert "thời hạn 01/01/2026 trước ngày ban hành văn bản 27/03/2026" in page
    assert not Directive.objects.exists()


def test_directive_created_by_hand_links_to_the_directives_it_cites(client, login, make_directive, units):
    cited = make_directive(number="12/KH-UBND")
    login("vanphong")
    data = {
        "subject": "V/v kế hoạch CCHC",
        "number": "50/SVHTTDL-VP",
        "issued_on": "01/04/2026",
        "unit": units["VP"].pk,
        "cited": "12/KH-UBND\n999/QĐ-UBND",
        "tasks-TOTAL_FORMS": 1,
        "tasks-INITIAL_FORMS": 0,
        "tasks-0-include": "on",
        "tasks-0-number": "1",
        "tasks-0-summary": "Xây dựng kế hoạch",
        "tasks-0-units": [units["QLDL"].pk],
        "tasks-0-deadline": "30/04/2026",
        "confirm_deadlines": "1",  # a past deadline, kept on purpose
        "tasks-0-targets": ">= 80 % ; hồ sơ trực tuyến",
    }
    response = client.post(reverse("directives:directive_create"), data)
    new = Directive.objects.get(number="50/SVHTTDL-VP")
    assert response.status_code == 302
    assert list(new.cites.all()) == [cited]
    task = new.tasks.get()
    assert task.unit == units["QLDL"] and task.targets.get().value == 80
    assert "12/KH-UBND" in client.get(reverse("directives:directive_detail", args=[new.pk])).content.decode()


def test_unit_head_cannot_import_directives(client, login, seed_bytes):
    login("truongphong.vh")
    assert _upload(client, seed_bytes, SEED).status_code == 403
