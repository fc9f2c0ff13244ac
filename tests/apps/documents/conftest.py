"""Documents app fixtures: one demo PKI per session (RSA keys are slow), media in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.apps.documents.models import OutgoingDocument, SigningKey
from cchc.apps.documents.services import drafting
from cchc.domain.documents import pki


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory: pytest.TempPathFactory) -> pki.DemoPki:
    return pki.create_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path, demo_pki: pki.DemoPki) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.CCHC_DOCUMENTS_TRUST_ROOTS = [str(demo_pki.ca.cert_pem)]


@pytest.fixture
def keys(cast, units, demo_pki: pki.DemoPki) -> dict[str, SigningKey]:
    def p12(identity: pki.Identity, **owner) -> SigningKey:
        return SigningKey.objects.create(label=identity.name, p12_path=str(identity.p12), demo=True, **owner)

    return {
        "giamdoc": p12(demo_pki.persons["director"], owner=cast["giamdoc"]),
        "truongphong.vh": p12(demo_pki.persons["unit_head"], owner=cast["truongphong.vh"]),
        "org": p12(demo_pki.organisation, organisation=units[""]),
    }


LETTER = {
    "doc_type": "CONG_VAN",
    "subject": "đẩy mạnh công tác cải cách hành chính năm 2026",
    "addressees": "Các phòng, đơn vị trực thuộc Sở",
    "body": "Thực hiện Kế hoạch CCHC năm 2026 của UBND tỉnh, Sở yêu cầu các phòng triển khai thực hiện.\n"
    "Báo cáo kết quả trước ngày 15/12/2026.",
    "signatory_name": "Trần Mạnh Hùng",
    "signatory_position": "Giám đốc",
    "recipients": "Như trên\nLãnh đạo Sở",
}


@pytest.fixture
def make_draft(cast, units):
    def _make(username: str = "vanphong", unit: str = "VP", **extra) -> OutgoingDocument:
        # The letter names the director as its signer (only the designated signer may sign).
        data = {**LETTER, "signer": cast["giamdoc"], **extra}
        return drafting.create_draft(user=cast[username], unit=units[unit], data=data)

    return _make
