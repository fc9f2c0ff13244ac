"""Walk the demo as each demo user, following every visible link of the app from the home page.

One demo load per module (rolled back afterwards). The walk keeps every answer, so several classes of
defect are checked over the same set of pages and downloads:

- names are printed in Vietnamese order (họ đệm tên) in every page, XML, CSV, XLSX and DOCX reached;
- (issue 17) a visible link never leads to a 403, 404 or 500.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings

from cchc.apps.core.demo import load_all
from cchc.apps.org.demo import USERS
from cchc.apps.org.models import User

# Links the walk does not follow: leaving the session, the Django admin, the API's own browser.
SKIP = re.compile(r"^/(accounts/logout|quan-tri/|api/docs|i18n/|static/)")
MAX_PER_PATTERN = 2

# The module fixture below needs the test database set up (pytest-django only does so for marked tests).
pytestmark = pytest.mark.django_db
MAX_PAGES = 160


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    keys = ",".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return re.sub(r"\d+", "N", parts.path) + "?" + keys


def _text_of(response) -> str:
    """The text a person would read in the answer: HTML/XML/CSV as is, the XML parts of XLSX/DOCX."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                return "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            return ""
    if kind.startswith(("text/", "application/xml", "application/json")) or not kind:
        return body.decode("utf-8", "replace")
    return ""


def _walk(client: Client) -> list[tuple[str, int, str]]:
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = ["/"]
    answers: list[tuple[str, int, str]] = []
    while queue and len(answers) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        pattern = _pattern(url)
        if per_pattern[pattern] >= MAX_PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                queue.insert(0, target)
            continue
        text = _text_of(response)
        answers.append((url, response.status_code, text))
        if "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(text)
            for href in parser.links:
                href = href.split("#")[0]
                if href.startswith("/") and not href.startswith("//") and not SKIP.match(href):
                    queue.append(href)
    return answers


@pytest.fixture(scope="module")
def walks(django_db_setup, django_db_blocker, tmp_path_factory):
    """{username: [(url, status, text)]} for every demo user, over one demo load rolled back at the end."""
    result: dict[str, list[tuple[str, int, str]]] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=(data := tmp_path_factory.mktemp("demo")), MEDIA_ROOT=data / "media"),
    ):
        with transaction.atomic():
            load_all()
            people = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in USERS])}
            for username in [row[0] for row in USERS]:
                client = Client(raise_request_exception=False)
                client.force_login(people[username], backend="django.contrib.auth.backends.ModelBackend")
                result[username] = _walk(client)
            result["__names__"] = [
                (f"{u.first_name} {u.last_name}", 0, u.get_full_name()) for u in people.values()
            ]
            transaction.set_rollback(True)
    return result


def test_the_walk_reaches_the_pages_of_every_module(walks):
    urls = {url for username, answers in walks.items() if username != "__names__" for url, _s, _t in answers}
    for prefix in ("/chi-dao/", "/thu-tuc/", "/ho-so/", "/van-ban/", "/to-chuc/"):
        assert any(u.startswith(prefix) for u in urls), prefix


def test_names_are_in_vietnamese_order_in_every_page_and_download(walks):
    names = walks["__names__"]
    assert ("Mạnh Hùng Trần", 0, "Trần Mạnh Hùng") in names
    shown = 0
    for username, answers in walks.items():
        if username == "__names__":
            continue
        for url, _status, text in answers:
            for western, _z, vietnamese in names:
                assert western not in text, f"{western!r} (Western order) on {url} as {username}"
                shown += vietnamese in text
    # Names are actually printed on the pages walked (the header names the signed-in person).
    assert shown >= len(walks) - 1


def test_no_visible_link_leads_to_a_refusal_or_an_error(walks):
    dead = [
        f"{username}: {url} → {status}"
        for username, answers in walks.items()
        if username != "__names__"
        for url, status, _text in answers
        if status in (403, 404, 500)
    ]
    assert dead == [], "\n".join(dead)
