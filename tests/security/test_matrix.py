"""Every route × every role × own/other object, with the answer derived from org/access.py; then the
mutation check: each permission or scope check of the project, removed alone, must change an answer.

One test, one database transaction: the world is built once, the cases are played once (recording which
checks each reaches), and the mutants replay only the cases that reach them. Besides the routes, every
service with its own check is called directly by every account (services.py) and the probes of
probes.py run (who may do what: self-approval, coordinating units, a moved account…). ~2 300 requests,
~1 000 service calls and ~150 mutants take about a minute on an idle machine of two cores, 5–6 minutes
when it is shared.
"""

from __future__ import annotations

import time

from .matrix import cases, run
from .mutation import enclosing, play_and_mutate
from .probes import PROBES
from .services import service_probes

# Checks whose removal no request of the suite can notice, each with the reason. Keyed by file, function
# and check (not line), so unrelated edits keep the list valid; a new unnoticed check fails the test.
UNOBSERVABLE: dict[str, str] = {
    # Form choices: the form's select is the units the user may read (visible_units); the check after it can
    # only see one of them, and for every role holding the view's capability the read scope is the write
    # scope (the auditor, the one read-only role, holds none of these capabilities). The probe
    # form_choices_outside_scope (probes.py) shows each of these forms refusing a unit posted by hand.
    "cchc/apps/documents/views/documents.py::document_edit::check_unit": "DraftForm offers only visible_units(user); update_draft checks the same unit (document.unit is set to it just before the call) with write=True",
    "cchc/apps/org/views/units.py::unit_edit::check_unit#2": "UnitForm's parent offers only visible_units(user) (org.manage: coordinator and administrator, read scope = write scope)",
    "cchc/apps/org/views/users.py::user_edit::check_unit#2": "UserForm's unit offers only visible_units(user) (org.manage: coordinator and administrator, read scope = write scope)",
    "cchc/apps/procedures/views/imports.py::import_upload::check_unit": "UploadForm's unit offers only the units the user may write (_writable_units)",
    "cchc/apps/dossiers/views/indicators.py::_selection::check_unit#2": "the unit is ScorecardFilterForm's valid choice (scorecard_units: visible units only) or the user's own unit; an invalid ?unit= is refused by check_unit#1",
    "cchc/apps/dossiers/views/channel_costs.py::_selection::check_unit#2": "the unit is ChannelCostForm's valid choice (scorecard_units: visible units only) or the user's own unit; an invalid ?unit= is refused by check_unit#1",
    # Duplicates of a check that runs on the same object right next to it.
    "cchc/apps/org/views/users.py::user_edit::check_unit#1": "check_manage_account on the next line refuses the same accounts (can_access_unit(user, account.unit, write=True) for every non-administrator)",
    "cchc/apps/procedures/views/imports.py::row_fix::scope_queryset": "check_unit(row.batch.unit, write=True) four lines below refuses the same rows (for holders of procedures.manage read scope = write scope)",
    "cchc/apps/procedures/views/imports.py::row_fix::check_unit": "the scope_queryset above already answers 404 for the same rows (for holders of procedures.manage read scope = write scope)",
    # Nothing a response can show.
    "cchc/apps/procedures/selectors.py::plan_years::scope_queryset": "it yields only plan years (the choices of the year select), which carry no unit marker; the plans themselves are scoped by plans()",
}


HOW_TO_COVER = """\
Each check above runs without any request or probe of tests/security noticing when it is removed. Make it
observable (docs/architecture.md, "Phân quyền", says how, step by step):
* a view check reached by 0 cases: the route's @declare names no object the world has, or its POST needs a
  valid body: give the object a place in tests/security/world.py (build_world) and the body in matrix.post_body;
* a service check (services.py, selectors.py): add the service to CALLS in tests/security/services.py
  (requirement, the World.objects label it is scoped by, how to call it);
* a rule the matrix cannot express (who, not which unit): a probe in tests/security/probes.py;
* only a true duplicate of a check that always runs first on the same object goes into UNOBSERVABLE in
  tests/security/test_matrix.py, keyed file::function::check(#n), with that reason."""


def test_every_route_answers_every_role_as_access_py_says_and_each_check_bites(client, world):
    started = time.monotonic()
    todo = cases(world)
    failures, outcome = play_and_mutate(client, world, todo, run, {**PROBES, **service_probes(world)})
    elapsed = time.monotonic() - started
    survivors = {site: n for site, n in outcome.survivors.items() if enclosing(site) not in UNOBSERVABLE}
    print(
        f"\n{len(todo)} requests (routes × roles × objects); {len(outcome.sites)} mutants: "
        f"{len(outcome.killed)} killed, {len(outcome.survivors)} unobservable ({len(survivors)} undocumented), "
        f"{outcome.replays} replays; {elapsed:.0f} s"
    )
    for site, n in outcome.survivors.items():
        print(f"  survives: {site} [{enclosing(site)}] reached by {n} cases")
    stale = sorted(set(UNOBSERVABLE) - {enclosing(site) for site in outcome.survivors})
    if stale:
        print("  documented as unobservable but now killed or gone (remove from UNOBSERVABLE):", stale)
    assert not failures, f"{len(failures)} of {len(todo)} answers differ from access.py:\n" + "\n".join(
        failures
    )
    assert not survivors, (
        f"{len(survivors)} checks can be removed unnoticed:\n"
        + "\n".join(f"{site} [{enclosing(site)}] reached by {n} cases" for site, n in survivors.items())
        + "\n\n"
        + HOW_TO_COVER
    )
    assert not stale, f"UNOBSERVABLE names checks that are now observed or gone; remove them: {stale}"
