"""One owner for configuration: paths and settings read from the environment, without Django.

The web app (``cchc.settings.base``), the command line (``cchc …``) and analytics all resolve the data
directory, the dossier store and the other files through these functions, so a command run from any
working directory reads and writes the same files as the web app. Every variable is documented in
docs/settings.md (tests/test_docs.py checks it).

Relative paths given in the environment are resolved once, against the working directory of the
process that reads them; the defaults never depend on the working directory: they are under the
project's ``var/`` folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from cchc.domain.errors import UserError

__all__ = [
    "PROJECT_DIR",
    "ConfigError",
    "analytics_path",
    "confirmed_directives_dir",
    "data_dir",
    "database_url",
    "dossier_imports_dir",
    "env",
    "env_bool",
    "env_float",
    "env_int",
    "env_ints",
    "env_list",
    "feeds_dir",
    "media_dir",
]

# src/cchc/config.py → the repository (or the folder holding ``src``) — the same as settings.BASE_DIR.
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(UserError):
    """A missing or malformed environment variable; the message is Vietnamese and names the variable."""


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def env(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    value = _environ(environ).get(name, default)
    if value is None:
        raise ConfigError(f"Thiếu biến môi trường {name}")
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    raw = _environ(environ).get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ConfigError(f"{name} phải là true/false, nhận được {raw!r}")


def env_int(name: str, default: int, *, environ: Mapping[str, str] | None = None) -> int:
    raw = _environ(environ).get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} phải là số nguyên, nhận được {raw!r}") from None


def env_float(name: str, default: float, *, environ: Mapping[str, str] | None = None) -> float:
    raw = _environ(environ).get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise ConfigError(f"{name} phải là số, nhận được {raw!r}") from None


def env_list(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Comma-separated values, blanks dropped."""
    return [p.strip() for p in env(name, default, environ=environ).split(",") if p.strip()]


def env_ints(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> list[int]:
    """Comma-separated whole numbers ("60,300,1800")."""
    try:
        return [int(p) for p in env_list(name, default, environ=environ)]
    except ValueError:
        raise ConfigError(f"{name} phải là các số nguyên cách nhau bởi dấu phẩy") from None


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$CCHC_DATA_DIR`` (absolute), else the project's ``var/`` — never the current directory's."""
    raw = _environ(environ).get("CCHC_DATA_DIR", "")
    return Path(raw).expanduser().absolute() if raw.strip() else PROJECT_DIR / "var"


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The web database: ``$DATABASE_URL``, else SQLite ``cchc.sqlite3`` in the data directory."""
    return env("DATABASE_URL", f"sqlite:///{data_dir(environ) / 'cchc.sqlite3'}", environ=environ)


def analytics_path(environ: Mapping[str, str] | None = None, *, data: Path | None = None) -> Path:
    """The DuckDB dossier store: ``$CCHC_ANALYTICS_PATH``, else ``<data dir>/analytics.duckdb``."""
    raw = _environ(environ).get("CCHC_ANALYTICS_PATH", "")
    if raw.strip():
        return Path(raw).expanduser().absolute()
    return (data if data is not None else data_dir(environ)) / "analytics.duckdb"


def media_dir(data: Path | None = None) -> Path:
    """Uploaded and generated files (MEDIA_ROOT)."""
    return (data if data is not None else data_dir()) / "media"


def confirmed_directives_dir(data: Path | None = None) -> Path:
    """Letters confirmed on the review screen, kept as gold files (``cchc directives eval --confirmed``)."""
    return (data if data is not None else data_dir()) / "directives" / "confirmed"


def dossier_imports_dir(data: Path | None = None) -> Path:
    """Files uploaded for a dossier import job, kept until the job ends."""
    return (data if data is not None else data_dir()) / "dossier-imports"


def feeds_dir(environ: Mapping[str, str] | None = None, *, data: Path | None = None) -> Path:
    """The root of the dossier feeds' drop folders: ``$CCHC_DOSSIERS_FEEDS_DIR``, else ``<data dir>/feeds``."""
    raw = _environ(environ).get("CCHC_DOSSIERS_FEEDS_DIR", "")
    if raw.strip():
        return Path(raw).expanduser().absolute()
    return (data if data is not None else data_dir(environ)) / "feeds"
