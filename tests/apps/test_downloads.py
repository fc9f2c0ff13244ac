"""Every stored file leaves the server only through the authenticated download helper (issue 12):
reachable by a user who may see its object, refused to another unit's user and to the anonymous, never
served raw under /media/, and no template links to a FileField's ``.url``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import get_resolver, reverse

from cchc.apps.core import downloads

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"


def _file_fields() -> set[tuple[str, str]]:
    return {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
    }


def _with_file(obj, field: str, name: str):
    data = f"nội dung {obj._meta.label}.{field}".encode()
    getattr(obj, field).save(name, ContentFile(data), save=True)
    return obj, data


def _directive(units):
    from cchc.apps.directives.models import Directive

    return Directive.objects.create(subject="kiểm tra tải tệp", unit=units["QLVH"])


def _outgoing(units, cast):
    from cchc.apps.documents.models import OutgoingDocument

    return OutgoingDocument.objects.create(
        unit=units["QLVH"], organisation=units[""], subject="tải tệp", body="Nội dung.", signatory_name="Trần Mạnh Hùng",
        signatory_position="Giám đốc", recipients="Như trên", created_by=cast["chuyenvien.vh"],
    )  # fmt: skip


def _make(label: str, units, cast):
    """One object of ``label`` belonging to Phòng Quản lý Văn hóa (or uploaded by vanphong)."""
    from cchc.apps.directives.models import Evidence, ImportDraft, ProgressReport, Task
    from cchc.apps.documents.models import ArchivedItem, ArchiveFile, Direction, IncomingDocument
    from cchc.apps.documents.services.numbering import register_for

    if label == "directives.Directive":
        return _directive(units)
    if label == "directives.Evidence":
        task = Task.objects.create(directive=_directive(units), summary="nhiệm vụ", unit=units["QLVH"])
        report = ProgressReport.objects.create(
            task=task, author=cast["chuyenvien.vh"], percent=50, text="báo cáo"
        )
        return Evidence(report=report, name="Báo cáo “quý 4”.pdf")
    if label == "directives.ImportDraft":
        return ImportDraft(name="CV 12.pdf", text="…", parsed={}, created_by=cast["vanphong"])
    if label == "documents.OutgoingDocument":
        return _outgoing(units, cast)
    if label == "documents.IncomingDocument":
        register = register_for(organisation=units[""], direction=Direction.INCOMING, year=2026)
        return IncomingDocument(
            register=register, organisation=units[""], year=2026, arrival_number=7, arrival_date=dt.date(2026, 12, 1),
            author="UBND tỉnh", subject="đến", receiving_unit=units["QLVH"], created_by=cast["vanphong"],
        )  # fmt: skip
    if label == "documents.ArchivedItem":
        archive_file = ArchiveFile.objects.create(
            organisation=units[""], unit=units["QLVH"], organ_id="H28.01", file_catalog=2026, file_notation="VH.01",
            title="Hồ sơ", creator="Hoàng Văn Minh", start_date=dt.date(2026, 1, 1),
        )  # fmt: skip
        return ArchivedItem(archive_file=archive_file, document=_outgoing(units, cast), sha256="0" * 64)
    if label == "assessment.EvidenceFile":
        from cchc.apps.assessment.models import EvidenceFile

        return EvidenceFile(
            organisation=units[""], unit=units["QLVH"], name="Báo cáo “kết quả”.pdf", kind="upload",
            sha256="0" * 64, created_by=cast["truongphong.vh"],
        )  # fmt: skip
    if label == "finance.Disclosure":
        from cchc.apps.finance.models import Disclosure

        return Disclosure(unit=units["QLVH"], year=2026, duty="du_toan")
    raise AssertionError(f"no factory for {label}: add one (and register its file fields for download)")


# who may open each object, and a signed-in user of another unit (or without the capability) who may not
ALLOWED = {"directives.ImportDraft": "vanphong"}
OUTSIDER = {"directives.ImportDraft": "truongphong.dl"}


def test_every_file_field_of_every_model_is_registered():
    registered = {(s.model, s.field) for s in downloads.registered()}
    assert _file_fields() == {(m, f) for m, f in registered}


@pytest.mark.parametrize("spec", downloads.registered(), ids=lambda s: f"{s.model}.{s.field}")
def test_each_stored_file_is_downloadable_only_within_scope(
    spec, client, login, units, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    obj, data = _with_file(_make(spec.model, units, cast), spec.field, "bi-mat-2026.pdf")
    url = downloads.download_url(obj, spec.field)
    assert url.startswith("/tep/")

    login(ALLOWED.get(spec.model, "truongphong.vh"))
    ok = client.get(url)
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == data
    assert ok["Content-Disposition"].startswith("attachment;") and ok["X-Content-Type-Options"] == "nosniff"
    assert '"' not in ok["Content-Disposition"].split("filename", 1)[1].strip('="')  # quoted safely

    login(OUTSIDER.get(spec.model, "truongphong.dl"))
    assert client.get(url).status_code in (403, 404)
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code in (302, 403, 404) and not getattr(anonymous, "streaming", False)
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith(reverse("login"))

    # nothing under MEDIA_ROOT is served raw, even to the authorised user
    login(ALLOWED.get(spec.model, "truongphong.vh"))
    assert client.get(f"/media/{getattr(obj, spec.field).name}").status_code == 404


@pytest.mark.parametrize(("mode", "header"), [("nginx", "X-Accel-Redirect"), ("sendfile", "X-Sendfile")])
def test_the_web_server_can_send_the_bytes_after_the_checks(
    mode, header, client, login, units, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOWNLOADS_ACCEL = mode
    obj, _data = _with_file(_make("directives.Directive", units, cast), "source_file", "cv.pdf")
    login("truongphong.vh")
    response = client.get(downloads.download_url(obj, "source_file"))
    assert response.status_code == 200 and response.content == b""
    value = response[header]
    if mode == "nginx":
        assert value == settings.DOWNLOADS_ACCEL_PREFIX.rstrip("/") + "/" + obj.source_file.name
    else:
        assert value == obj.source_file.path
    assert response["Content-Disposition"].startswith("attachment;")
    login("truongphong.dl")  # the checks still come first
    assert header not in client.get(downloads.download_url(obj, "source_file"))


def test_no_url_pattern_serves_media():
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.callback

    for route, view in walk(get_resolver().url_patterns):
        assert "media" not in route, route
        assert getattr(view, "__module__", "") != "django.views.static", route


def test_no_template_links_to_a_file_fields_url():
    names = sorted({field for _model, field in _file_fields()})
    alternatives = "|".join(map(re.escape, names))
    pattern = re.compile(rf"\.(?:{alternatives})\.url\b|MEDIA_URL")
    found = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in SRC.rglob("*.html")
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_safe_filename():
    assert downloads.safe_filename("../../etc/passwd") == "passwd"
    assert downloads.safe_filename('a"b\r\nc.pdf') == "abc.pdf"
    assert downloads.safe_filename("") == "tep"
    assert len(downloads.safe_filename("x" * 400 + ".pdf")) == 150
