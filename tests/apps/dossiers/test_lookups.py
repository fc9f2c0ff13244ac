"""What an import reads from the web database (cchc.apps.dossiers.lookups): the same for the web and for
``cchc dossiers import``, which reads it without loading the web app (settings and one connection)."""

from __future__ import annotations

import pytest

from cchc.apps.dossiers import lookups, selectors, services
from cchc.apps.dossiers.models import ColumnProfile, UnitCodeAlias
from cchc.apps.org.models import Unit
from cchc.apps.procedures.models import Procedure
from cchc.cli import main

pytestmark = pytest.mark.django_db

HEADER = "MaHS,MaTT,DonViXuLy,NgayNhan,KhieuNai"
ROWS = [
    "A,1.008,{unit},02/03/2026 08:00,Có",
    "B,9.999,LA,02/03/2026 09:00,Không",
]


def test_the_tables_it_names_are_the_models_tables() -> None:
    assert lookups.PROFILE_TABLE == ColumnProfile._meta.db_table
    assert lookups.UNIT_TABLE == Unit._meta.db_table
    assert lookups.ALIAS_TABLE == UnitCodeAlias._meta.db_table
    assert lookups.PROCEDURE_TABLE == Procedure._meta.db_table


def test_the_web_and_the_command_read_the_same_codes(units, cast) -> None:  # type: ignore[no-untyped-def]
    UnitCodeAlias.objects.create(external_code="VH-01", unit=units["QLVH"])
    units_read, procedures_read = selectors.known_codes()
    assert units_read == {*Unit.objects.values_list("code", flat=True), "VH-01"}
    assert procedures_read == set(Procedure.objects.values_list("code", flat=True))
    with lookups.web_cursor() as cursor:
        assert (lookups.unit_codes(cursor), lookups.procedure_codes(cursor)) == (units_read, procedures_read)


def test_the_command_maps_a_file_by_the_profile_saved_on_the_web_and_checks_the_organisations_codes(
    tmp_path, units, cast, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import cchc.commands

    def no_web_app() -> None:
        raise AssertionError("cchc dossiers import must not load the web app")

    monkeypatch.setattr(cchc.commands, "django_setup", no_web_app)
    mapping = {"MaHS": "dossier_code", "MaTT": "procedure_code", "DonViXuLy": "unit_code",
               "NgayNhan": "received_at", "KhieuNai": "complaint"}  # fmt: skip
    services.save_column_profile(user=cast["vanphong"], source="phan-mem-x", mapping=mapping)
    assert [p.name for p in selectors.saved_profiles("phan-mem-x")] == ["phan_mem_x"]
    csv = tmp_path / "hoso.csv"
    csv.write_text("\n".join([HEADER, *(r.format(unit=units["QLVH"].code) for r in ROWS)]) + "\n", "utf-8")
    store = tmp_path / "kho.duckdb"
    assert main(["dossiers", "--store", str(store), "import", str(csv), "--source", "phan-mem-x"]) == 0
    out = capsys.readouterr().out
    assert "thêm mới 2" in out and "ghép cột theo mẫu “phan_mem_x”" in out and "KhieuNai → complaint" in out
    assert "mã đơn vị chưa xác định: 1 dòng (LA: 1)" in out
    # another source has no saved profile: the built-in ones cannot map these columns
    assert main(["dossiers", "--store", str(store), "import", str(csv), "--source", "khac"]) != 0


def test_the_command_reads_the_embedded_web_database_without_loading_django(tmp_path, units, cast) -> None:  # type: ignore[no-untyped-def]
    """On the embedded default (SQLite) a fresh ``cchc dossiers import`` reads the saved profile and the
    organisation's codes from the database file itself (lookups._sqlite_cursor), with the same result as
    above, and never imports Django. Run on a copy of this test's database, in another process."""
    import os
    import sqlite3
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite; on PostgreSQL the command reads through Django")
    mapping = {"MaHS": "dossier_code", "MaTT": "procedure_code", "DonViXuLy": "unit_code",
               "NgayNhan": "received_at", "KhieuNai": "complaint"}  # fmt: skip
    services.save_column_profile(user=cast["vanphong"], source="phan-mem-x", mapping=mapping)
    web = tmp_path / "web.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(web)
    copy.executescript("\n".join(connection.connection.iterdump()))  # (this test's data, not yet committed)
    copy.close()
    csv = tmp_path / "hoso.csv"
    csv.write_text("\n".join([HEADER, *(r.format(unit=units["QLVH"].code) for r in ROWS)]) + "\n", "utf-8")
    script = (
        "import sys\nfrom cchc.cli import main\n"
        f"code = main(['dossiers', '--store', {str(tmp_path / 'kho.duckdb')!r}, 'import', {str(csv)!r},"
        " '--source', 'phan-mem-x'])\n"
        "print('django loaded:', 'django.conf' in sys.modules)\nsys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "CCHC_SECRET_KEY")}
    env |= {"DATABASE_URL": f"sqlite:///{web}", "CCHC_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "thêm mới 2" in out and "ghép cột theo mẫu “phan_mem_x”" in out and "KhieuNai → complaint" in out
    assert "mã đơn vị chưa xác định: 1 dòng (LA: 1)" in out
    assert "django loaded: False" in out


def test_a_missing_web_database_file_is_not_created(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    with pytest.raises(sqlite3.OperationalError):
        with lookups._sqlite_cursor(f"sqlite:///{tmp_path / 'none.sqlite3'}"):
            pass
    assert not (tmp_path / "none.sqlite3").exists()
