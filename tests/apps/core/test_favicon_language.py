"""Issue 17: no 404 for the favicon on a first load; each language named in itself in the switcher."""

from __future__ import annotations

from django.utils import translation


def test_favicon_is_served_and_linked(client, login):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    login("giamdoc")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_language_option_reads_english_in_english_on_the_vietnamese_interface(client, login):
    login("giamdoc")
    with translation.override("vi"):
        html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert "Tiếng Anh" not in html
