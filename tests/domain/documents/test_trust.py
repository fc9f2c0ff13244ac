"""Why a signature is not trusted, each in its own words; revocation from a local CRL; bytes appended
after a signature; the designated signer written into the person field (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cchc.cli import main
from cchc.domain.documents import pki, verify
from cchc.domain.documents.layout_pdf import FIELD_PERSON, render_pdf
from cchc.domain.documents.signing import SignOptions, StampKind, WrongSigner, sign_pdf
from tests.domain.documents import samples
from tests.domain.documents.conftest import p12, roots

NOW = dt.datetime.now(dt.UTC)
DIRECTOR = pki.DEMO_PERSONS["director"][0]  # the letter's signatory


@pytest.fixture(scope="session")
def odd(demo_pki: pki.DemoPki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Certificates in the director's name that must not be trusted, and a CRL revoking one of them."""
    made = {
        "expired": pki.extra_identity(
            demo_pki, "expired", DIRECTOR, not_before=NOW - dt.timedelta(days=400),
            not_after=NOW - dt.timedelta(days=1),
        ),
        "not_yet_valid": pki.extra_identity(
            demo_pki, "future", DIRECTOR, not_before=NOW + dt.timedelta(days=2),
            not_after=NOW + dt.timedelta(days=400),
        ),
        "untrusted_root": pki.extra_identity(demo_pki, "selfsigned", DIRECTOR, self_signed=True),
        "revoked": pki.extra_identity(demo_pki, "revoked", DIRECTOR),
    }  # fmt: skip
    crl = pki.write_crl(demo_pki, [made["revoked"]], tmp_path_factory.mktemp("crl") / "revoked.crl")
    return {"identities": made, "crl": crl}


def _signed(identity: pki.Identity) -> bytes:
    options = SignOptions(field_name=FIELD_PERSON, stamp=StampKind.PERSON)
    return sign_pdf(render_pdf(samples.letter()).data, p12(identity), options)


@pytest.mark.parametrize("case", ["expired", "not_yet_valid", "untrusted_root", "revoked"])
def test_each_untrusted_certificate_gets_its_own_reason(demo_pki, odd, case: str) -> None:
    data = _signed(odd["identities"][case])
    result = verify.verify_pdf(data, trust_roots=roots(demo_pki), crls=[odd["crl"]])
    (sig,) = result.signatures
    assert sig.intact and sig.valid and not sig.trusted and not result.ok
    assert sig.trust_problem == case
    report = verify.report_vi(result)
    assert verify.REASONS[case] in report
    for other in set(verify.REASONS) - {case}:
        assert verify.REASONS[other] not in report, (case, report)
    if case != "untrusted_root":  # a defect of the certificate itself is not "not a trusted provider"
        assert "không thuộc tổ chức cung cấp dịch vụ tin cậy" not in report


def test_revocation_is_checked_against_a_local_crl(demo_pki, odd) -> None:
    data = _signed(odd["identities"]["revoked"])
    without_crl = verify.verify_pdf(data, trust_roots=roots(demo_pki))  # soft-fail: status unknown
    assert without_crl.ok
    with_crl = verify.verify_pdf(data, trust_roots=roots(demo_pki), crls=[odd["crl"]])
    assert not with_crl.ok and with_crl.signatures[0].trust_problem == "revoked"
    good = verify.verify_pdf(
        _signed(demo_pki.persons["director"]), trust_roots=roots(demo_pki), crls=[odd["crl"]]
    )
    assert good.ok, verify.report_vi(good)


@pytest.mark.parametrize(
    "tail", [b"\nGARBAGE", b"\n1 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"]
)
def test_bytes_appended_after_a_signature_are_a_modification_not_a_signature(demo_pki, tail: bytes) -> None:
    data = _signed(demo_pki.persons["director"]) + tail
    result = verify.verify_pdf(data, trust_roots=roots(demo_pki))
    (sig,) = result.signatures
    assert sig.intact and sig.appended_bytes and sig.modified_after_signing and not result.ok
    report = verify.report_vi(result)
    assert "không phải chữ ký số" in report
    assert "chỉ bổ sung chữ ký" not in report
    # trailing white space written by some tools is not a modification
    assert verify.verify_pdf(_signed(demo_pki.persons["director"]) + b"\r\n", trust_roots=roots(demo_pki)).ok


def test_the_person_field_names_its_signer_and_another_key_is_refused(demo_pki) -> None:
    data = render_pdf(samples.letter()).data
    options = SignOptions(field_name=FIELD_PERSON, stamp=StampKind.PERSON)
    with pytest.raises(WrongSigner, match="người ký được chỉ định"):
        sign_pdf(data, p12(demo_pki.persons["unit_head"]), options)
    with pytest.raises(WrongSigner):  # an explicit designation is checked too
        sign_pdf(data, p12(demo_pki.persons["director"]), SignOptions(expected_signer="Lê Văn Nam"))
    assert verify.verify_pdf(
        sign_pdf(data, p12(demo_pki.persons["director"]), options), trust_roots=roots(demo_pki)
    ).ok


def test_cli_refuses_another_persons_key_and_reads_trust_from_the_environment(
    demo_pki, odd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(render_pdf(samples.letter()).data)
    monkeypatch.setenv("CCHC_P12_PASSWORD", pki.DEMO_PASSWORD)
    assert (
        main(["documents", "sign", str(src), str(out), "--p12", str(demo_pki.persons["unit_head"].p12)]) == 2
    )
    assert "người ký được chỉ định" in capsys.readouterr().err and not out.exists()
    revoked = tmp_path / "revoked.pdf"
    revoked.write_bytes(_signed(odd["identities"]["revoked"]))
    monkeypatch.setenv("CCHC_DOCUMENTS_TRUST_ROOTS", str(demo_pki.ca.cert_pem))
    monkeypatch.setenv("CCHC_DOCUMENTS_CRLS", str(odd["crl"]))
    assert main(["documents", "verify", str(revoked)]) == 1
    assert verify.REASONS["revoked"] in capsys.readouterr().out
    fine = tmp_path / "fine.pdf"
    fine.write_bytes(_signed(demo_pki.persons["director"]))
    assert main(["documents", "verify", str(fine)]) == 0  # the env root is trusted without --trust
