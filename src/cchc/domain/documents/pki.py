"""A demo PKI for development and tests: a root CA, person certificates, an organisation
certificate and a TSA certificate, made with ``cryptography`` at run time.

Keys are generated on each call and written only to the directory given; none is committed.
In production the certificates come from the Ban Cơ yếu Chính phủ CA (or a licensed public CA) and
keys live on USB tokens or an HSM (PKCS#11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_PASSWORD = "1234"  # demo keys only; the CLI reads real passwords from the environment


@dataclass(frozen=True)
class Identity:
    """One key pair with its certificate: ``p12`` holds key + cert + CA chain."""

    name: str
    cert_pem: Path
    key_pem: Path
    p12: Path


@dataclass(frozen=True)
class DemoPki:
    directory: Path
    ca: Identity
    tsa: Identity
    organisation: Identity
    persons: dict[str, Identity]
    crl_der: Path
    password: str = DEMO_PASSWORD


# Demo cast: the officer drafts, the unit head checks, the director signs; the Sở seals.
DEMO_PERSONS = {
    "officer": ("Nguyễn Thị Hương", "Chuyên viên Văn phòng"),
    "unit_head": ("Lê Văn Nam", "Chánh Văn phòng"),
    "director": ("Trần Mạnh Hùng", "Giám đốc"),
}
DEMO_ORGANISATION = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
DEMO_PROVINCE = "Lai Châu"


def _key() -> rsa.RSAPrivateKey:
    # RSA 2048 is what Vietnamese CAs issue on tokens and what SoftHSM handles everywhere.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str, org: str = DEMO_ORGANISATION, title: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, DEMO_PROVINCE),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(attrs)


def issue_certificate(
    subject: x509.Name,
    public_key: rsa.RSAPublicKey,
    issuer_cert: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    *,
    tsa: bool = False,
    days: int = 3 * 365,
    crl_url: str = "http://ca.example.invalid/demo.crl",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> x509.Certificate:
    """An end-entity certificate for signing (or time-stamping when ``tsa``).

    Also used to certify a key generated on a PKCS#11 token (only its public key leaves the token).
    ``not_before``/``not_after`` override the validity (tests make expired and not-yet-valid ones).
    """
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)]
            ),
            critical=False,
        )
    )
    if tsa:
        # RFC 3161 §2.3: the TSA certificate has a critical EKU with timeStamping only.
        builder = builder.add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        # digitalSignature + nonRepudiation: what pyHanko's default key-usage check expects.
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(
    directory: Path, name: str, key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list
) -> Identity:
    key_pem = directory / f"{name}.key.pem"
    cert_pem = directory / f"{name}.pem"
    p12 = directory / f"{name}.p12"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(DEMO_PASSWORD.encode()),
        )
    )
    key_pem.chmod(0o600)
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            cert,
            chain or None,
            serialization.BestAvailableEncryption(DEMO_PASSWORD.encode()),
        )
    )
    p12.chmod(0o600)
    return Identity(name=name, cert_pem=cert_pem, key_pem=key_pem, p12=p12)


def create_demo_pki(directory: Path | str) -> DemoPki:
    """Create the demo CA, TSA, organisation and three person identities under ``directory``.

    Also writes an empty CRL signed by the CA so that long-term validation data (DSS) can be embedded
    offline.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)

    ca_key = _key()
    ca_name = _name("CCHC Demo Root CA", org="CCHC Demo PKI")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca = _write(out, "ca", ca_key, ca_cert, [])

    def make(name: str, subject: x509.Name, *, tsa: bool = False) -> Identity:
        key = _key()
        cert = issue_certificate(subject, key.public_key(), ca_cert, ca_key, tsa=tsa)
        return _write(out, name, key, cert, [ca_cert])

    tsa_id = make("tsa", _name("CCHC Demo TSA", org="CCHC Demo PKI"), tsa=True)
    org = make("organisation", _name(DEMO_ORGANISATION))
    persons = {
        key: make(key, _name(full_name, title=title)) for key, (full_name, title) in DEMO_PERSONS.items()
    }
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    crl_der = out / "ca.crl"
    crl_der.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return DemoPki(directory=out, ca=ca, tsa=tsa_id, organisation=org, persons=persons, crl_der=crl_der)


def _load_ca(demo: DemoPki) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    cert = x509.load_pem_x509_certificate(demo.ca.cert_pem.read_bytes())
    key = serialization.load_pem_private_key(demo.ca.key_pem.read_bytes(), password=demo.password.encode())
    return cert, key  # type: ignore[return-value]


def extra_identity(
    demo: DemoPki,
    name: str,
    full_name: str,
    *,
    title: str = "",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    self_signed: bool = False,
) -> Identity:
    """One more person identity in ``demo.directory``: issued by the demo CA with the given validity
    (expired, not yet valid …), or ``self_signed`` (its own issuer, outside any trusted root)."""
    ca_cert, ca_key = _load_ca(demo)
    key = _key()
    subject = _name(full_name, title=title)
    if self_signed:
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - dt.timedelta(days=1))
            .not_valid_after(not_after or now + dt.timedelta(days=365))
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
            )
            .sign(key, hashes.SHA256())
        )
        return _write(demo.directory, name, key, cert, [])
    cert = issue_certificate(
        subject, key.public_key(), ca_cert, ca_key, not_before=not_before, not_after=not_after
    )
    return _write(demo.directory, name, key, cert, [ca_cert])


def write_crl(demo: DemoPki, revoked: list[Identity], path: Path | None = None) -> Path:
    """A CRL of the demo CA revoking ``revoked`` (an hour ago); written to ``path`` or ``demo.crl_der``."""
    ca_cert, ca_key = _load_ca(demo)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=30))
    )
    for identity in revoked:
        cert = x509.load_pem_x509_certificate(identity.cert_pem.read_bytes())
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(now - dt.timedelta(hours=1))
            .build()
        )
    out = path or demo.crl_der
    out.write_bytes(builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    return out


def load_demo_pki(directory: Path | str) -> DemoPki:
    """Describe a directory made by :func:`create_demo_pki` (no keys are read)."""
    out = Path(directory)

    def ident(name: str) -> Identity:
        return Identity(name, out / f"{name}.pem", out / f"{name}.key.pem", out / f"{name}.p12")

    if not (out / "ca.pem").is_file():
        raise FileNotFoundError(f"{out} không chứa PKI thử nghiệm (thiếu ca.pem)")
    return DemoPki(
        directory=out,
        ca=ident("ca"),
        tsa=ident("tsa"),
        organisation=ident("organisation"),
        persons={k: ident(k) for k in DEMO_PERSONS},
        crl_der=out / "ca.crl",
    )
