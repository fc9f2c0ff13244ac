"""Task lists and leader overview with 100 000 tasks (Django test client, temporary SQLite database).

Runs in a child process so that its Django set-up (own database, settings) cannot clash with other benches
run by bench/run.py in the same interpreter. Target (issue 4, DESIGN.md §6): every page p95 < 150 ms.

The box is shared, so each page is timed in several rounds, interleaved with the other pages (a burst of
load hits every page alike); a page reports the round with the median p95, every round's p95, and passes
when that median p95 is under the target. The machine's load average is reported with the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TASKS = 100_000
TARGET_MS = 150.0


def run(quick: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="cchc-bench-tasks-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cchc.settings.test",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "CCHC_DATA_DIR": tmp,
        }
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--requests", "40" if quick else "200", "--rounds", "3"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            return {"error": proc.stderr[-2000:]}
        return json.loads(proc.stdout.strip().splitlines()[-1])


def _load(n: int) -> None:
    import random
    from datetime import date, timedelta

    from django.core.management import call_command

    from cchc.apps.directives.models import Directive, Target, Task, TaskStatus
    from cchc.apps.org.demo import ensure_demo_units, ensure_demo_users

    call_command("migrate", verbosity=0)
    units = ensure_demo_units()
    users = {u.username: u for u in ensure_demo_users(units)}
    officers = {units["QLVH"].pk: users["chuyenvien.vh"], units["QLDL"].pk: users["chuyenvien.dl"]}
    rng = random.Random(2026)
    work_units = [u for k, u in units.items() if k not in ("", "BGD")]
    today = date.today()
    directives = [
        Directive.objects.create(
            subject=f"V/v chỉ đạo số {i}",
            number=f"{i}/SVHTTDL-VP",
            unit=units["VP"],
            issued_on=today - timedelta(days=400),
        )
        for i in range(1, 201)
    ]
    batch = []
    for i in range(n):
        unit = rng.choice(work_units)
        due = today + timedelta(days=rng.randint(-300, 300))
        status = rng.choice(
            [
                TaskStatus.NOT_STARTED,
                TaskStatus.IN_PROGRESS,
                TaskStatus.PENDING,
                TaskStatus.DONE,
                TaskStatus.DONE,
            ]
        )
        done = status == TaskStatus.DONE
        batch.append(
            Task(
                directive=directives[i % len(directives)],
                number=str(i % 12 + 1),
                summary=f"Nhiệm vụ thử số {i} về cải cách hành chính",
                unit=unit,
                assignee=officers.get(unit.pk) if rng.random() < 0.7 else None,
                status=status,
                deadline=due,
                due_on=due,
                due_sort=due,
                progress=100 if done else rng.randint(0, 90),
                completed_on=due + timedelta(days=rng.randint(-20, 10)) if done else None,
            )
        )
        if len(batch) == 5000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)
    # Targets on every directive's first tasks: the overview lists them all (≈ 400).
    firsts = Task.objects.filter(number="1").values_list("id", flat=True)[:400]
    Target.objects.bulk_create(
        Target(task_id=t, metric="thời gian giải quyết TTHC", value=30, text=">= 30 %") for t in firsts
    )


def _percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[max(0, round(q * len(sorted_ms)) - 1)]


PAGES = [
    ("task_list_leader", "giamdoc", "/chi-dao/nhiem-vu/"),
    ("task_list_unit_head", "truongphong.vh", "/chi-dao/nhiem-vu/"),
    ("task_list_overdue_filter", "vanphong", "/chi-dao/nhiem-vu/?status=overdue"),
    ("my_tasks_officer", "chuyenvien.vh", "/chi-dao/viec-cua-toi/"),
    ("my_tasks_unit_head", "truongphong.vh", "/chi-dao/viec-cua-toi/"),
    ("overview_leader", "giamdoc", "/chi-dao/tong-quan/"),
]


def time_pages(
    pages: list[tuple[str, str, str]],
    *,
    requests: int,
    rounds: int,
    url_of: Callable[[str, int], str] = lambda url, i: url,
) -> dict[str, dict[str, Any]]:
    """p50/p95 of each (name, username, url) page with the Django test client, logged in as username.

    Each page is timed in ``rounds`` rounds of ``requests`` requests, interleaved with the other pages (a
    burst of load hits every page alike); a page reports the round with the median p95, every round's
    p95, and passes when that median p95 is under TARGET_MS. ``url_of(url, i)`` is the i-th request's URL.
    """
    from django.test import Client

    from cchc.apps.org.models import User

    clients = {}
    for name, username, url in pages:
        client = Client()
        client.force_login(
            User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
        )
        assert client.get(url).status_code == 200  # warm-up (templates, caches)
        clients[name] = client
    samples: dict[str, list[list[float]]] = {name: [] for name, _u, _url in pages}
    for _round in range(rounds):
        for name, _username, url in pages:
            times = []
            for i in range(requests):
                t0 = time.perf_counter()
                response = clients[name].get(url_of(url, i))
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            samples[name].append(sorted(times))
    out: dict[str, dict[str, Any]] = {}
    for name, _username, _url in pages:
        by_p95 = sorted(samples[name], key=lambda t: _percentile(t, 0.95))
        median_round = by_p95[len(by_p95) // 2]
        p95 = _percentile(median_round, 0.95)
        out[name] = {
            "p50_ms": round(statistics.median(median_round), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(median_round[-1], 1),
            "p95_ms_each_round": [round(_percentile(t, 0.95), 1) for t in samples[name]],
            "target_p95_ms": TARGET_MS,
            "pass": p95 < TARGET_MS,
        }
    return out


def _child(requests: int, rounds: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    start = time.perf_counter()
    _load(TASKS)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    load_s = time.perf_counter() - start

    results: dict[str, object] = {
        "tasks": TASKS,
        "load_s": round(load_s, 1),
        "requests_per_page_per_round": requests,
        "rounds": rounds,
        "target_p95_ms": TARGET_MS,
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
    }
    # Lists are read on pages 1–5 (deeper pages cost the database more); the overview on its first page
    # of targets, with its counts and per-unit table, which are the same on every page.
    pages = time_pages(
        PAGES,
        requests=requests,
        rounds=rounds,
        url_of=lambda url, i: (
            url if "tong-quan" in url else f"{url}{'&' if '?' in url else '?'}page={i % 5 + 1}"
        ),
    )
    results |= pages
    ok = all(r["pass"] for r in pages.values())
    results["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    results["meets_target"] = ok
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child(
            int(sys.argv[sys.argv.index("--requests") + 1]),
            int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 1,
        )
    else:
        print(json.dumps(run(quick="--full" not in sys.argv), ensure_ascii=False, indent=2))
