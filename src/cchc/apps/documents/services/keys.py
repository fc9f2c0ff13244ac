"""Which key signs, and which roots a verification trusts. Secrets come from the environment only."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from cchc.apps.core.datapaths import resolve
from cchc.apps.org.models import Unit, User
from cchc.domain.documents import pki
from cchc.domain.documents.signing import KeySource, Pkcs11Key, Pkcs12Key, SigningFailed
from cchc.domain.documents.verify import VerificationResult, verify_pdf

from ..models import KeyKind, SigningKey


def pki_dir() -> Path:
    return Path(settings.DATA_DIR) / "pki"


def trust_roots() -> list[Path]:
    """Roots of trust: ``CCHC_DOCUMENTS_TRUST_ROOTS`` (env, PEM/DER paths) plus the demo CA if
    one was created. Without any root, signatures can still be intact but never "trusted"."""
    roots = [Path(p) for p in settings.CCHC_DOCUMENTS_TRUST_ROOTS]
    demo_ca = pki_dir() / "ca.pem"
    if demo_ca.is_file():
        roots.append(demo_ca)
    return roots


def crls() -> list[Path]:
    """Revocation lists: ``CCHC_DOCUMENTS_CRLS`` (env, DER paths) plus the demo CA's CRL if present."""
    lists = [Path(p) for p in settings.CCHC_DOCUMENTS_CRLS]
    demo_crl = pki_dir() / "ca.crl"
    if demo_crl.is_file():
        lists.append(demo_crl)
    return lists


def verify(data: bytes) -> VerificationResult:
    """The one verification of the app (verify page, API, incoming mail, signing and issuing): the
    configured roots, revocation lists and revocation mode."""
    return verify_pdf(
        data,
        trust_roots=trust_roots(),
        crls=crls(),
        allow_fetching=settings.CCHC_DOCUMENTS_REVOCATION_FETCH,
        revocation_mode=settings.CCHC_DOCUMENTS_REVOCATION_MODE,
    )


def _secret(env_name: str) -> str | None:
    return os.environ.get(env_name) if env_name else None


def key_source(key: SigningKey) -> KeySource:
    if key.kind == KeyKind.PKCS11:
        return Pkcs11Key(
            module=Path(key.pkcs11_module),
            token_label=key.token_label,
            key_label=key.key_label,
            pin=_secret(key.pin_env),
        )
    password = _secret(key.password_env)
    if password is None and key.demo:
        password = pki.DEMO_PASSWORD  # the published password of the demo PKI, never a real key
    return Pkcs12Key(path=resolve(key.p12_path), password=password.encode() if password else None)


def person_key(user: User) -> SigningKey:
    key = SigningKey.objects.filter(owner=user, is_active=True).first()
    if key is None:
        raise SigningFailed(
            _("Chưa cấu hình khóa ký số cho %(name)s.") % {"name": user.get_full_name() or user}
        )
    return key


def organisation_key(organisation: Unit) -> SigningKey:
    key = SigningKey.objects.filter(organisation=organisation, is_active=True).first()
    if key is None:
        raise SigningFailed(_("Chưa cấu hình khóa ký số của cơ quan %(name)s.") % {"name": organisation.name})
    return key
