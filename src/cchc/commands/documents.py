"""``cchc documents``: sign and verify PDFs, make a demo PKI. No Django: pure domain calls.

Passwords and PINs are read from environment variables named on the command line, never from the
command line itself (it shows up in ``ps`` and shell history).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path

from cchc.commands import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("documents", help="văn bản: ký số, xác thực chữ ký, PKI thử nghiệm")
    sub = parser.add_subparsers(dest="documents_command", metavar="LỆNH", required=True)

    sign = sub.add_parser("sign", help="ký số PAdES một tệp PDF (cập nhật gia tăng)")
    sign.add_argument("input", type=Path, metavar="IN.pdf")
    sign.add_argument("output", type=Path, metavar="OUT.pdf")
    keys = sign.add_mutually_exclusive_group(required=True)
    keys.add_argument("--p12", type=Path, help="tệp khóa PKCS#12 (.p12/.pfx)")
    keys.add_argument("--pkcs11-module", type=Path, help="thư viện PKCS#11 của token/HSM")
    sign.add_argument(
        "--password-env", default="CCHC_P12_PASSWORD", help="biến môi trường chứa mật khẩu .p12"
    )
    sign.add_argument("--token-label", help="nhãn token (PKCS#11)")
    sign.add_argument("--key-label", help="nhãn khóa/chứng thư trên token")
    sign.add_argument("--pin-env", default="CCHC_PKCS11_PIN", help="biến môi trường chứa mã PIN token")
    sign.add_argument("--stamp", choices=["person", "org", "text", "none"], default="person")
    sign.add_argument("--image", type=Path, help="ảnh chữ ký (xanh) hoặc ảnh dấu (đỏ), PNG nền trong suốt")
    sign.add_argument("--field", help="tên trường chữ ký (mặc định theo loại dấu)")
    sign.add_argument(
        "--page", type=int, default=None, help="trang đặt chữ ký (0 = trang đầu, -1 = trang cuối)"
    )
    sign.add_argument("--reference", default="", help="số, ký hiệu văn bản (dấu dạng chữ)")
    sign.add_argument(
        "--signer",
        help="họ tên người ký được chỉ định: từ chối khóa có chứng thư mang tên khác "
        "(trường chữ ký của văn bản do hệ thống tạo đã ghi sẵn người ký)",
    )
    sign.add_argument("--reason")
    sign.add_argument("--location")
    sign.add_argument(
        "--tsa-url", default=os.environ.get("CCHC_TSA_URL"), help="máy chủ dấu thời gian RFC 3161"
    )
    sign.set_defaults(handler=handle_sign)

    verify = sub.add_parser("verify", help="xác thực mọi chữ ký số trong tệp PDF")
    verify.add_argument("file", type=Path)
    verify.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        help="chứng thư gốc tin cậy (PEM/DER); mặc định: biến CCHC_DOCUMENTS_TRUST_ROOTS",
    )
    verify.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        help="danh sách thu hồi (DER); mặc định: biến CCHC_DOCUMENTS_CRLS",
    )
    verify.add_argument(
        "--revocation-mode",
        choices=["soft-fail", "hard-fail", "require"],
        default=None,
        help="kiểm tra thu hồi; mặc định: biến CCHC_DOCUMENTS_REVOCATION_MODE hoặc soft-fail",
    )
    verify.set_defaults(handler=handle_verify)

    demo = sub.add_parser("demo-pki", help="tạo CA, chứng thư cá nhân, tổ chức và TSA để thử nghiệm")
    demo.add_argument("directory", type=Path)
    demo.set_defaults(handler=handle_demo_pki)

    # The two commands below work on the database (the web app's archive), so they set Django up.
    fixity = sub.add_parser("fixity-check", help="băm lại mọi tệp trong kho lưu trữ, báo động nếu sai lệch")
    fixity.set_defaults(handler=handle_fixity_check)
    remind = sub.add_parser("archive-reminders", help="nhắc hồ sơ đến hạn nộp lưu trong 30 ngày")
    remind.add_argument("--days", type=int, default=30)
    remind.set_defaults(handler=handle_archive_reminders)


def _quiet_libraries() -> None:
    # pyHanko logs full tracebacks for expected outcomes (untrusted chain, tampered file); the
    # report already says it in Vietnamese.
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def handle_sign(args: argparse.Namespace) -> int:
    from cchc.domain.documents import signing
    from cchc.domain.documents.layout_pdf import FIELD_PERSON, FIELD_SEAL

    _quiet_libraries()
    if not args.input.is_file():
        raise CommandError(f"không tìm thấy tệp {args.input}")
    key: signing.KeySource
    if args.p12 is not None:
        if not args.p12.is_file():
            raise CommandError(f"không tìm thấy tệp khóa {args.p12}")
        password = os.environ.get(args.password_env)
        key = signing.Pkcs12Key(args.p12, password.encode() if password is not None else None)
    else:
        if not (args.token_label and args.key_label):
            raise CommandError("ký bằng PKCS#11 cần --token-label và --key-label")
        key = signing.Pkcs11Key(
            args.pkcs11_module, args.token_label, args.key_label, os.environ.get(args.pin_env)
        )
    stamp = signing.StampKind(args.stamp)
    default_field = {
        "person": FIELD_PERSON,
        "org": FIELD_SEAL,
        "text": "ChuKyBanSao",
        "none": "ChuKyPheDuyet",
    }
    page = args.page if args.page is not None else (0 if stamp is signing.StampKind.TEXT else -1)
    options = signing.SignOptions(
        field_name=args.field or default_field[args.stamp],
        stamp=stamp,
        image=args.image,
        page=page,
        reason=args.reason,
        location=args.location,
        reference=args.reference,
        tsa_url=args.tsa_url,
        expected_signer=args.signer,
    )
    try:
        signing.sign_file(args.input, args.output, key, options)
    except signing.SigningFailed as exc:
        raise CommandError(str(exc)) from exc
    print(f"Đã ký: {args.output}")
    return 0


def handle_verify(args: argparse.Namespace) -> int:
    from cchc.domain.documents import verify
    from cchc.domain.documents.trust import REVOCATION_MODES, split_paths

    _quiet_libraries()
    if not args.file.is_file():
        raise CommandError(f"không tìm thấy tệp {args.file}")
    # The same sources as the web page and the API (settings read the same variables).
    trust = args.trust or split_paths(os.environ.get("CCHC_DOCUMENTS_TRUST_ROOTS"))
    crls = args.crl or split_paths(os.environ.get("CCHC_DOCUMENTS_CRLS"))
    mode = args.revocation_mode or os.environ.get("CCHC_DOCUMENTS_REVOCATION_MODE") or "soft-fail"
    if mode not in REVOCATION_MODES:
        raise CommandError(f"chế độ kiểm tra thu hồi không hợp lệ: {mode}")
    fetch = os.environ.get("CCHC_DOCUMENTS_REVOCATION_FETCH", "").lower() in {"1", "true", "yes", "on"}
    for path in [*trust, *crls]:
        if not path.is_file():
            raise CommandError(f"không tìm thấy tệp {path}")
    result = verify.verify_pdf(
        args.file, trust_roots=trust, crls=crls, allow_fetching=fetch, revocation_mode=mode
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(verify.report_vi(result))
    return 0 if result.ok else 1


def handle_demo_pki(args: argparse.Namespace) -> int:
    from cchc.domain.documents import pki

    made = pki.create_demo_pki(args.directory)
    print(f"Đã tạo PKI thử nghiệm trong {made.directory} (mật khẩu .p12: {made.password})")
    for ident in [made.ca, made.tsa, made.organisation, *made.persons.values()]:
        print(f"  {ident.name}: {ident.cert_pem.name}, {ident.p12.name}")
    return 0


def handle_fixity_check(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup

    django_setup()
    from cchc.apps.documents.services.archive import run_fixity_check

    checked, failures = run_fixity_check()
    print(f"Đã kiểm tra {checked} tệp; {len(failures)} tệp sai lệch.")
    for check in failures:
        print(f"  SAI LỆCH: {check.item.archive_file} — {check.item.file.name}: {check.message}")
    return 1 if failures else 0


def handle_archive_reminders(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup

    django_setup()
    from cchc.apps.documents.selectors import archive_due
    from cchc.apps.documents.services.archive import send_archive_reminders

    due = list(archive_due(within_days=args.days))
    for item in due:
        print(f"{item.file_notation} — {item.title}: hạn nộp lưu {item.due_date:%d/%m/%Y}")
    send_archive_reminders(due)
    print(f"{len(due)} hồ sơ đến hạn nộp lưu trong {args.days} ngày.")
    return 0
