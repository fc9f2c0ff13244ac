"""Signing and issuing: the leader signs (person key), the văn thư gives the number and seals
(organisation key) — NĐ 30/2020 Điều 13, 15, 18 and Phụ lục I ô 7–8."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, require_capability
from cchc.apps.org.models import User
from cchc.domain.documents.layout_pdf import FIELD_PERSON, FIELD_SEAL
from cchc.domain.documents.model import DocType, issuer_name
from cchc.domain.documents.numbering import compose_symbol, format_number_line
from cchc.domain.documents.signing import SignOptions, StampKind, same_person, sign_pdf
from cchc.domain.documents.verify import VerificationResult, report_vi

from ..models import Direction, OutgoingDocument, SignatureRecord, SigningKey, Status
from . import keys
from .drafting import render_preview
from .numbering import register_for, series_key_for, take_number
from .pdf_number import fill_number_field


def _record(
    document: OutgoingDocument, *, user: User, role: str, key: SigningKey, result: VerificationResult
) -> SignatureRecord:
    return SignatureRecord.objects.create(
        document=document, signer=user, role=role, key=key, key_kind=key.kind, signed_at=timezone.now(),
        verification_ok=result.ok, summary=report_vi(result),
    )  # fmt: skip


def _verified(data: bytes) -> VerificationResult:
    """Verify what was just signed; a signature that does not verify (expired or revoked key, untrusted
    CA, …) is refused with its reason, so nothing is marked signed and no number is given."""
    result = keys.verify(data)
    if not result.ok:
        reasons = sorted({p for s in result.signatures if not s.ok for p in s.problems}) or [
            result.error or _("chữ ký số không được xác thực")
        ]
        raise ValidationError(
            _("Chữ ký số không hợp lệ nên văn bản không được ký hoặc ban hành: %(reasons)s.")
            % {"reasons": "; ".join(reasons)}
        )
    return result


def person_name(user: User) -> str:
    """Họ tên in Vietnamese order (họ đệm tên), as in the signer's certificate."""
    return user.get_full_name()


def is_designated_signer(user: User, document: OutgoingDocument) -> bool:
    return bool(user.is_authenticated and document.signer_id is not None and document.signer_id == user.pk)


def check_designated_signer(user: User, document: OutgoingDocument, key: SigningKey | None = None) -> None:
    """Only the person the document names as its signer signs it as a person, with their own key."""
    if document.signer_id is None:
        raise ValidationError(_("Văn bản chưa chỉ định người ký: trả lại dự thảo để chọn người ký."))
    if not is_designated_signer(user, document):
        signer = document.signer
        assert signer is not None  # signer_id is set
        raise PermissionDenied(
            _("Chỉ người ký được chỉ định (%(name)s) mới được ký văn bản này.")
            % {"name": person_name(signer)}
        )
    if not same_person(document.signatory_name, person_name(user)):
        raise ValidationError(
            _("Họ tên người ký in trên văn bản (%(printed)s) không phải họ tên của %(name)s.")
            % {"printed": document.signatory_name, "name": person_name(user)}
        )
    if key is not None and key.owner_id != user.pk:
        raise PermissionDenied(_("Chỉ được ký bằng khóa ký số của chính mình."))


def sign_as_person(
    *, user: User, document: OutgoingDocument, key: SigningKey | None = None
) -> OutgoingDocument:
    """The leader's signature (ô 7c), by the designated signer only. The PDF is rendered again with
    today's date: the date of a document is the date it is signed, and what the leader sees is what is
    signed. The signed file is verified before anything is saved."""
    require_capability(user, "documents.sign")
    check_unit(user, document.unit, write=True)
    if document.status != Status.PENDING:
        raise ValidationError(_("Văn bản không ở trạng thái chờ ký."))
    check_designated_signer(user, document, key)
    key = key or keys.person_key(user)
    check_designated_signer(user, document, key)
    today = timezone.localdate()
    data = render_preview(document, day=today)  # the person field names the signer (seed value)
    signed = sign_pdf(
        data,
        keys.key_source(key),
        SignOptions(
            field_name=FIELD_PERSON, stamp=StampKind.PERSON, reason=_("Ký duyệt văn bản"),
            expected_signer=person_name(user),
        ),
    )  # fmt: skip
    result = _verified(signed)
    with transaction.atomic():
        locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status != Status.PENDING:  # someone else signed meanwhile
            raise ValidationError(_("Văn bản đã được ký."))
        document.issue_date = today
        document.signed_pdf.save(f"van-ban-{document.pk}-ky.pdf", ContentFile(signed), save=False)
        document.status = Status.SIGNED
        document.save()
        _record(document, user=user, role="person", key=key, result=result)
    return document


def assign_number(*, document: OutgoingDocument, day: dt.date) -> OutgoingDocument:
    """Give the document its number from its register's series. Runs inside the caller's transaction,
    so the number and the document are saved — or rolled back — together."""
    org = document.organisation
    register = register_for(organisation=org, direction=Direction.OUTGOING, year=day.year)
    key = series_key_for(
        register=register,
        doc_type=document.doc_type,
        issuer_abbr=org.abbreviation,
        day=day,
        secrecy=document.secrecy,
    )
    document.register = register
    document.series_key = key
    document.number = take_number(register=register, key=key, day=day)
    document.year = day.year
    document.symbol = compose_symbol(DocType[document.doc_type], org.abbreviation, document.unit.abbreviation)
    document.issue_date = document.issue_date or day
    document.save()
    return document


def _check_issuer(user: User, document: OutgoingDocument, *, expected: str) -> None:
    require_capability(user, "documents.issue")
    check_unit(user, document.organisation, write=True)
    if document.status != expected:
        raise ValidationError(_("Văn bản không ở trạng thái có thể ban hành."))


def seal_and_issue(
    *, user: User, document: OutgoingDocument, key: SigningKey | None = None
) -> OutgoingDocument:
    """Văn thư: number, organisation signature (ô 8) and issue, in one transaction — a failed signature,
    or one that does not verify, gives the number back (no gap) and issues nothing."""
    _check_issuer(user, document, expected=Status.SIGNED)
    key = key or keys.organisation_key(document.organisation)
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        _check_issuer(user, document, expected=Status.SIGNED)
        assign_number(document=document, day=document.issue_date or timezone.localdate())
        with document.signed_pdf.open("rb") as fh:
            person_signed = fh.read()
        numbered = fill_number_field(person_signed, format_number_line(document.number, document.symbol))
        sealed = sign_pdf(
            numbered,
            keys.key_source(key),
            SignOptions(
                field_name=FIELD_SEAL, stamp=StampKind.ORG, reference=document.number_symbol,
                organisation=issuer_name(document.organisation.name, document.organisation.parent_body),
                locality=document.organisation.place_name,
                reason=_("Ban hành văn bản số %(n)s") % {"n": document.number_symbol},
            ),
        )  # fmt: skip
        result = _verified(sealed)  # raising here rolls the number back
        document.signed_pdf.save(f"van-ban-{document.pk}-ban-hanh.pdf", ContentFile(sealed), save=False)
        document.status = Status.ISSUED
        document.digitally_signed = True
        document.is_electronic = True
        document.issued_at = timezone.now()
        document.save()
        _record(document, user=user, role="org", key=key, result=result)
    return document


def issue_paper(*, user: User, document: OutgoingDocument, day: dt.date | None = None) -> OutgoingDocument:
    """A paper document signed by hand: the văn thư records it and gives it the next number of the same
    series as the e-documents (Điều 15 k.1: paper and e-documents share số and ký hiệu)."""
    if document.status not in (Status.PENDING, Status.SIGNED):
        raise ValidationError(_("Văn bản không ở trạng thái có thể ban hành."))
    _check_issuer(user, document, expected=document.status)
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        assign_number(document=document, day=day or timezone.localdate())
        document.status = Status.ISSUED
        document.is_electronic = False
        document.digitally_signed = False
        document.issued_at = timezone.now()
        document.save()
    return document
