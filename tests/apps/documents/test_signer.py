"""Only the designated signer signs, with a certificate in their name; a signature that does not verify
marks nothing signed and issues no number; the verify page and API check revocation (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.documents.models import NumberSeries, SignatureRecord, SigningKey, Status
from cchc.apps.documents.services import drafting, signing
from cchc.domain.documents import pki
from cchc.domain.documents.signing import SigningFailed
from cchc.domain.documents.verify import REASONS

NOW = dt.datetime.now(dt.UTC)
DIRECTOR = "Trần Mạnh Hùng"


@pytest.fixture(scope="module")
def odd(demo_pki: pki.DemoPki, tmp_path_factory) -> dict:
    """Keys that must not produce a signed document: expired, revoked (local CRL), another's name."""
    expired = pki.extra_identity(
        demo_pki,
        "app-expired",
        DIRECTOR,
        not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=1),
    )
    revoked = pki.extra_identity(demo_pki, "app-revoked", DIRECTOR)
    org_expired = pki.extra_identity(
        demo_pki, "app-org-expired", pki.DEMO_ORGANISATION, not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=1),
    )  # fmt: skip
    crl = pki.write_crl(demo_pki, [revoked], tmp_path_factory.mktemp("crl") / "app.crl")
    return {"expired": expired, "revoked": revoked, "org_expired": org_expired, "crl": crl}


def _pending(cast, make_draft, **extra):
    document = make_draft("chuyenvien.vh", "QLVH", **extra)  # a phòng's letter for the director to sign
    drafting.submit_for_signing(user=cast["chuyenvien.vh"], document=document)
    return document


def _unchanged(document) -> None:
    document.refresh_from_db()
    assert document.status == Status.PENDING and not document.signed_pdf and document.number is None
    assert not SignatureRecord.objects.filter(document=document).exists()


def test_a_unit_head_cannot_sign_the_directors_letter(client, login, cast, keys, make_draft):
    document = _pending(cast, make_draft)
    assert document.signer == cast["giamdoc"]
    with pytest.raises(PermissionDenied):
        signing.sign_as_person(user=cast["truongphong.vh"], document=document)
    _unchanged(document)
    login("truongphong.vh")  # same phòng, has documents.sign: no button, and the POST is refused
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'id="sign-button"' not in page and "Trả lại" in page
    assert client.post(reverse("documents:action", args=[document.pk, "sign"])).status_code == 403
    _unchanged(document)
    login("giamdoc")
    assert 'id="sign-button"' in client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    client.post(reverse("documents:action", args=[document.pk, "sign"]))
    document.refresh_from_db()
    assert document.status == Status.SIGNED


def test_the_designated_signer_cannot_use_a_certificate_in_another_name(cast, keys, make_draft, demo_pki):
    document = _pending(cast, make_draft)
    keys["giamdoc"].p12_path = str(demo_pki.persons["unit_head"].p12)  # Lê Văn Nam's certificate
    keys["giamdoc"].save()
    with pytest.raises(SigningFailed, match="người ký được chỉ định"):
        signing.sign_as_person(user=cast["giamdoc"], document=document)
    _unchanged(document)
    with pytest.raises(PermissionDenied):  # nor somebody else's key object
        signing.sign_as_person(user=cast["giamdoc"], document=document, key=keys["truongphong.vh"])
    _unchanged(document)


def test_a_printed_name_other_than_the_signers_is_refused(cast, keys, make_draft, units, client, login):
    document = make_draft(signatory_name="Hoàng Văn Minh")  # printed name ≠ the designated director
    drafting.submit_for_signing(user=cast["vanphong"], document=document)
    with pytest.raises(ValidationError):
        signing.sign_as_person(user=cast["giamdoc"], document=document)
    _unchanged(document)
    login("vanphong")
    from tests.apps.documents.conftest import LETTER

    data = {**LETTER, "signer": cast["giamdoc"].pk, "signatory_name": "Hoàng Văn Minh", "unit": units["VP"].pk,
            "archive_copies": 2, "urgency": "NORMAL", "secrecy": "NONE", "is_electronic": "on"}  # fmt: skip
    response = client.post(reverse("documents:create"), data)
    assert (
        response.status_code == 200 and "phải là họ tên của người được chọn ký" in response.content.decode()
    )


def test_an_electronic_document_names_its_signer_before_submission(cast, keys, make_draft):
    document = make_draft(signer=None)
    with pytest.raises(ValidationError):
        drafting.submit_for_signing(user=cast["vanphong"], document=document)


@pytest.mark.parametrize("which", ["expired", "revoked"])
def test_a_signature_that_does_not_verify_marks_nothing_signed(settings, cast, keys, make_draft, odd, which):
    settings.CCHC_DOCUMENTS_CRLS = [str(odd["crl"])]
    document = _pending(cast, make_draft)
    keys["giamdoc"].p12_path = str(odd[which].p12)
    keys["giamdoc"].save()
    with pytest.raises(ValidationError) as caught:
        signing.sign_as_person(user=cast["giamdoc"], document=document)
    assert REASONS[which] in " ".join(caught.value.messages)
    _unchanged(document)


def test_a_seal_that_does_not_verify_issues_nothing_and_keeps_the_number(
    cast, keys, make_draft, odd, client, login, demo_pki
):
    document = _pending(cast, make_draft)
    signing.sign_as_person(user=cast["giamdoc"], document=document)
    keys["org"].p12_path = str(odd["org_expired"].p12)
    keys["org"].save()
    login("vanphong")
    response = client.post(reverse("documents:action", args=[document.pk, "issue"]), follow=True)
    assert REASONS["expired"] in response.content.decode()  # the reason, in Vietnamese
    document.refresh_from_db()
    assert document.status == Status.SIGNED and document.number is None and not document.digitally_signed
    assert sum(NumberSeries.objects.values_list("last_number", flat=True)) == 0  # no number consumed
    SigningKey.objects.filter(pk=keys["org"].pk).update(p12_path=str(demo_pki.organisation.p12))
    document = signing.seal_and_issue(user=cast["vanphong"], document=document)
    assert document.status == Status.ISSUED and document.number == 1  # the first number, no gap


def test_verify_page_and_api_check_revocation(settings, client, login, odd, demo_pki):
    from cchc.domain.documents.layout_pdf import FIELD_PERSON, render_pdf
    from cchc.domain.documents.signing import Pkcs12Key, SignOptions, StampKind, sign_pdf
    from tests.domain.documents import samples

    data = sign_pdf(
        render_pdf(samples.letter()).data,
        Pkcs12Key(odd["revoked"].p12, pki.DEMO_PASSWORD.encode()),
        SignOptions(field_name=FIELD_PERSON, stamp=StampKind.PERSON),
    )
    settings.CCHC_DOCUMENTS_CRLS = [str(odd["crl"])]
    login("vanphong")
    page = client.post(
        reverse("documents:verify"), {"upload": SimpleUploadedFile("r.pdf", data)}
    ).content.decode()
    assert REASONS["revoked"] in page and "Không đạt" in page
    api = client.post("/api/documents/verify", {"file": SimpleUploadedFile("r.pdf", data)}).json()
    assert api["ok"] is False and api["signatures"][0]["trust_problem"] == "revoked"
    assert REASONS["revoked"] in api["report"]


def test_the_background_issue_job_refuses_a_seal_that_does_not_verify(cast, keys, make_draft, odd):
    from cchc.apps.documents import jobs

    document = _pending(cast, make_draft)
    signing.sign_as_person(user=cast["giamdoc"], document=document)
    SigningKey.objects.filter(pk=keys["org"].pk).update(p12_path=str(odd["org_expired"].p12))
    with pytest.raises(ValidationError) as caught:
        jobs.issue_document.call(document_id=document.pk, user_id=cast["vanphong"].pk)
    assert REASONS["expired"] in " ".join(caught.value.messages)
    document.refresh_from_db()
    assert document.status == Status.SIGNED and document.number is None
    assert sum(NumberSeries.objects.values_list("last_number", flat=True)) == 0
