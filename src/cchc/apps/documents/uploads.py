"""Every PDF upload of the documents app (incoming register, verify page, verify API) is checked here:
the common rules (``core.uploads.check_upload``: .pdf, not empty, ``CCHC_MAX_UPLOAD_MB``), then the
content (``domain.documents.pdf_safety``: PDF header, strict parse, no JavaScript / OpenAction / Launch /
embedded files), each refusal with its Vietnamese message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.apps.core.uploads import check_upload
from cchc.domain.documents.pdf_safety import check_pdf

MESSAGES = {
    "not_pdf": gettext_lazy("Tệp “%(name)s” không phải tệp PDF (nội dung không bắt đầu bằng %%PDF)."),
    "malformed": gettext_lazy("Tệp PDF “%(name)s” bị hỏng hoặc sai cấu trúc nên không đọc được."),
    "javascript": gettext_lazy("Tệp PDF “%(name)s” chứa mã JavaScript: không nhận vì lý do an toàn."),
    "open_action": gettext_lazy(
        "Tệp PDF “%(name)s” chứa lệnh tự chạy khi mở hoặc khi thao tác: không nhận vì lý do an toàn."
    ),
    "launch": gettext_lazy("Tệp PDF “%(name)s” chứa lệnh mở chương trình khác: không nhận vì lý do an toàn."),
    "embedded_file": gettext_lazy(
        "Tệp PDF “%(name)s” chứa tệp nhúng bên trong: không nhận vì lý do an toàn."
    ),
}


def clean_pdf(f: File) -> bytes:
    """The bytes of an uploaded PDF that passed every check; ``ValidationError`` (Vietnamese) otherwise."""
    check_upload(f, extensions=[".pdf"], label=_("tệp PDF"))
    f.seek(0)
    data = f.read()
    f.seek(0)
    problem = check_pdf(data)
    if problem is not None:
        raise ValidationError(MESSAGES[problem.code], code=problem.code, params={"name": f.name or ""})
    return data
