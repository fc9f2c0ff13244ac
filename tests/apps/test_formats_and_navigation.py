"""Vietnamese formats in templates, and navigation by module."""

from __future__ import annotations

from datetime import date

from django.template import Context, Template
from django.urls import reverse


def test_years_and_ids_are_never_grouped_but_counts_are_when_asked(db):
    html = Template("{{ year }}|{{ pk }}|{{ n|intcomma }}|{{ x|floatformat:2 }}|{{ d|date:'d/m/Y' }}").render(
        Context({"year": 2026, "pk": 1037, "n": 50000, "x": 80.1, "d": date(2026, 3, 27)})
    )
    assert html == "2026|1037|50.000|80,10|27/03/2026"


def test_a_module_is_one_top_entry_and_its_pages_form_the_second_bar(client, login):
    login("giamdoc")
    context = client.get(reverse("directives:overview")).context
    top = {str(i["label"]): i["active"] for i in context["nav_items"]}
    assert top["Chỉ đạo, nhiệm vụ"] is True
    assert top["Tổng quan"] is False
    sub = {str(i["label"]): i["active"] for i in context["nav_subitems"]}
    assert sub["Theo dõi chỉ tiêu"] is True
    assert sub["Nhiệm vụ của tôi"] is False


def test_an_officer_sees_no_module_it_has_no_right_to(client, login):
    login("chuyenvien.vh")
    labels = [str(i["label"]) for i in client.get("/").context["nav_items"]]
    assert "Nhật ký thay đổi" not in labels
    assert "Chỉ đạo, nhiệm vụ" in labels
