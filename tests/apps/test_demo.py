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


def test_demo_targets_show_distinct_states_with_a_projection(db, settings, tmp_path):
    """The demo department's targets are not all "Chưa đạt": one met, one on track and one at risk from
    two measurements, each with the value projected at the deadline."""
    from django.utils import timezone

    from cchc.apps.directives import selectors
    from cchc.apps.directives.models import Target

    settings.DATA_DIR = tmp_path
    load_all()
    today = timezone.localdate()
    rows = selectors.target_rows(Target.objects.select_related("task__directive", "task__unit"), today=today)
    states = {r.state.value for r in rows}
    assert {"met", "on_track", "at_risk"} <= states, states
    assert all(r.status.projected is not None for r in rows if r.state.value in ("on_track", "at_risk"))
