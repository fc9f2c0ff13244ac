"""Demo (order 60): the demo PKI, signing keys, the 2026 register continuing after 1036/SVHTTDL-VP,
issued e-signed documents, one draft per phòng and one hồ sơ with fixity recorded. Idempotent."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from cchc.apps.core.demo import demo_loader
from cchc.apps.org.access import organisation_signers
from cchc.apps.org.models import Unit, UnitKind, User
from cchc.domain.documents import pki

from .models import ArchiveFile, Direction, OutgoingDocument, SigningKey
from .services import archive, drafting, keys, signing
from .services.numbering import continue_series, register_for

SEED_LAST_NUMBER = 1036  # the seed letter is "1036/SVHTTDL-VP": the 2026 register continues after it
SUBJECTS = [
    "triển khai Kế hoạch cải cách hành chính năm 2026",
    "đôn đốc báo cáo kết quả thực hiện nhiệm vụ CCHC quý IV",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
]


def ensure_pki() -> pki.DemoPki:
    directory = keys.pki_dir()
    if (directory / "ca.pem").is_file():
        return pki.load_demo_pki(directory)
    return pki.create_demo_pki(directory)


def _person_p12(demo: pki.DemoPki, user: User) -> Path:
    """A demo certificate in the signer's own name (CN = họ tên, title = chức vụ)."""
    path = demo.directory / f"user-{user.username}.p12"
    if path.is_file():
        return path
    ca_cert = x509.load_pem_x509_certificate(demo.ca.cert_pem.read_bytes())
    ca_key = serialization.load_pem_private_key(
        demo.ca.key_pem.read_bytes(), password=pki.DEMO_PASSWORD.encode()
    )
    key = pki._key()
    cert = pki.issue_certificate(
        pki._name(user.get_full_name(), title=user.position),
        key.public_key(),
        ca_cert,
        ca_key,  # type: ignore[arg-type]
    )
    return pki._write(demo.directory, f"user-{user.username}", key, cert, [ca_cert]).p12


def ensure_keys(demo: pki.DemoPki, root: Unit) -> None:
    if not SigningKey.objects.filter(organisation=root).exists():
        SigningKey.objects.create(label="Chứng thư số Sở VHTTDL (thử nghiệm)", organisation=root,
                                  p12_path=str(demo.organisation.p12), demo=True)  # fmt: skip
    for user in organisation_signers(root):
        if not SigningKey.objects.filter(owner=user).exists():
            SigningKey.objects.create(label=f"Chứng thư số {user.get_full_name()} (thử nghiệm)", owner=user,
                                      p12_path=str(_person_p12(demo, user)), demo=True)  # fmt: skip


def _letter(unit: Unit, signer: User, subject: str) -> dict:
    return {
        "doc_type": "CONG_VAN", "subject": subject, "addressees": "Các phòng, đơn vị trực thuộc Sở",
        "body": "Thực hiện Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh Lai Châu, Sở Văn hóa, Thể thao "
        "và Du lịch đề nghị các phòng, đơn vị triển khai thực hiện các nội dung sau.\n"
        "Báo cáo kết quả về Văn phòng Sở trước ngày 15 hằng tháng để tổng hợp.",
        "closing": "Đề nghị các phòng, đơn vị nghiêm túc thực hiện./.",
        "signer": signer, "signatory_name": signer.get_full_name(), "signatory_position": signer.position,
        "recipients": "Như trên\nGiám đốc, các Phó Giám đốc Sở",
    }  # fmt: skip


@demo_loader(60, "documents")
def load() -> list[str]:
    root = Unit.objects.filter(parent__isnull=True, abbreviation="SVHTTDL").first()
    users = {u.username: u for u in User.objects.filter(username__in=["giamdoc", "vanphong"])}
    if root is None or len(users) < 2:
        return ["Văn bản: thiếu dữ liệu tổ chức mẫu, bỏ qua"]
    demo = ensure_pki()
    ensure_keys(demo, root)
    register = register_for(organisation=root, direction=Direction.OUTGOING, year=2026)
    continue_series(register=register, key="HC", last_number=SEED_LAST_NUMBER)
    if OutgoingDocument.objects.filter(organisation=root).exists():
        return ["Văn bản: dữ liệu mẫu đã có"]
    director, clerk = users["giamdoc"], users["vanphong"]
    office = Unit.objects.get(parent=root, abbreviation="VP")
    issued = []
    for subject in SUBJECTS:
        doc = drafting.create_draft(user=clerk, unit=office, data=_letter(office, director, subject))
        drafting.submit_for_signing(user=clerk, document=doc)
        signing.sign_as_person(user=director, document=doc)
        issued.append(signing.seal_and_issue(user=clerk, document=doc))
    for unit in Unit.objects.filter(parent=root, kind=UnitKind.DIVISION):
        drafting.create_draft(user=clerk, unit=unit, data=_letter(unit, director, f"dự thảo của {unit.name}"))
    assert issued[0].issue_date is not None  # set on issue
    hoso = ArchiveFile.objects.create(
        organisation=root, unit=office, organ_id="LC-SVHTTDL", file_catalog=2026, file_notation="VP.01",
        title="Hồ sơ chỉ đạo, điều hành công tác cải cách hành chính năm 2026", maintenance="Vĩnh viễn",
        rights="Hạn chế", creator=clerk.get_full_name(), start_date=issued[0].issue_date,
    )  # fmt: skip
    for doc in issued:
        archive.add_document(user=clerk, archive_file=hoso, document=doc)
    archive.run_fixity_check()
    numbers = ", ".join(d.number_symbol for d in issued)
    return [
        f"Văn bản: khóa ký số thử nghiệm ở {demo.directory}; đã ban hành {numbers}; hồ sơ lưu trữ {hoso.file_notation}"
    ]
