"""Every PDF upload field of the documents app — incoming register, verify page, verify API — refuses the
malformed set with a Vietnamese message, keeps nothing and never answers 500 (issue 12)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.documents.models import IncomingDocument, NumberSeries
from cchc.apps.documents.uploads import MESSAGES
from tests.domain.documents import bad_pdfs

INCOMING = {"author": "UBND tỉnh Lai Châu", "number_symbol": "12/UBND-VX", "doc_date": "01/12/2026",
            "type_name": "Công văn", "subject": "về việc kiểm tra"}  # fmt: skip
LIMIT_MB = 1


def _expected(code: str, name: str) -> str:
    if code in MESSAGES:
        return str(MESSAGES[code]) % {"name": name}
    return {"empty": "rỗng", "extension": "Chỉ nhận tệp PDF .pdf", "too_large": f"lớn hơn {LIMIT_MB} MB"}[
        code
    ]


def _cases() -> list[tuple[str, str, bytes, str]]:
    cases = [(k, *v) for k, v in bad_pdfs.malformed().items()]
    return [*cases, ("oversize", *bad_pdfs.oversize(LIMIT_MB), "too_large")]


@pytest.fixture
def small_limit(settings):
    settings.MAX_UPLOAD_MB = LIMIT_MB


@pytest.mark.parametrize("case", [c[0] for c in _cases()])
def test_incoming_register_refuses(case, small_limit, client, login, units):
    _, name, data, code = next(c for c in _cases() if c[0] == case)
    login("vanphong")
    form = {**INCOMING, "receiving_unit": units["QLVH"].pk, "upload": SimpleUploadedFile(name, data)}
    response = client.post(reverse("documents:incoming_create"), form)
    assert response.status_code == 200  # the form again, with the message
    assert _expected(code, name) in response.content.decode()
    assert not IncomingDocument.objects.exists()
    assert not NumberSeries.objects.filter(last_number__gt=0).exists()  # no số đến consumed


@pytest.mark.parametrize("case", [c[0] for c in _cases()])
def test_verify_page_and_api_refuse(case, small_limit, client, login):
    _, name, data, code = next(c for c in _cases() if c[0] == case)
    login("vanphong")
    page = client.post(reverse("documents:verify"), {"upload": SimpleUploadedFile(name, data)})
    assert page.status_code == 200 and _expected(code, name) in page.content.decode()
    assert 'id="signatures"' not in page.content.decode()  # nothing was verified
    api = client.post("/api/documents/verify", {"file": SimpleUploadedFile(name, data)})
    assert api.status_code == 400 and _expected(code, name) in api.json()["detail"]


def test_a_good_signed_pdf_is_still_registered(client, login, units, cast, keys, make_draft):
    from tests.apps.documents.test_flow import issue

    data = issue(cast, make_draft()).signed_pdf.read()
    login("vanphong")
    form = {**INCOMING, "receiving_unit": units["QLVH"].pk, "upload": SimpleUploadedFile("den.pdf", data)}
    assert client.post(reverse("documents:incoming_create"), form).status_code == 302
    assert IncomingDocument.objects.get().verification_ok is True
