"""Paths kept in the database are relative to the data directory, so a moved or restored data directory
still signs and resumes imports; the data migration converts the absolute paths saved before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cchc.apps.core.datapaths import resolve, to_stored
from cchc.apps.documents.models import SigningKey
from cchc.apps.documents.services.keys import key_source
from cchc.apps.dossiers.models import ImportJob
from cchc.domain.documents import pki


def test_to_stored_and_resolve(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    assert to_stored(tmp_path / "data" / "pki" / "org.p12") == "pki/org.p12"
    assert to_stored("/usr/lib/softhsm/libsofthsm2.so") == "/usr/lib/softhsm/libsofthsm2.so"
    assert to_stored("pki/org.p12") == "pki/org.p12"
    assert to_stored("") == ""
    settings.DATA_DIR = tmp_path / "elsewhere"
    assert resolve("pki/org.p12") == tmp_path / "elsewhere" / "pki" / "org.p12"
    assert resolve("/usr/lib/x.so") == Path("/usr/lib/x.so")


def test_every_path_field_of_every_model_is_kept_relative():
    """Fix the class: any model field that names a file on disk is a DataPathField (FileFields are
    relative to MEDIA_ROOT already)."""
    from django.apps import apps

    from cchc.apps.core.datapaths import DataPathField

    offenders = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        if m._meta.app_label in {"org", "core", "directives", "procedures", "dossiers", "documents"}
        for f in m._meta.get_fields()
        if f.name.endswith(("_path", "path")) and f.name != "path" and not isinstance(f, DataPathField)
    ]
    assert offenders == []


def test_a_key_saved_with_an_absolute_path_signs_after_the_data_dir_moves(db, settings, tmp_path, cast):
    settings.DATA_DIR = tmp_path / "old"
    demo = pki.create_demo_pki(tmp_path / "old" / "pki")
    key = SigningKey.objects.create(
        label="k", owner=cast["giamdoc"], p12_path=str(demo.organisation.p12), demo=True
    )
    raw = SigningKey.objects.filter(pk=key.pk).values_list("p12_path", flat=True).get()
    assert raw == "pki/organisation.p12" == key.p12_path
    shutil.move(tmp_path / "old", tmp_path / "new")
    settings.DATA_DIR = tmp_path / "new"
    source = key_source(SigningKey.objects.get(pk=key.pk))
    assert source.path == tmp_path / "new" / "pki" / "organisation.p12" and source.path.is_file()


@pytest.mark.django_db(transaction=True)
def test_data_migration_converts_absolute_paths_under_the_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    executor = MigrationExecutor(connection)
    old = [("documents", "0001_initial"), ("dossiers", "0001_initial")]
    executor.migrate(old)
    state = executor.loader.project_state(old).apps
    Unit = state.get_model("org", "Unit")
    OldKey = state.get_model("documents", "SigningKey")
    OldJob = state.get_model("dossiers", "ImportJob")
    root = Unit.objects.create(name="Sở", code="S", abbreviation="S", path="/1/")
    inside = OldKey.objects.create(label="a", organisation=root, p12_path=f"{tmp_path}/pki/org.p12")
    outside = OldKey.objects.create(label="b", organisation=root, p12_path="/etc/cchc/keys/org.p12")
    job = OldJob.objects.create(file_name="x.csv", file_path=f"{tmp_path}/dossier-imports/ab/x.csv")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert SigningKey.objects.get(pk=inside.pk).p12_path == "pki/org.p12"
    assert SigningKey.objects.get(pk=outside.pk).p12_path == "/etc/cchc/keys/org.p12"
    assert ImportJob.objects.get(pk=job.pk).file_path == "dossier-imports/ab/x.csv"
