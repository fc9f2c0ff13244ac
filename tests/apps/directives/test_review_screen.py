"""The review screen after an upload: a confidence band per field (the low ones marked and listed first,
none left out), units of other bodies shown as external, targets as sentences, recurrences with their day,
and a letter imported twice recognised before a second directive is created."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.directives.models import Directive, ImportDraft

from .test_import import _review_post_data

LETTER = """UBND TỈNH LAI CHÂU
SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
Số: 77/SVHTTDL-VP
V/v rà soát thủ tục hành chính
Lai Châu, ngày 02 tháng 4 năm 2026

Kính gửi: Các phòng chuyên môn thuộc Sở.

1. Phòng Quản lý Văn hóa chủ trì, phối hợp với Văn phòng UBND tỉnh rà soát thủ tục hành chính, cắt giảm
tối thiểu 30% thời gian giải quyết so với năm 2024.
2. Văn phòng Sở tổng hợp, báo cáo kết quả thực hiện trước ngày 20 hằng tháng.
3. Về công tác khác.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _upload(client, data: bytes = LETTER.encode(), name: str = "cv77.txt"):
    return client.post(reverse("directives:directive_upload"), {"file": SimpleUploadedFile(name, data)})


def test_review_marks_low_confidence_and_keeps_every_item(client, login, units):
    login("vanphong")
    page = client.get(_upload(client).url)
    html = page.content.decode()
    rows = [f.initial for f in page.context["formset"].forms]
    assert [r["number"] for r in rows] == ["1", "2", "3"]  # the doubtful item is shown, not dropped
    low = [r["number"] for r in rows if r["low"]]
    assert low == ["3"]
    assert 'id="low-confidence"' in html and 'href="#task-form-2"' in html
    assert 'class="task-form low-conf" id="task-form-2"' in html
    assert 'class="band high" data-field="units"' in html


def test_other_bodies_are_external_targets_read_as_sentences_and_recurrence_keeps_its_day(
    client, login, units
):
    login("vanphong")
    page = client.get(_upload(client).url)
    rows = {f.initial["number"]: f.initial for f in page.context["formset"].forms}
    one, two = rows["1"], rows["2"]
    # "Văn phòng UBND tỉnh" is not the department's Văn phòng: external, not preselected
    assert units["VP"].pk not in one["coordinating"]
    assert one["external_units"] == ["Văn phòng UBND tỉnh"]
    assert "Văn phòng UBND tỉnh" in page.content.decode().split('id="task-form-0"')[1].split("task-form-1")[0]
    assert one["targets"] == "≥ 30% thời gian giải quyết, so với năm 2024"
    assert units["VP"].pk in two["units"]
    assert two["recurrence"] == "monthly" and two["recurrence_day"] == 20


def test_target_sentence_is_read_back_when_confirming(client, login, units):
    login("vanphong")
    review = client.get(_upload(client).url)
    data = _review_post_data(review.context)
    data["tasks-2-include"] = ""
    response = client.post(review.request["PATH_INFO"], data)
    assert response.status_code == 302
    target = Directive.objects.get().tasks.get(number="1").targets.get()
    assert (target.comparator, target.value, target.unit) == (">=", 30, "%")
    assert target.metric == "thời gian giải quyết" and target.baseline == "năm 2024"


def test_a_letter_imported_twice_is_recognised_and_the_user_asked(client, login, units):
    login("vanphong")
    review = client.get(_upload(client).url)
    data = _review_post_data(review.context)
    data["tasks-2-include"] = ""
    assert client.post(review.request["PATH_INFO"], data).status_code == 302
    assert Directive.objects.count() == 1
    # the same letter again (same number, issuer and date)
    second = client.get(_upload(client, name="lan2.txt").url)
    assert second.context["duplicate"] == Directive.objects.get()
    assert 'id="duplicate"' in second.content.decode()
    data = _review_post_data(second.context)
    data["tasks-2-include"] = ""
    refused = client.post(second.request["PATH_INFO"], data)
    assert refused.status_code == 200 and Directive.objects.count() == 1
    assert "đã được nhập" in refused.content.decode()
    data["confirm_duplicate"] = "1"
    assert client.post(second.request["PATH_INFO"], data).status_code == 302
    assert Directive.objects.count() == 2


def test_same_text_without_a_number_is_recognised(client, login, units):
    login("vanphong")
    text = LETTER.replace("Số: 77/SVHTTDL-VP\n", "")
    review = client.get(_upload(client, text.encode()).url)
    data = _review_post_data(review.context)
    data["tasks-2-include"] = ""
    assert client.post(review.request["PATH_INFO"], data).status_code == 302
    again = client.get(_upload(client, text.encode(), "copy.txt").url)
    assert again.context["duplicate"] is not None
    assert ImportDraft.objects.count() == 2


def test_confirmed_letter_becomes_a_gold_file_and_the_organisations_evaluation_set(
    client, login, units, confirmed_dir, capsys
):
    import json

    from cchc.cli import main

    login("vanphong")
    review = client.get(_upload(client).url)
    data = _review_post_data(review.context)
    data["tasks-2-include"] = ""  # the coordinator drops item 3 …
    data["tasks-0-deadline"] = "30/06/2026"  # … and adds a deadline the letter implies
    assert client.post(review.request["PATH_INFO"], data).status_code == 302
    directive = Directive.objects.get()
    gold = json.loads((confirmed_dir / f"{directive.pk}.json").read_text(encoding="utf-8"))
    assert (confirmed_dir / f"{directive.pk}.txt").read_text(
        encoding="utf-8"
    ) == ImportDraft.objects.get().text
    assert gold["doc_number"] == "77/SVHTTDL-VP" and gold["signed_date"] == "2026-04-02"
    assert [t["number"] for t in gold["tasks"]] == ["1", "2"]
    one, two = gold["tasks"]
    assert one["deadline_iso"] == "2026-06-30" and one["responsible_units"] == ["Phòng Quản lý Văn hóa"]
    assert one["targets"] == [
        {"metric": "thời gian giải quyết", "value": 30.0, "unit": "%", "comparator": ">="}
    ]
    assert two["recurring"] == "FREQ=MONTHLY;BYMONTHDAY=20"
    # the evaluation of the department's own letters: the extractor missed the deadline the coordinator added
    # and proposed item 3, which was dropped
    assert main(["directives", "eval", "--confirmed", str(confirmed_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"]["tasks"] == {**report["overall"]["tasks"], "tp": 2, "fp": 1, "fn": 0}
    assert report["overall"]["deadlines"]["fn"] == 1 and report["overall"]["deadlines"]["tp"] == 1
    assert list(report["by_month"]) == [gold["confirmed_at"][:7]]
    assert main(["directives", "eval", "--confirmed", str(confirmed_dir)]) == 0
    assert "Theo tháng xác nhận" in capsys.readouterr().out
