"""The appraisal council's table entered at once: a bad row is named and nothing is saved; then every
score is saved beside the self-scores, and a difference needs its reason before the results are recorded."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

from django.urls import reverse

from cchc.apps.assessment import selectors, services
from cchc.apps.assessment.models import Entry
from cchc.domain.assessment import workflow

from .test_services import _fill_everything


def test_the_council_table(client, login, cast, year_2026) -> None:
    clerk = cast["vanphong"]
    url = reverse("assessment:appraisal", args=[2026])
    login("vanphong")
    assert client.get(url).status_code == 302  # before the leader's approval: back to the year
    _fill_everything(year_2026, clerk)
    services.save_entry(user=clerk, entry=Entry.objects.get(assessment=year_2026, code="1.4.2"), value=None, na=True,
                        explanation="Không phát hiện vấn đề")  # "không phát sinh", excluded from the total  # fmt: skip
    for step in ("open", "send_for_review", "send_for_approval"):
        services.take_step(user=clerk, assessment=year_2026, name=step)
    services.take_step(user=cast["giamdoc"], assessment=year_2026, name="approve")
    page = client.get(url).content.decode()
    assert 'id="appraisal-table"' in page and 'name="p-1.5"' in page
    score = selectors.self_score(year_2026)
    body = {
        f"p-{c.code}": str(score.item(c.code).points)
        for c in selectors.criteria_set(year_2026.criteria_set).items()
    }
    body["p-1.5"] = "0,5"
    body["p-1.1.1"] = "abc"
    body["p-2.2"] = "7"  # above its 2 points
    response = client.post(url, body)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Điểm thẩm định 1.1.1: “abc” không phải là số" in html and 'value="abc"' in html
    assert not Entry.objects.filter(assessment=year_2026, appraisal_points__isnull=False).exists()
    body["p-1.1.1"] = "1"
    response = client.post(url, body)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2.2 phải từ 0 đến 2" in m for m in messages), messages
    assert not Entry.objects.filter(assessment=year_2026, appraisal_points__isnull=False).exists()
    body["p-2.2"] = "2"
    assert client.post(url, body).status_code == 302
    assert Entry.objects.get(assessment=year_2026, code="1.5").appraisal_points == Decimal("0.5")
    # the council agreed with the excluded "không phát sinh" (0 points): it stays out of the total, so the
    # council's index is the self-assessment's less 1.5's half point, converted on the same counted maximum
    cset, rows = selectors.criteria_set(year_2026.criteria_set), selectors.entries(year_2026)
    council = selectors.appraisal_score(year_2026, cset, rows)
    assert council is not None and council.counted_max == score.counted_max == cset.self_max - 1
    assert council.points == score.points - Decimal("0.5")
    assert council.converted == round((score.points - Decimal("0.5")) * cset.self_max / score.counted_max, 2)
    assert selectors.blockers(year_2026, "record_appraisal") == [
        "1 tiêu chí có điểm thẩm định khác điểm tự chấm mà chưa ghi lý do: 1.5."
    ]
    body["r-1.5"] = "Thiếu tin bài quý IV"
    client.post(url, body)
    services.take_step(user=clerk, assessment=year_2026, name="record_appraisal")
    year_2026.refresh_from_db()
    assert year_2026.state == workflow.APPRAISED
    login("truongphong.vh")
    assert client.get(url).status_code == 403
