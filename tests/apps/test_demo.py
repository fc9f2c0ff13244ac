"""`cchc demo` loads the Sở VHTTDL Lai Châu demo: organisation, the seed letter as tasks, procedures, dossiers,
documents — and loading it twice changes nothing."""

from __future__ import annotations

from django.core import mail

from cchc.apps.core.demo import load_all
from cchc.apps.directives.models import Directive, Task
from cchc.apps.documents.models import OutgoingDocument
from cchc.apps.org.models import Unit, User
from cchc.apps.procedures.models import Procedure


def _counts() -> tuple[int, ...]:
    return (
        Unit.objects.count(), User.objects.count(), Directive.objects.count(), Task.objects.count(),
        Procedure.objects.count(), OutgoingDocument.objects.count(),
    )  # fmt: skip


def test_demo_loads_the_seed_letter_and_is_idempotent(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    lines = load_all()
    text = "\n".join(lines)
    assert "giamdoc" in text and "cchc@2026" in text
    seed = Directive.objects.get(number="1036/SVHTTDL-VP")
    assert seed.tasks.count() >= 7
    assert (tmp_path / "analytics.duckdb").exists()
    first = _counts()
    load_all()
    assert _counts() == first
    assert all("@" in m.to[0] for m in mail.outbox)
