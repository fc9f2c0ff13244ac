"""A tiny iCalendar (RFC 5545) writer: one all-day VEVENT per task on its due date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from .models import Task


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    # RFC 5545 §3.1: lines longer than 75 octets are folded; fold by characters, safely under the limit.
    out, chunk = [], line
    while len(chunk.encode()) > 75:
        cut = 70
        while len(chunk[:cut].encode()) > 73:
            cut -= 5
        out.append(chunk[:cut])
        chunk = " " + chunk[cut:]
    out.append(chunk)
    return "\r\n".join(out)


def tasks_ics(*, tasks: Iterable[Task], base_url: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cchc//chi-dao//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Nhiệm vụ CCHC",
    ]
    for t in tasks:
        assert t.due_on is not None
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{t.pk}@cchc",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{t.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{t.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape('Hạn: ' + str(t))}",
            f"DESCRIPTION:{_escape(t.directive.number + ' — ' + t.unit.name)}",
            f"URL:{base_url.rstrip('/')}/chi-dao/nhiem-vu/{t.pk}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
