"""PAdES signatures with pyHanko 0.38: keys from PKCS#12 files or PKCS#11 tokens, visible stamps of
NĐ 30/2020, optional RFC 3161 timestamp and long-term validation data.

Every signature is an incremental update: the bytes already signed are never rewritten (DESIGN §7),
so a chain officer → unit head → director → seal keeps each earlier signature valid.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import ValidationContext

from cchc.domain.documents import stamps
from cchc.domain.errors import UserError, log_failure

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # NĐ 30: signing time in Vietnam's time zone


class SigningFailed(UserError, RuntimeError):
    """The key could not be loaded or the PDF could not be signed (message in Vietnamese, no library
    text: the technical detail is logged)."""


class WrongSigner(SigningFailed):
    """The key's certificate is not in the name of the person designated to sign."""


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: Unicode NFC, case and runs of white space do not count."""

    def norm(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return bool(norm(a)) and norm(a) == norm(b)


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    password: bytes | None = None


@dataclass(frozen=True)
class Pkcs11Key:
    """A key on a token; ``module`` is the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)."""

    module: Path
    token_label: str
    key_label: str
    pin: str | None = None
    cert_label: str | None = None  # defaults to key_label (pyHanko's convention)


KeySource = Pkcs12Key | Pkcs11Key


class StampKind(Enum):
    PERSON = "person"  # signer's image (blue) + caption
    ORG = "org"  # red seal, real size + caption
    TEXT = "text"  # số/ký hiệu + ISO 8601 time, TNR 10 black, top-right of page 1
    NONE = "none"  # invisible signature (e.g. approvals earlier in a chain)


@dataclass(frozen=True)
class SignOptions:
    """What to sign and how. ``box`` (x1, y1, x2, y2 in points) is needed only when the field does not
    exist yet and the stamp is visible; ``image`` overrides the demo image/seal."""

    field_name: str = "Signature1"
    stamp: StampKind = StampKind.PERSON
    image: Image.Image | Path | None = None
    box: stamps.Box | None = None
    page: int = 0  # negative counts from the end (-1 = last page)
    reason: str | None = None
    location: str | None = None
    reference: str = ""  # số và ký hiệu, shown by the text-only stamp
    organisation: str = ""  # seal text when no image is given
    locality: str = ""
    seal_mm: float = stamps.DEFAULT_SEAL_MM
    tsa_url: str | None = None
    timestamper: TimeStamper | None = None  # wins over tsa_url (tests use DummyTimeStamper)
    validation_context: ValidationContext | None = None  # set → embed LTV data (PAdES B-LT)
    signing_time: dt.datetime | None = None
    certify: bool = False
    # The person who must sign (họ tên as in the certificate's CN). The field's own designation (seed
    # value /Cert /SubjectDN written by layout_pdf) is enforced as well, so every caller is checked.
    expected_signer: str | None = None
    extra_text_params: dict[str, str] = field(default_factory=dict)


class _FixedTimePdfSigner(signers.PdfSigner):
    """pyHanko takes the signing time from the local clock and zone; we fix it so that the CMS
    signing-time attribute and the "Thời gian ký" caption are the same instant, in Vietnam time."""

    def __init__(self, *args: object, signing_time: dt.datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False) -> PdfSigningSession:  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


@contextlib.contextmanager
def open_signer(key: KeySource) -> Iterator[signers.Signer]:
    """A pyHanko signer for the key; a PKCS#11 session stays open only while signing."""
    if isinstance(key, Pkcs12Key):
        try:
            signer = signers.SimpleSigner.load_pkcs12(str(key.path), passphrase=key.password)
        except Exception as exc:  # pyHanko raises several types for a bad file or password
            log_failure(exc, context=f"PKCS#12 {key.path}")
            raise SigningFailed(
                f"không đọc được tệp khóa PKCS#12 “{key.path.name}” (tệp hỏng hoặc sai mật khẩu)"
            ) from exc
        if signer is None:
            raise SigningFailed(f"không đọc được tệp khóa PKCS#12 “{key.path.name}” (sai mật khẩu?)")
        yield signer
        return
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    try:
        session = p11.open_pkcs11_session(
            str(key.module), token_criteria=TokenCriteria(label=key.token_label), user_pin=key.pin
        )
    except (PKCS11Error, OSError) as exc:
        log_failure(exc, context=f"PKCS#11 {key.module} {key.token_label}")
        raise SigningFailed(
            f"không mở được thiết bị ký số '{key.token_label}' (chưa cắm thiết bị, sai mã PIN hoặc sai thư viện)"
        ) from exc
    try:
        yield p11.PKCS11Signer(session, key_label=key.key_label, cert_label=key.cert_label or key.key_label)
    finally:
        session.close()


def _stamp_style(options: SignOptions, signer_name: str) -> BaseStampStyle | None:
    if options.stamp is StampKind.NONE:
        return None
    if options.stamp is StampKind.TEXT:
        return stamps.text_only_style()
    image = options.image
    if isinstance(image, Path):
        image = Image.open(image).convert("RGBA")
    if options.stamp is StampKind.ORG:
        seal = image or stamps.seal_image(
            options.organisation or signer_name, options.locality, options.seal_mm
        )
        return stamps.organisation_style(seal, options.seal_mm)
    return stamps.person_style(image or stamps.signature_image(signer_name))


def _field_exists(reader: PdfFileReader, name: str) -> bool:
    return any(fname == name for fname, _, _ in fields.enumerate_sig_fields(reader))


def designated_signer(reader: PdfFileReader, field_name: str) -> str | None:
    """The common name a signature field's seed value requires of the signer's certificate, if any."""
    for fname, _value, ref in fields.enumerate_sig_fields(reader):
        if fname != field_name:
            continue
        sv = ref.get_object().get("/SV")
        if sv is None:
            return None
        spec = fields.SigSeedValueSpec.from_pdf_object(sv.get_object())
        dn = spec.cert.subject_dn if spec.cert is not None else None
        name = dn.native.get("common_name") if dn is not None else None
        return str(name) if name else None
    return None


def check_signer(cert_name: str, *designated: str | None) -> None:
    """Refuse a certificate whose CN is not the designated signer's name (every given designation)."""
    for name in designated:
        if name and not same_person(cert_name, name):
            raise WrongSigner(
                f"chứng thư số của “{cert_name}” không phải của người ký được chỉ định “{name}”: "
                "chỉ người được chỉ định mới được ký văn bản này"
            )


def _default_box(options: SignOptions, reader: PdfFileReader) -> stamps.Box:
    page = reader.root["/Pages"]["/Kids"][0].get_object() if options.page == 0 else None
    width, height = 595.28, 841.89  # A4
    if page is not None and "/MediaBox" in page:
        mb = [float(v) for v in page["/MediaBox"]]
        width, height = mb[2] - mb[0], mb[3] - mb[1]
    if options.stamp is StampKind.TEXT:
        return stamps.text_only_box(width, height)
    person = stamps.person_box(width - 20 * stamps.MM - 40 * stamps.MM, 60 * stamps.MM + 80)
    if options.stamp is StampKind.ORG:
        return stamps.seal_box(person, diameter_mm=options.seal_mm)
    return person


def _page_index(reader: PdfFileReader, page: int) -> int:
    count = int(reader.root["/Pages"]["/Count"])
    return page if page >= 0 else count + page


def sign_pdf(data: bytes, key: KeySource, options: SignOptions) -> bytes:
    """Sign ``data`` (a PDF) and return the new file: the input plus one incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    signing_time = (options.signing_time or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)
    with open_signer(key) as signer:
        cert = signer.signing_cert
        signer_name = cert.subject.native.get("common_name", "") if cert is not None else ""
        check_signer(signer_name, options.expected_signer, designated_signer(writer.prev, options.field_name))
        new_field = None
        if not _field_exists(writer.prev, options.field_name):
            box = None
            if options.stamp is not StampKind.NONE:
                box = options.box or _default_box(options, writer.prev)
            new_field = fields.SigFieldSpec(
                sig_field_name=options.field_name,
                box=stamps.int_box(box) if box else None,
                on_page=_page_index(writer.prev, options.page),
            )
        timestamper = options.timestamper
        if timestamper is None and options.tsa_url:
            from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

            timestamper = HTTPTimeStamper(options.tsa_url)
        meta = signers.PdfSignatureMetadata(
            field_name=options.field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=options.reason,
            location=options.location,
            certify=options.certify,
            embed_validation_info=options.validation_context is not None,
            validation_context=options.validation_context,
        )
        pdf_signer = _FixedTimePdfSigner(
            meta,
            signer=signer,
            timestamper=timestamper,
            stamp_style=_stamp_style(options, signer_name),
            new_field_spec=new_field,
            signing_time=signing_time,
        )
        params = {
            "vn_time": signing_time.strftime("%d/%m/%Y %H:%M:%S"),
            "iso_time": signing_time.isoformat(timespec="seconds"),
            "reference": options.reference,
            **options.extra_text_params,
        }
        out = io.BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params)
        except SigningFailed:
            raise
        except Exception as exc:
            log_failure(exc, context="sign_pdf")
            raise SigningFailed("ký số thất bại; chi tiết kỹ thuật đã được ghi vào nhật ký hệ thống") from exc
    return out.getvalue()


def sign_file(in_path: Path, out_path: Path, key: KeySource, options: SignOptions) -> None:
    """Sign a file into a new file; the input is never modified (signed originals stay as they are)."""
    if in_path.resolve() == out_path.resolve():
        raise SigningFailed("tệp kết quả phải khác tệp gốc: văn bản đã ký không được sửa tại chỗ")
    out_path.write_bytes(sign_pdf(in_path.read_bytes(), key, options))


def sign_chain(data: bytes, steps: list[tuple[KeySource, SignOptions]]) -> list[bytes]:
    """Sign in order (officer → unit head → director → seal); returns every intermediate revision so
    that the caller can verify and archive each step."""
    revisions = []
    for key, options in steps:
        data = sign_pdf(data, key, options)
        revisions.append(data)
    return revisions
