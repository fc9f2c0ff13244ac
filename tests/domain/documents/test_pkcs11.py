"""Signing with a key on a PKCS#11 token (SoftHSM2 stands in for a USB token or an HSM).

The key pair is generated on the token, so the private key never exists outside it; only the public
key goes to the demo CA, and the issued certificate is stored back on the token next to the key.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cchc.domain.documents import pki, verify
from cchc.domain.documents.layout_pdf import FIELD_PERSON
from cchc.domain.documents.signing import Pkcs11Key, SigningFailed, SignOptions, sign_pdf
from tests.domain.documents.conftest import roots

MODULE = Path(os.environ.get("CCHC_SOFTHSM_MODULE", "/usr/lib/softhsm/libsofthsm2.so"))
PIN, SO_PIN, LABEL, KEY = "123456", "12345678", "cchc-test", "giamdoc"

pytestmark = pytest.mark.skipif(
    shutil.which("softhsm2-util") is None or not MODULE.is_file(),
    reason="SoftHSM2 chưa cài: apt install softhsm2",
)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, demo_pki: pki.DemoPki) -> Iterator[Path]:
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the module when it is loaded
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN],
        check=True, capture_output=True,
    )  # fmt: skip
    lib = pkcs11.lib(str(MODULE))
    lib.reinitialize()  # the library may have been loaded before SOFTHSM2_CONF was set
    with lib.get_token(token_label=LABEL).open(rw=True, user_pin=PIN) as session:
        pub, _priv = session.generate_keypair(KeyType.RSA, 2048, label=KEY, id=b"\x01", store=True)
        public_key = rsa.RSAPublicNumbers(
            int.from_bytes(pub[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(pub[Attribute.MODULUS], "big"),
        ).public_key()
        ca_cert = x509.load_pem_x509_certificate(demo_pki.ca.cert_pem.read_bytes())
        ca_key = serialization.load_pem_private_key(
            demo_pki.ca.key_pem.read_bytes(), password=pki.DEMO_PASSWORD.encode()
        )
        cert = pki.issue_certificate(
            x509.Name.from_rfc4514_string("CN=Trần Mạnh Hùng,O=SỞ VĂN HÓA THỂ THAO VÀ DU LỊCH,C=VN"),
            public_key, ca_cert, ca_key,  # type: ignore[arg-type]
        )  # fmt: skip
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: KEY, Attribute.ID: b"\x01",
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            Attribute.SUBJECT: cert.subject.public_bytes(),
        })  # fmt: skip
    yield conf
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def test_sign_with_a_key_on_a_softhsm_token(token: Path, demo_pki: pki.DemoPki, letter_pdf: bytes) -> None:
    key = Pkcs11Key(MODULE, token_label=LABEL, key_label=KEY, pin=PIN)
    signed = sign_pdf(letter_pdf, key, SignOptions(field_name=FIELD_PERSON, reason="Ký bằng token"))
    result = verify.verify_pdf(signed, trust_roots=roots(demo_pki))
    assert result.ok, verify.report_vi(result)
    assert result.signatures[0].signer_name == "Trần Mạnh Hùng"


def test_wrong_pin_is_a_signing_error_not_a_crash(token: Path, letter_pdf: bytes) -> None:
    with pytest.raises(SigningFailed):
        sign_pdf(
            letter_pdf, Pkcs11Key(MODULE, LABEL, KEY, pin="000000"), SignOptions(field_name=FIELD_PERSON)
        )
