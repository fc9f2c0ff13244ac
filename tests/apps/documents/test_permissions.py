"""Drafting choices follow the drafter's scope: signers and the directive tasks a document may answer."""

from __future__ import annotations

from datetime import date, timedelta

from cchc.apps.directives import services
from cchc.apps.directives.services import DirectiveInput, TaskInput
from cchc.apps.documents.forms import DraftForm


def test_unit_head_can_ask_the_director_to_sign_and_only_links_own_tasks(cast, units):
    services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v thử nghiệm", unit=units["VP"], number="98/SVHTTDL-VP", issued_on=date(2026, 3, 27)),
        tasks=[
            TaskInput(summary="Rà soát TTHC", number="1", units=[units["QLVH"], units["QLDL"]], coordinating=[],
                      deadline=date.today() + timedelta(days=30), targets=[]),
        ],
    )  # fmt: skip
    form = DraftForm(user=cast["truongphong.vh"])
    signers = set(form.fields["signer"].queryset.values_list("username", flat=True))
    assert {"giamdoc", "phogiamdoc", "truongphong.vh"} <= signers
    assert "truongphong.dl" not in signers
    linkable = list(form.fields["answers_task"].queryset)
    assert [t.unit_id for t in linkable] == [units["QLVH"].pk]
