"""Authenticated downloads: the one way a stored file (anything under MEDIA_ROOT) leaves the server.

Nothing under MEDIA_ROOT is served raw — there is no ``/media/`` URL — because stored names are predictable
(``evidence/2026/12/bao-cao.pdf``). Each app registers its file fields here (:func:`register`, from its
``AppConfig.ready``) with the capability and the scope that decide who may open the owning object; each
registration gets its own URL ``/tep/<slug>/<pk>/`` whose view checks both, then answers with the file as
an attachment (safe file name, ``Content-Disposition``, ``nosniff``).

In production the web server can send the bytes instead of Python (``CCHC_DOWNLOADS_ACCEL``): ``nginx``
answers with ``X-Accel-Redirect: <CCHC_DOWNLOADS_ACCEL_PREFIX><name>`` (an ``internal`` location aliased to
MEDIA_ROOT), ``sendfile`` with ``X-Sendfile: <absolute path>`` (Apache mod_xsendfile, lighttpd). The checks
are the same; only who streams the file changes.

Templates link with ``{% load downloads %}{% download_url obj "field" %}``, never with ``.url`` of a file.
"""

from __future__ import annotations

import mimetypes
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import content_disposition_header

from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.models import User
from cchc.apps.org.requests import AuthenticatedRequest

__all__ = ["StoredFile", "download_url", "file_response", "register", "registered", "safe_filename"]


@dataclass(frozen=True)
class StoredFile:
    """One file field offered for download.

    ``visible(user)`` gives the objects of ``model`` the user may open (their unit scope; the same rule as
    the object's own page). ``unit``/``owner`` describe that scope for the access declaration read by the
    adversarial suite (tests/security). ``filename(obj)`` is the name the user gets (default: the stored
    file's base name)."""

    slug: str
    model: str  # "directives.Evidence"
    field: str  # "file"
    capability: str
    visible: Callable[[User], QuerySet]
    unit: str | None = "unit"
    owner: str | None = None
    filename: Callable[[Any], str] | None = None  # takes an object of ``model``


_REGISTRY: dict[str, StoredFile] = {}


def register(*specs: StoredFile) -> None:
    for spec in specs:
        known = _REGISTRY.get(spec.slug)
        if known is not None and (known.model, known.field) != (spec.model, spec.field):
            raise ValueError(f"download slug {spec.slug!r} already names {known.model}.{known.field}")
        _REGISTRY[spec.slug] = spec


def registered() -> list[StoredFile]:
    return list(_REGISTRY.values())


def spec_for(model: str, field: str) -> StoredFile:
    for spec in _REGISTRY.values():
        if spec.model.lower() == model.lower() and spec.field == field:
            return spec
    raise LookupError(f"{model}.{field} is not registered for download (cchc.apps.core.downloads.register)")


def download_url(obj: Model, field: str = "file") -> str:
    """The authenticated URL of ``obj.<field>`` ("" when the object has no file there)."""
    if not getattr(obj, field, None):
        return ""
    return reverse(f"downloads:{spec_for(obj._meta.label, field).slug}", args=[obj.pk])


def safe_filename(name: str, default: str = "tep") -> str:
    """A base name without directories, control characters or quotes, at most 150 characters."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"<>:|?*;')
    name = name.strip(" .")
    if len(name) > 150:
        stem, ext = os.path.splitext(name)
        name = stem[: 150 - len(ext)] + ext
    return name or default


def file_response(file: FieldFile, filename: str) -> HttpResponseBase:
    """The stored ``file`` as an attachment named ``filename``: streamed, or handed to the web server."""
    if not file or not file.name or not file.storage.exists(file.name):
        raise Http404
    name = safe_filename(filename)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.DOWNLOADS_ACCEL
    response: HttpResponseBase
    if mode == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.DOWNLOADS_ACCEL_PREFIX.rstrip("/") + "/" + quote(file.name)
    elif mode == "sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = file.path
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _view(spec: StoredFile) -> Callable[..., HttpResponseBase]:
    @declare(spec.capability, pk=Obj(spec.model, unit=spec.unit, owner=spec.owner))
    @login_required
    def download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
        require_capability(request.user, spec.capability)
        obj = get_object_or_404(spec.visible(request.user), pk=pk)  # outside the scope: 404
        file = getattr(obj, spec.field)
        name = spec.filename(obj) if spec.filename else os.path.basename(file.name or "")
        return file_response(file, name)

    download.__name__ = download.__qualname__ = f"download_{spec.slug.replace('-', '_')}"
    return download


def urlpatterns() -> list:
    """One URL per registered file field (built when the URL map is loaded, after every app's ready)."""
    return [path(f"{spec.slug}/<int:pk>/", _view(spec), name=spec.slug) for spec in registered()]
