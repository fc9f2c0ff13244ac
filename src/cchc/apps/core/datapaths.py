"""Paths kept in the database are relative to the data directory (``CCHC_DATA_DIR``).

A signing key or an uploaded import file lives under the data directory; storing its absolute path tied
the database to one machine's folder, so a restored copy (``cchc restore``) elsewhere could not sign or
resume. :class:`DataPathField` stores such a path relative to the data directory whatever its caller
passes; :func:`resolve` turns a stored value back into a path on this machine. A path outside the data
directory (for example a PKCS#11 library under /usr/lib) is kept absolute.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import models


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def to_stored(path: str | Path) -> str:
    """``path`` as the database keeps it: relative (POSIX form) under the data directory, else absolute."""
    raw = str(path)
    if not raw:
        return ""
    p = Path(raw)
    if not p.is_absolute():
        return PurePosixPath(*p.parts).as_posix()
    base = data_dir()
    for candidate, root in ((p, base.absolute()), (p.resolve(), base.resolve())):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return raw


def resolve(stored: str) -> Path:
    """The path on this machine of a value kept by :func:`to_stored`."""
    p = Path(stored)
    return p if p.is_absolute() else data_dir() / p


class DataPathField(models.CharField):
    """A CharField holding a file path, stored relative to the data directory when it lies under it."""

    def get_prep_value(self, value):  # type: ignore[no-untyped-def]
        value = super().get_prep_value(value)
        return to_stored(value) if value else value

    def pre_save(self, model_instance, add):  # type: ignore[no-untyped-def]
        # The instance holds the stored form too, so a later read of the attribute matches the database.
        value = getattr(model_instance, self.attname)
        if value:
            value = to_stored(value)
            setattr(model_instance, self.attname, value)
        return value


def relativise(model, field: str) -> int:  # type: ignore[no-untyped-def]
    """Data migration step: rewrite the absolute values of ``model.field`` under the data directory."""
    changed = 0
    for pk, value in model.objects.exclude(**{field: ""}).values_list("pk", field):
        stored = to_stored(value)
        if stored != value:
            model.objects.filter(pk=pk).update(**{field: stored})
            changed += 1
    return changed
