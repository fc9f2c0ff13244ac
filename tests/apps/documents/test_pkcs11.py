"""The organisation seal from a key on a PKCS#11 token (SoftHSM2), through the app's SigningKey."""

from __future__ import annotations

from pathlib import Path

from cchc.apps.documents.models import KeyKind, SigningKey, Status
from cchc.apps.documents.services import drafting, signing
from cchc.domain.documents.verify import verify_pdf
from tests.domain.documents.test_pkcs11 import KEY, LABEL, MODULE, PIN, pytestmark, token  # noqa: F401  (fixture)


def test_seal_with_a_token_key(cast, units, keys, make_draft, demo_pki, token: Path, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("CCHC_TEST_TOKEN_PIN", PIN)
    token_key = SigningKey.objects.create(
        label="token", organisation=units["VP"], kind=KeyKind.PKCS11, pkcs11_module=str(MODULE),
        token_label=LABEL, key_label=KEY, pin_env="CCHC_TEST_TOKEN_PIN",
    )  # fmt: skip
    document = make_draft()
    drafting.submit_for_signing(user=cast["vanphong"], document=document)
    signing.sign_as_person(user=cast["giamdoc"], document=document)
    document = signing.seal_and_issue(user=cast["vanphong"], document=document, key=token_key)
    assert document.status == Status.ISSUED
    result = verify_pdf(document.signed_pdf.read(), trust_roots=[demo_pki.ca.cert_pem])
    assert result.ok, result.to_dict()
    assert document.signatures.get(role="org").key_kind == KeyKind.PKCS11
