"""The {% may %} tag shows an action only to who may open it (the view's own declaration decides)."""

from __future__ import annotations

from django.urls import reverse

from cchc.apps.core.templatetags.actions import may_open


def test_may_open_follows_the_declarations(cast, units):
    leader, coordinator, officer = cast["giamdoc"], cast["vanphong"], cast["chuyenvien.vh"]
    assert not may_open(leader, reverse("org:unit_create"))
    assert may_open(cast["quantri"], reverse("org:unit_create"))
    assert not may_open(leader, reverse("directives:directive_create"))
    assert may_open(coordinator, reverse("directives:directive_create"))
    assert not may_open(officer, reverse("org:unit_edit", args=[units["QLVH"].pk]))
    assert not may_open(leader, "/khong-co-trang-nay/")


def test_pages_do_not_show_the_leader_buttons_that_answer_403(client, login):
    login("giamdoc")
    for url, label in [
        ("/to-chuc/", "Thêm đơn vị"),
        (reverse("directives:directive_list"), "Tải lên văn bản"),
        (reverse("directives:directive_list"), "Tạo thủ công"),
        (reverse("documents:archive_list"), "Lập hồ sơ"),
        (reverse("org:user_list"), "Thêm người dùng"),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert label not in page.content.decode(), (url, label)
    login("vanphong")
    assert "Tạo thủ công" in client.get(reverse("directives:directive_list")).content.decode()
