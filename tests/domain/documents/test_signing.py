"""PAdES signing and verification, checked against poppler's pdfsig and against tampered files."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import TextStamp, TextStampStyle
from pyhanko_certvalidator import ValidationContext

from cchc.domain.documents import pki, verify
from cchc.domain.documents.layout_pdf import FIELD_PERSON, FIELD_SEAL
from cchc.domain.documents.signing import SignOptions, StampKind, sign_chain, sign_pdf
from tests.domain.documents.conftest import p12, roots


def _director_and_seal(demo: pki.DemoPki, pdf: bytes) -> bytes:
    signed = sign_pdf(
        pdf, p12(demo.persons["director"]), SignOptions(field_name=FIELD_PERSON, reason="Ban hành")
    )
    return sign_pdf(signed, p12(demo.organisation), SignOptions(field_name=FIELD_SEAL, stamp=StampKind.ORG))


def _pdfsig(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    sigs = []
    for block in re.split(r"^Signature #\d+:", out, flags=re.M)[1:]:
        fields = dict(re.findall(r"^ +- ([^:\n]+): (.*)$", block, flags=re.M))
        fields["whole"] = "Total document signed" in block and "Not total" not in block
        sigs.append(fields)
    return sigs


def test_person_and_seal_signatures_verify_and_caption_is_vietnamese(
    demo_pki: pki.DemoPki, letter_pdf: bytes
) -> None:
    signed = _director_and_seal(demo_pki, letter_pdf)
    result = verify.verify_pdf(signed, trust_roots=roots(demo_pki))
    assert result.ok, verify.report_vi(result)
    director, seal = result.signatures
    assert (director.signer_name, director.signer_title) == ("Trần Mạnh Hùng", "Giám đốc")
    assert seal.signer_name == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" and seal.field_name == FIELD_SEAL
    assert director.modification_level == "FORM_FILLING" and seal.coverage == "ENTIRE_FILE"
    report = verify.report_vi(result)
    assert "Chữ ký 1: hợp lệ — Người ký: Trần Mạnh Hùng" in report
    assert "tài liệu không bị sửa đổi sau khi ký" in report
    # The caption is drawn with an embedded TTF: its text survives extraction with diacritics.
    from pypdf import PdfReader

    annots = PdfReader(io.BytesIO(signed)).pages[0]
    assert annots is not None
    assert b"Identity-H" in signed  # CID font from GlyphAccumulatorFactory, not a standard-14 font


def test_untrusted_root_is_reported_not_hidden(demo_pki: pki.DemoPki, letter_pdf: bytes) -> None:
    result = verify.verify_pdf(_director_and_seal(demo_pki, letter_pdf))
    assert not result.ok and all(s.intact and s.valid and not s.trusted for s in result.signatures)
    assert "chưa xác thực được" in verify.report_vi(result)


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig chưa cài: apt install poppler-utils")
def test_pdfsig_agrees_with_our_verification(
    demo_pki: pki.DemoPki, letter_pdf: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(_director_and_seal(demo_pki, letter_pdf))
    sigs = _pdfsig(path)
    assert len(sigs) == 2
    assert all(s["Signature Validation"] == "Signature is Valid." for s in sigs)
    assert all(s["Signature Type"] == "ETSI.CAdES.detached" for s in sigs)  # PAdES
    assert sigs[0]["Signer Certificate Common Name"] == "Trần Mạnh Hùng"
    assert sigs[1]["Signer Certificate Common Name"] == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert [s["whole"] for s in sigs] == [False, True]  # the last signature covers the whole file


def test_flipped_bytes_inside_the_signed_range_make_the_signature_invalid(
    demo_pki: pki.DemoPki, letter_pdf: bytes, tmp_path: Path
) -> None:
    signed = bytearray(
        sign_pdf(letter_pdf, p12(demo_pki.persons["director"]), SignOptions(field_name=FIELD_PERSON))
    )
    start = (
        signed.index(b"stream", 200) + 40
    )  # inside the first content stream: parses, but the digest changes
    signed[start] ^= 0xFF
    signed[start + 1] ^= 0xFF
    result = verify.verify_pdf(bytes(signed), trust_roots=roots(demo_pki))
    assert not result.ok
    assert result.error or not result.signatures[0].intact
    if not result.error:
        assert "KHÔNG HỢP LỆ" in verify.report_vi(result)
    if shutil.which("pdfsig"):
        path = tmp_path / "tampered.pdf"
        path.write_bytes(bytes(signed))
        assert _pdfsig(path)[0]["Signature Validation"] != "Signature is Valid."


def test_drawing_on_the_page_after_signing_is_detected(
    demo_pki: pki.DemoPki, letter_pdf: bytes, tmp_path: Path
) -> None:
    signed = _director_and_seal(demo_pki, letter_pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    TextStamp(writer, TextStampStyle(stamp_text="SỬA ĐỔI")).apply(0, 100, 400)
    out = io.BytesIO()
    writer.write(out)
    result = verify.verify_pdf(out.getvalue(), trust_roots=roots(demo_pki))
    assert all(s.intact and s.valid and s.modified_after_signing for s in result.signatures)
    assert not result.ok
    assert "tài liệu đã bị sửa đổi sau khi ký" in verify.report_vi(result)
    if shutil.which("pdfsig"):  # pdfsig alone still says "valid": why diff analysis is needed
        path = tmp_path / "modified.pdf"
        path.write_bytes(out.getvalue())
        assert all(
            s["Signature Validation"] == "Signature is Valid." and not s["whole"] for s in _pdfsig(path)
        )


def test_chain_officer_unit_head_director_seal_each_revision_verifies(
    demo_pki: pki.DemoPki, letter_pdf: bytes
) -> None:
    people = demo_pki.persons
    steps = [
        (p12(people["officer"]), SignOptions(field_name="DuThao", stamp=StampKind.NONE, reason="Dự thảo")),
        (
            p12(people["unit_head"]),
            SignOptions(field_name="KiemTra", stamp=StampKind.NONE, reason="Kiểm tra"),
        ),
        (p12(people["director"]), SignOptions(field_name=FIELD_PERSON, reason="Ban hành")),
        (p12(demo_pki.organisation), SignOptions(field_name=FIELD_SEAL, stamp=StampKind.ORG)),
    ]
    revisions = sign_chain(letter_pdf, steps)
    for n, revision in enumerate(revisions, start=1):
        assert revision.startswith(revisions[n - 2] if n > 1 else letter_pdf)  # incremental: prefix kept
        result = verify.verify_pdf(revision, trust_roots=roots(demo_pki))
        assert len(result.signatures) == n and result.ok, verify.report_vi(result)
    names = [s.signer_name for s in verify.verify_pdf(revisions[-1], trust_roots=roots(demo_pki)).signatures]
    assert names == ["Nguyễn Thị Hương", "Lê Văn Nam", "Trần Mạnh Hùng", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]


def test_timestamp_and_long_term_validation_data(demo_pki: pki.DemoPki, letter_pdf: bytes) -> None:
    ca = load_cert_from_pemder(str(demo_pki.ca.cert_pem))
    tsa = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(demo_pki.tsa.cert_pem)),
        tsa_key=load_private_key_from_pemder(
            str(demo_pki.tsa.key_pem), passphrase=pki.DEMO_PASSWORD.encode()
        ),
        certs_to_embed=[ca],
    )
    vc = ValidationContext(
        trust_roots=[ca],
        crls=[asn1_crl.CertificateList.load(demo_pki.crl_der.read_bytes())],
        allow_fetching=False,
    )
    signed = sign_pdf(
        letter_pdf,
        p12(demo_pki.persons["director"]),
        SignOptions(field_name=FIELD_PERSON, timestamper=tsa, validation_context=vc),
    )
    assert "/DSS" in PdfFileReader(io.BytesIO(signed)).root  # B-LT: validation data embedded
    result = verify.verify_pdf(signed, trust_roots=roots(demo_pki))
    (sig,) = result.signatures
    assert result.ok and sig.timestamp_time is not None and sig.timestamp_trusted
    assert "dấu thời gian (tin cậy)" in verify.report_vi(result)


def test_text_only_stamp_for_attachments_is_top_right_of_page_one(
    demo_pki: pki.DemoPki, letter_pdf: bytes
) -> None:
    signed = sign_pdf(
        letter_pdf,
        p12(demo_pki.organisation),
        SignOptions(field_name="PhuLuc", stamp=StampKind.TEXT, reference="1036/SVHTTDL-VP"),
    )
    reader = PdfFileReader(io.BytesIO(signed))
    sig = reader.embedded_signatures[0]
    rect = [float(v) for v in sig.sig_field["/Rect"]]
    assert rect[0] > 595 / 2 and rect[1] > 842 * 0.9  # top-right corner of page 1
    assert verify.verify_pdf(signed, trust_roots=roots(demo_pki)).ok
