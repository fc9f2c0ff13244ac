"""Dossiers per unit × procedure × channel (cchc.analytics.channels), counted against a hand-written file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc.analytics.channels import ChannelCount, channel_counts
from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore

HEADER = "dossier_code,procedure_code,unit_code,channel,received_at"
ROWS = [
    "A1,P1,U1,1,05/01/2026 08:00",
    "A2,P1,U1,2,06/01/2026 08:00",
    "A3,P1,U1,2,07/02/2026 08:00",
    "A4,P1,U1,3,08/03/2026 08:00",
    "A5,P1,U1,,09/03/2026 08:00",  # no channel: in person (766, 3.3)
    "A6,P2,U2,2,10/03/2026 08:00",
    "A7,P1,OLD,2,11/03/2026 08:00",  # a unit merged into U1
    "A8,P1,U1,2,31/12/2025 23:59",  # received the year before
    "A9,P1,U1,1,01/01/2027 00:00",  # and the year after
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    tmp: Path = tmp_path_factory.mktemp("channels")
    path = tmp / "hoso.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    s = DossierStore(tmp / "kho.duckdb")
    import_file(s, path, source="mc")
    yield s
    s.close()


def test_counts_by_unit_procedure_and_channel(store):
    rows = channel_counts(store.con, start=date(2026, 1, 1), end=date(2027, 1, 1))
    assert rows == [
        ChannelCount("OLD", "P1", 2, 1),
        ChannelCount("U1", "P1", 1, 2),
        ChannelCount("U1", "P1", 2, 2),
        ChannelCount("U1", "P1", 3, 1),
        ChannelCount("U2", "P2", 2, 1),
    ]


def test_scope_procedure_and_history_mapping(store):
    kw = {"start": date(2026, 1, 1), "end": date(2027, 1, 1)}
    assert channel_counts(store.con, unit_codes=[], **kw) == []
    only = channel_counts(store.con, unit_codes=["U2"], **kw)
    assert only == [ChannelCount("U2", "P2", 2, 1)]
    mapped = channel_counts(store.con, unit_codes=["U1", "OLD"], procedure="P1", unit_map={"OLD": "U1"}, **kw)
    assert [(r.unit, r.channel, r.dossiers) for r in mapped] == [("U1", 1, 2), ("U1", 2, 3), ("U1", 3, 1)]
    march = channel_counts(store.con, start=date(2026, 3, 1), end=date(2026, 4, 1), unit_codes=["U1"])
    assert [(r.channel, r.dossiers) for r in march] == [(1, 1), (3, 1)]


def test_placeholder_names_are_distinct_letters():
    from cchc.analytics.channels import _name

    names = [_name(i) for i in range(800)]
    assert len(set(names)) == 800 and all(n.replace("unit_", "").isalpha() for n in names)
