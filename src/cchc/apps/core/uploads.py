"""The one check of an uploaded file: its extension, that it is not empty, and the size limit.

Every upload of the application (dossier exports, directive letters, procedure tables, evidence of
tasks) goes through :func:`check_upload`, so a refused file gets the same Vietnamese message everywhere:
the file's name and what is accepted. The limit is ``settings.MAX_UPLOAD_MB`` (``CCHC_MAX_UPLOAD_MB``),
read at each call. What is particular to one upload (a hint, a look at the content) stays with its caller.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

__all__ = ["accepted_extensions", "check_table_upload", "check_upload"]


def accepted_extensions(extensions: Iterable[str]) -> str:
    """``(".csv", ".xlsx", ".json")`` → ".csv, .xlsx hoặc .json" (a set is listed in sorted order)."""
    items = sorted(extensions) if isinstance(extensions, set | frozenset) else list(extensions)
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s hoặc %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def check_upload(f: File, *, extensions: Iterable[str], label: str | None = None) -> None:
    """Refuse ``f`` unless its extension is one of ``extensions`` (".csv", any case), it is not empty and
    it is at most ``settings.MAX_UPLOAD_MB`` MB.

    Raises ``ValidationError`` with code ``"extension"``, ``"empty"`` or ``"too_large"``. ``label`` is the
    kind of file as written inside a sentence, already translated (default "tệp"; e.g. "tệp minh chứng"):
    "Chỉ nhận tệp minh chứng .pdf, … (tệp đã chọn: “a.exe”)." / "Tệp minh chứng “a.pdf” rỗng.".
    """
    label = str(label or _("tệp"))
    subject = label[:1].upper() + label[1:]  # the label starting a sentence
    name = f.name or ""
    extensions = sorted(extensions) if isinstance(extensions, set | frozenset) else list(extensions)
    if os.path.splitext(name)[1].lower() not in {e.lower() for e in extensions}:
        raise ValidationError(
            # Translators: label is "tệp" or e.g. "tệp minh chứng"; accepted is ".csv, .xlsx hoặc .json".
            _("Chỉ nhận %(label)s %(accepted)s (tệp đã chọn: “%(name)s”)."),
            code="extension",
            params={"label": label, "accepted": accepted_extensions(extensions), "name": name},
        )
    size = f.size
    if not size:
        raise ValidationError(
            _("%(label)s “%(name)s” rỗng."), code="empty", params={"label": subject, "name": name}
        )
    limit_mb = settings.MAX_UPLOAD_MB
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("%(label)s “%(name)s” lớn hơn %(mb)s MB."),
            code="too_large",
            params={"label": subject, "name": name, "mb": limit_mb},
        )


def check_table_upload(upload: File, *, extensions: Iterable[str]) -> None:
    """:func:`check_upload`, then a look at the table's content through the safe readers: an XLSX's zip
    directory (:func:`cchc.domain.files.check_zip`), a CSV's text and rows; a refusal is a ValidationError
    in Vietnamese (the staff, attendance and staffing-quota imports)."""
    from cchc.domain import files

    check_upload(upload, extensions=extensions)
    name = upload.name or ""
    upload.seek(0)
    try:
        if name.lower().endswith(".xlsx"):
            files.check_zip(upload, name=name)
        else:
            files.csv_rows(files.decode_text(upload.read(), name=name), name=name)
    except files.FileProblem as exc:
        raise ValidationError(str(exc)) from exc
    finally:
        upload.seek(0)


def stash(upload: File, folder: str) -> str:
    """Keep an uploaded file under ``DATA_DIR/tmp/<folder>`` until the user confirms its preview; returns an
    opaque token (random, with the file's extension) that :func:`stashed` turns back into the path."""
    where = Path(settings.DATA_DIR) / "tmp" / folder
    where.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16) + Path(upload.name or "").suffix.lower()
    with open(where / token, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def stashed(token: str, folder: str) -> Path:
    """The path of a file kept by :func:`stash`; a token that is not one (a path, a dot file) or whose file
    is gone is refused with a Vietnamese sentence."""
    if not token or "/" in token or "\\" in token or token.startswith("."):
        raise ValidationError(_("Phiên nhập dữ liệu không hợp lệ, hãy tải tệp lên lại."))
    path = Path(settings.DATA_DIR) / "tmp" / folder / token
    if not path.is_file():
        raise ValidationError(_("Tệp tải lên đã hết hạn, hãy tải lên lại."))
    return path
