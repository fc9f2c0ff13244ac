"""Draft → submit → leader signs → văn thư numbers, seals and issues; the result verifies."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from cchc.apps.documents.models import SignatureRecord, Status
from cchc.apps.documents.services import drafting, signing
from cchc.domain.documents.verify import verify_pdf


def issue(cast, document):
    drafting.submit_for_signing(user=cast["vanphong"], document=document)
    signing.sign_as_person(user=cast["giamdoc"], document=document)
    return signing.seal_and_issue(user=cast["vanphong"], document=document)


def test_full_flow_gives_a_numbered_document_with_two_valid_signatures(
    cast, keys, make_draft, demo_pki, tmp_path
):
    document = make_draft()
    assert document.status == Status.DRAFT and document.pdf and document.docx
    document = issue(cast, document)
    assert document.status == Status.ISSUED and document.digitally_signed
    assert document.number_symbol == "01/SVHTTDL-VP"
    data = document.signed_pdf.read()
    result = verify_pdf(data, trust_roots=[demo_pki.ca.cert_pem])
    assert result.ok, result.to_dict()
    assert [s.field_name for s in result.signatures] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert [s.signer_name for s in result.signatures] == ["Trần Mạnh Hùng", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
    assert SignatureRecord.objects.filter(document=document, verification_ok=True).count() == 2
    from pypdf import PdfReader

    fields = PdfReader(document.signed_pdf.path).get_fields()
    assert fields["SoKyHieu"]["/V"] == "Số: 01/SVHTTDL-VP"


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) chưa cài")
def test_pdfsig_accepts_both_signatures(cast, keys, make_draft, demo_pki):
    document = issue(cast, make_draft())
    out = subprocess.run(
        ["pdfsig", document.signed_pdf.path], capture_output=True, text=True, check=False
    ).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "ChuKyNguoiKy" in out or "Signature #1" in out


def test_officer_cannot_sign_and_auditor_cannot_draft(cast, keys, make_draft, units):
    from django.core.exceptions import PermissionDenied

    document = make_draft("chuyenvien.vh", "QLVH")
    drafting.submit_for_signing(user=cast["chuyenvien.vh"], document=document)
    with pytest.raises(PermissionDenied):
        signing.sign_as_person(user=cast["chuyenvien.vh"], document=document)
    with pytest.raises(PermissionDenied):
        make_draft("kiemtra", "")
    # a unit head of another phòng cannot sign this phòng's document
    with pytest.raises(PermissionDenied):
        signing.sign_as_person(user=cast["truongphong.dl"], document=document)


@pytest.mark.parametrize("parent_body", ["UBND TỈNH LAI CHÂU", ""])
def test_the_seal_and_the_page_print_the_same_issuer_name(cast, keys, make_draft, monkeypatch, parent_body):
    """One rule (cchc.domain.documents.model.issuer_name) for ô 2 of the page and the organisation's seal:
    before, the seal always cut the name at " tỉnh " while the page kept the full name without a parent organ."""
    document = make_draft()
    org = document.organisation
    org.parent_body = parent_body
    org.save(update_fields=["parent_body"])
    document.refresh_from_db()
    seals = []
    real_sign = signing.sign_pdf

    def spy(data, source, options):
        seals.append(options)
        return real_sign(data, source, options)

    monkeypatch.setattr(signing, "sign_pdf", spy)
    page_issuer = drafting.to_domain(document).issuer
    issue(cast, document)
    seal_issuer = [o.organisation for o in seals if o.field_name == "ChuKyCoQuan"]
    assert seal_issuer == [page_issuer]
    expected = org.name.split(" tỉnh ")[0] if parent_body else org.name
    assert page_issuer == expected
