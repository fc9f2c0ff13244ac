"""The malformed set (tests/malformed.py) against the three import uploads whose readers this project
owns — dossiers, procedure tables, directive letters: each case is refused with a Vietnamese message
on the form (or, for the lying dimension tag, read whole), never a 500 or a library's text."""

from __future__ import annotations

import pytest

from cchc.apps.dossiers.models import ImportJob
from tests.malformed import looks_technical, malformed_files

LIMIT_MB = 1

FIELDS = [
    ("dossiers", "/ho-so/nhap/", "file", (".csv", ".xlsx", ".json"), "motcua", {"source": "mot-cua"}),
    ("procedures", "/thu-tuc/nhap/", "file", (".csv", ".xlsx"), "truongphong.vh", {}),
    ("directives", "/chi-dao/tai-len/", "file", (".txt", ".docx", ".pdf"), "vanphong", {}),
]


def _cases():
    for app, url, field, extensions, user, extra in FIELDS:
        for ext in extensions:
            for case in malformed_files(ext, limit_mb=LIMIT_MB):
                yield pytest.param(app, url, field, user, extra, case, id=f"{app}-{case.name}{ext}")


@pytest.mark.parametrize("app,url,field,user,extra,case", list(_cases()))
def test_malformed_upload_gets_a_vietnamese_answer(client, login, units, settings, tmp_path, app, url, field, user, extra, case):  # fmt: skip
    settings.DATA_DIR = tmp_path
    settings.MAX_UPLOAD_MB = LIMIT_MB
    login(user)
    data = {field: case.upload(), **extra}
    if app == "procedures":
        data["unit"] = units["QLVH"].pk
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert response.status_code < 500, (case.name, response.status_code)
    assert not looks_technical(text), (case.name, text[:3000])
    if app == "dossiers":
        # what the form lets through becomes a job: the worker refuses it in words (no required columns…)
        from cchc.apps.dossiers import jobs

        for job in ImportJob.objects.all():
            jobs.run_import.call(job_id=job.pk)
            job.refresh_from_db()
            assert job.status == "failed" and job.error and not looks_technical(job.error), (
                case.name,
                job.error,
            )
