"""One demo PKI per test session: generating RSA keys is the slow part of these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.domain.documents import pki
from cchc.domain.documents.layout_pdf import render_pdf
from cchc.domain.documents.signing import Pkcs12Key
from tests.domain.documents import samples


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory: pytest.TempPathFactory) -> pki.DemoPki:
    return pki.create_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def letter_pdf() -> bytes:
    return render_pdf(samples.letter()).data


def p12(identity: pki.Identity) -> Pkcs12Key:
    return Pkcs12Key(identity.p12, pki.DEMO_PASSWORD.encode())


def roots(demo: pki.DemoPki) -> list[Path]:
    return [demo.ca.cert_pem]
