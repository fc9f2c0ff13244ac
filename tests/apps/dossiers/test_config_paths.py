"""One owner for paths (cchc.config): the CLI run from any directory writes the store the web app reads.

Before, the CLI's default store was ``./var/analytics.duckdb`` under the current directory while the web
app's was the project's ``var/``: ``cchc dossiers import`` run from elsewhere wrote a store nobody read.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cchc import config
from cchc.apps.dossiers.storage import open_store
from cchc.cli import main

from .conftest import ROWS, write_csv


@pytest.fixture
def default_environment(tmp_path: Path, monkeypatch, settings):
    """No CCHC_DATA_DIR / CCHC_ANALYTICS_PATH, the project moved to tmp_path/project: the settings module is
    evaluated again in that environment and the test's Django settings take its paths (what a web process
    started with this environment would use)."""
    project = tmp_path / "project"
    monkeypatch.delenv("CCHC_DATA_DIR", raising=False)
    monkeypatch.delenv("CCHC_ANALYTICS_PATH", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", project)
    import cchc.settings.base as base_module

    web = importlib.reload(base_module)
    settings.DATA_DIR = web.DATA_DIR
    settings.CCHC_ANALYTICS_PATH = web.CCHC_ANALYTICS_PATH
    settings.DIRECTIVES_CONFIRMED_DIR = web.DIRECTIVES_CONFIRMED_DIR
    yield web
    monkeypatch.undo()
    importlib.reload(base_module)


def test_cli_import_from_another_directory_is_seen_by_the_web_store(
    db, default_environment, tmp_path: Path, monkeypatch
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    export = write_csv(tmp_path / "hoso.csv", ROWS)
    monkeypatch.chdir(elsewhere)

    assert main(["dossiers", "import", str(export), "--source", "mot-cua"]) == 0

    with open_store() as store:
        assert store.count("mot-cua") == len(ROWS)
    assert not (elsewhere / "var").exists()
    assert Path(default_environment.DATA_DIR) == tmp_path / "project" / "var"


def test_cli_defaults_are_the_web_settings(default_environment, tmp_path: Path, monkeypatch):
    """Every path the CLI computes without Django equals the one the web's settings hold."""
    from cchc.analytics.store import default_path
    from cchc.commands.directives import confirmed_dir

    monkeypatch.chdir(tmp_path)
    web = default_environment
    assert default_path() == Path(web.DATA_DIR) / "analytics.duckdb"
    assert confirmed_dir() == Path(web.DIRECTIVES_CONFIRMED_DIR)
    assert config.media_dir() == Path(web.MEDIA_ROOT)
    # the web database a command reads directly (cchc.apps.dossiers.lookups) is the web app's
    import dj_database_url

    assert dj_database_url.parse(config.database_url())["NAME"] == web.DATABASES["default"]["NAME"]


def test_a_relative_data_dir_is_resolved_once(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.data_dir({"CCHC_DATA_DIR": "du-lieu"}) == tmp_path / "du-lieu"
    assert config.analytics_path({"CCHC_DATA_DIR": "du-lieu"}) == tmp_path / "du-lieu" / "analytics.duckdb"
    assert config.analytics_path({"CCHC_ANALYTICS_PATH": "kho.duckdb"}) == tmp_path / "kho.duckdb"


@pytest.mark.parametrize(
    ("reader", "raw", "expected"),
    [
        (config.env_int, "7", 7),
        (config.env_float, "2,5", 2.5),
        (config.env_ints, "60, 300,1800", [60, 300, 1800]),
        (config.env_bool, "yes", True),
    ],
)
def test_environment_values_are_parsed(reader, raw, expected):
    default = "1" if reader is config.env_ints else 1
    assert reader("X", default, environ={"X": raw}) == expected


def test_a_malformed_value_names_the_variable():
    with pytest.raises(config.ConfigError, match="CCHC_DOSSIERS_IMPORT_CHUNK_ROWS"):
        config.env_int(
            "CCHC_DOSSIERS_IMPORT_CHUNK_ROWS", 1, environ={"CCHC_DOSSIERS_IMPORT_CHUNK_ROWS": "nhiều"}
        )
