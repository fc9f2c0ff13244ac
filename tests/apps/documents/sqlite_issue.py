"""Run by test_sqlite_concurrency in a fresh process: a FILE SQLite database (the default deployment),
``N`` documents signed by the director, then ``N`` processes POST "issue" at the same moment.

Prints one JSON line: the HTTP statuses and the numbers given. Not a test module itself.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys

import django


def _issue(args: tuple[int, int, object]) -> int | str:
    pk, user_pk, barrier = args
    from django.db import connections

    connections.close_all()  # never share the parent's SQLite connection across fork
    from django.test import Client

    from cchc.apps.org.models import User

    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(pk=user_pk), backend="django.contrib.auth.backends.ModelBackend")
    barrier.wait()  # type: ignore[attr-defined]
    import time

    t0 = time.monotonic()
    try:
        return client.post(f"/van-ban/{pk}/thao-tac/issue/").status_code
    except Exception:  # what would have been a 500, with its cause for the test's message
        import traceback

        return f"500 after {time.monotonic() - t0:.1f} s: " + traceback.format_exc()[-1500:]


def main(count: int) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    from cchc.apps.documents.models import OutgoingDocument, SigningKey
    from cchc.apps.documents.services import drafting, keys, signing
    from cchc.domain.documents import pki
    from tests.apps.cast import build_people, build_units
    from tests.apps.documents.conftest import LETTER

    units = build_units()
    cast = build_people(units)
    demo = pki.create_demo_pki(keys.pki_dir())  # the demo CA is trusted by keys.trust_roots()
    SigningKey.objects.create(
        label="gd", p12_path=str(demo.persons["director"].p12), demo=True, owner=cast["giamdoc"]
    )
    SigningKey.objects.create(
        label="org", p12_path=str(demo.organisation.p12), demo=True, organisation=units[""]
    )
    pks = []
    for i in range(count):
        doc = drafting.create_draft(
            user=cast["vanphong"],
            unit=units["VP"],
            data={**LETTER, "signer": cast["giamdoc"], "subject": f"văn bản {i}"},
        )
        drafting.submit_for_signing(user=cast["vanphong"], document=doc)
        signing.sign_as_person(user=cast["giamdoc"], document=doc)
        pks.append(doc.pk)
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Manager().Barrier(count)
    with ctx.Pool(count) as pool:
        statuses = pool.map(_issue, [(pk, cast["vanphong"].pk, barrier) for pk in pks])
    numbers = sorted(
        n for n in OutgoingDocument.objects.filter(pk__in=pks).values_list("number", flat=True) if n
    )
    engine = connections["default"]
    with engine.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    print(json.dumps({"statuses": statuses, "numbers": numbers, "journal": journal, "vendor": engine.vendor}))


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    main(int(sys.argv[1]))
