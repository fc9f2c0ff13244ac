"""Verification of every signature in a PDF, with a Vietnamese report.

A cryptographic check alone is not enough: poppler's ``pdfsig`` still calls a signature "valid" when
someone has drawn on the page in a later incremental update. pyHanko's difference analysis tells
what changed after each signature (``modification_level``, ``docmdp_ok``), which is what a reader
of an official document needs to know.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from cchc.domain.documents.signing import VN_TZ
from cchc.domain.documents.trust import REVOCATION_MODES
from cchc.domain.errors import log_failure

# Updates that do not change what the signer saw: later signatures filling fields, DSS/timestamps.
ALLOWED_LEVELS = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass(frozen=True)
class SignatureResult:
    index: int
    field_name: str
    signer_name: str
    signer_organisation: str
    signer_title: str
    issuer: str
    serial: str
    signing_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    timestamp_trusted: bool | None
    intact: bool
    valid: bool
    trusted: bool
    chain: list[str]
    coverage: str
    modification_level: str
    docmdp_ok: bool | None
    modified_after_signing: bool
    problems: list[str] = field(default_factory=list)
    # Why the certificate is not trusted (one of REASONS' keys), "" when it is.
    trust_problem: str = ""
    # Bytes were added after this signature that are not a PDF revision (not a signature, not a form fill).
    appended_bytes: bool = False

    @property
    def ok(self) -> bool:
        """The document as the signer saw it is intact, the signer is trusted and nothing that
        changes its content came after."""
        return self.intact and self.valid and self.trusted and not self.modified_after_signing


@dataclass(frozen=True)
class VerificationResult:
    signatures: list[SignatureResult]
    error: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.error and all(s.ok for s in self.signatures)

    def to_dict(self) -> dict[str, object]:
        def conv(value: object) -> object:
            return value.isoformat() if isinstance(value, dt.datetime) else value

        return {
            "ok": self.ok,
            "error": self.error,
            "signatures": [
                {k: conv(v) for k, v in asdict(s).items()} | {"ok": s.ok} for s in self.signatures
            ],
        }


def load_trust_roots(paths: Sequence[Path]) -> list[asn1_x509.Certificate]:
    """PEM or DER certificates; a PEM file may hold several (a CA bundle)."""
    roots: list[asn1_x509.Certificate] = []
    for path in paths:
        data = Path(path).read_bytes()
        if b"-----BEGIN" in data:
            from asn1crypto import pem

            roots.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(load_cert_from_pemder(str(path)))
    return roots


def validation_context(
    trust_roots: list[Path],
    crls: Sequence[Path] = (),
    allow_fetching: bool = False,
    revocation_mode: str = "soft-fail",
) -> ValidationContext:
    """Trust only the given roots (no system store). Revocation is checked against the CRLs passed here,
    those embedded in the PDF and, with ``allow_fetching``, the CRL/OCSP addresses in the certificates.
    ``soft-fail`` (default) accepts a certificate whose revocation status cannot be found (an offline
    machine) but never one found revoked; ``hard-fail``/``require`` refuse it (pyHanko's modes)."""
    if revocation_mode not in REVOCATION_MODES:
        raise ValueError(f"chế độ kiểm tra thu hồi không hợp lệ: {revocation_mode}")
    return ValidationContext(
        trust_roots=load_trust_roots(list(trust_roots)),
        crls=[asn1_crl.CertificateList.load(Path(p).read_bytes()) for p in crls],
        allow_fetching=allow_fetching,
        revocation_mode=revocation_mode,
    )


def _name_part(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _unverifiable(index: int, field_name: str, cert: asn1_x509.Certificate, message: str) -> SignatureResult:
    return SignatureResult(
        index=index, field_name=field_name, signer_name=_name_part(cert, "common_name"),
        signer_organisation=_name_part(cert, "organization_name"), signer_title=_name_part(cert, "title"),
        issuer="", serial="", signing_time=None, timestamp_time=None, timestamp_trusted=None,
        intact=False, valid=False, trusted=False, chain=[], coverage="", modification_level="",
        docmdp_ok=None, modified_after_signing=True, problems=[f"không kiểm tra được: {message}"],
        trust_problem="unknown",
    )  # fmt: skip


# Why a certificate is not trusted, in the words the reader sees.
REASONS = {
    "expired": "chứng thư số đã hết hạn",
    "not_yet_valid": "chứng thư số chưa có hiệu lực",
    "untrusted_root": "chứng thư số tự ký hoặc không thuộc tổ chức cung cấp dịch vụ tin cậy",
    "revoked": "chứng thư số đã bị thu hồi",
    "revocation_unknown": "không kiểm tra được tình trạng thu hồi của chứng thư số",
    "unknown": "không xác định được tính hợp lệ của chứng thư số",
}


def _trust_problem(status: object, cert: asn1_x509.Certificate, at: dt.datetime | None) -> str:
    """Classify an untrusted signer certificate: pyHanko's AdES sub-indication first, then the
    certificate's own dates (pyHanko reports a not-yet-valid certificate as a general chain failure)."""
    if getattr(status, "trusted", False):
        return ""
    indic = getattr(getattr(status, "trust_problem_indic", None), "name", "")
    if getattr(status, "revoked", False) or indic in {"REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"}:
        return "revoked"
    now = dt.datetime.now(dt.UTC)
    moments = [now] + ([at] if at is not None else [])
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if indic in {"EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"} or any(
        m > not_after for m in moments
    ):
        return "expired"
    if indic == "NOT_YET_VALID" or any(m < not_before for m in moments):
        return "not_yet_valid"
    if indic in {"REVOCATION_OUT_OF_BOUNDS_NO_POE", "TRY_LATER"}:
        return "revocation_unknown"
    if cert.self_signed != "no" or indic in {"NO_CERTIFICATE_CHAIN_FOUND", "CHAIN_CONSTRAINTS_FAILURE"}:
        return "untrusted_root"
    return "unknown"


def _tail_is_appended(data: bytes, start: int) -> bool:
    """Anything but white space after ``start`` (the end of a signed range or the last ``%%EOF``)."""
    return bool(data[start:].strip(b" \t\r\n\x00\x0c"))


def verify_pdf(
    source: bytes | Path,
    *,
    trust_roots: Sequence[Path] = (),
    crls: Sequence[Path] = (),
    allow_fetching: bool = False,
    revocation_mode: str = "soft-fail",
) -> VerificationResult:
    """Check every signature of a PDF, with revocation (see :func:`validation_context`). Without trust
    roots signatures can be intact and valid but not trusted; the report says so.

    A signature that covers its revision but not the whole file is "only signatures or form fills were
    added" only when later *revisions* exist and pyHanko's difference analysis accepts them; bytes
    appended after the last revision (or after the last signature) are not a revision at all and are
    reported as a modification that is not a signature."""
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # a damaged file must give a report, not a traceback
        log_failure(exc, context="verify: read PDF")
        return VerificationResult([], error="không đọc được tệp PDF (tệp hỏng hoặc không phải PDF)")
    results = []
    last_revision = reader.xrefs.total_revisions - 1
    eof = data.rstrip().rfind(b"%%EOF")
    junk_after_last_revision = eof < 0 or _tail_is_appended(data, eof + len(b"%%EOF"))
    for index, sig in enumerate(embedded, start=1):
        vc = validation_context(list(trust_roots), list(crls), allow_fetching, revocation_mode)
        problems: list[str] = []
        try:
            status = validate_pdf_signature(sig, signer_validation_context=vc)
        except Exception as exc:
            log_failure(exc, context=f"verify: signature {index}")
            results.append(
                _unverifiable(index, sig.field_name, sig.signer_cert, "chữ ký hỏng hoặc sai cấu trúc")
            )
            continue
        cert = status.signing_cert
        chain = [c.subject.human_friendly for c in status.validation_path] if status.validation_path else []
        ts = status.timestamp_validity
        level = status.modification_level
        appended = False
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            _, _, start2, len2 = (int(v) for v in sig.byte_range)
            appended = junk_after_last_revision or (
                sig.signed_revision == last_revision and _tail_is_appended(data, start2 + len2)
            )
        modified = bool(
            status.docmdp_ok is False
            or (level is not None and level not in ALLOWED_LEVELS)
            or not status.intact
            or appended
        )
        signed_at = status.signer_reported_dt
        problem = _trust_problem(status, cert, ts.timestamp if ts is not None else signed_at)
        if problem:
            problems.append(REASONS[problem])
        if appended:
            problems.append("có dữ liệu được nối thêm sau khi ký, không phải chữ ký số")
        results.append(
            SignatureResult(
                index=index,
                field_name=sig.field_name,
                signer_name=_name_part(cert, "common_name"),
                signer_organisation=_name_part(cert, "organization_name"),
                signer_title=_name_part(cert, "title"),
                issuer=str(cert.issuer.native.get("common_name", "")),
                serial=f"{cert.serial_number:X}",
                signing_time=status.signer_reported_dt.astimezone(VN_TZ)
                if status.signer_reported_dt
                else None,
                timestamp_time=ts.timestamp.astimezone(VN_TZ) if ts is not None else None,
                timestamp_trusted=(ts.intact and ts.valid and ts.trusted) if ts is not None else None,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                chain=chain,
                coverage=status.coverage.name if status.coverage else "",
                modification_level=level.name if level is not None else "",
                docmdp_ok=status.docmdp_ok,
                modified_after_signing=modified,
                problems=problems,
                trust_problem=problem,
                appended_bytes=appended,
            )
        )
    return VerificationResult(results)


def _fmt(moment: dt.datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M:%S") if moment else "không rõ"


def signature_report_vi(s: SignatureResult) -> str:
    if not s.intact:
        verdict = "KHÔNG HỢP LỆ — nội dung đã ký bị thay đổi (dữ liệu không còn nguyên vẹn)"
    elif not s.valid:
        verdict = "KHÔNG HỢP LỆ — chữ ký không khớp với chứng thư số"
    elif s.appended_bytes:
        verdict = "KHÔNG HỢP LỆ — tài liệu bị sửa đổi sau khi ký (nối thêm dữ liệu không phải chữ ký số)"
    elif not s.trusted and s.trust_problem in ("revoked", "expired", "not_yet_valid"):
        verdict = f"KHÔNG HỢP LỆ — {REASONS[s.trust_problem]}"
    elif not s.trusted:
        verdict = f"chưa xác thực được — {REASONS.get(s.trust_problem or 'unknown', REASONS['unknown'])}"
    elif s.modified_after_signing:
        verdict = "hợp lệ tại thời điểm ký"
    else:
        verdict = "hợp lệ"
    who = s.signer_name + (f" ({s.signer_title})" if s.signer_title else "")
    if s.signer_organisation and s.signer_organisation != s.signer_name:
        who += f", {s.signer_organisation}"
    parts = [f"Chữ ký {s.index}: {verdict} — Người ký: {who}, ký lúc {_fmt(s.signing_time)}"]
    if s.timestamp_time:
        ts_state = "tin cậy" if s.timestamp_trusted else "chưa xác thực"
        parts.append(f"dấu thời gian ({ts_state}) {_fmt(s.timestamp_time)}")
    if s.intact and s.valid:
        if s.appended_bytes:
            parts.append("CẢNH BÁO: có dữ liệu được nối thêm sau khi ký, không phải chữ ký số")
        elif s.modified_after_signing:
            parts.append("CẢNH BÁO: tài liệu đã bị sửa đổi sau khi ký")
        elif s.coverage == SignatureCoverageLevel.ENTIRE_FILE.name:
            parts.append("tài liệu không bị sửa đổi sau khi ký")
        else:
            parts.append("tài liệu không bị sửa đổi sau khi ký (chỉ bổ sung chữ ký/dữ liệu xác thực)")
    return "; ".join(parts) + "."


def report_vi(result: VerificationResult) -> str:
    """The text shown to a reader: one line per signature and a conclusion."""
    if result.error:
        return f"Lỗi: {result.error}"
    if not result.signatures:
        return "Tệp không có chữ ký số."
    lines = [signature_report_vi(s) for s in result.signatures]
    lines.append(
        "Kết luận: tất cả chữ ký hợp lệ, tài liệu nguyên vẹn."
        if result.ok
        else "Kết luận: tài liệu KHÔNG đạt yêu cầu xác thực — xem chi tiết từng chữ ký."
    )
    return "\n".join(lines)
