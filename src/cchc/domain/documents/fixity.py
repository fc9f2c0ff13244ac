"""Archive fixity: the SHA-256 of a stored file, recorded at archiving and re-checked later.

Files are read in chunks so that scanned dossiers of hundreds of MB do not load into memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024
ALGORITHM = "sha256"


def sha256_stream(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: Path | str) -> str:
    """Hex SHA-256 of a file, streamed."""
    with open(path, "rb") as fh:
        return sha256_stream(fh)


@dataclass(frozen=True)
class FixityRecord:
    """What the archive stores next to the file."""

    path: str
    algorithm: str
    digest: str
    size: int
    recorded_at: dt.datetime


@dataclass(frozen=True)
class FixityCheck:
    path: str
    ok: bool
    expected: str
    actual: str | None
    message: str


def record_fixity(path: Path | str, now: dt.datetime | None = None) -> FixityRecord:
    p = Path(path)
    return FixityRecord(
        path=str(p),
        algorithm=ALGORITHM,
        digest=sha256_file(p),
        size=p.stat().st_size,
        recorded_at=now or dt.datetime.now(dt.UTC),
    )


def check_fixity(path: Path | str, expected: str | FixityRecord) -> FixityCheck:
    """Compare a file with its recorded digest; a missing file is a failed check, not an exception."""
    want = expected.digest if isinstance(expected, FixityRecord) else expected.strip().lower()
    p = Path(path)
    if not p.is_file():
        return FixityCheck(str(p), False, want, None, "không tìm thấy tệp lưu trữ")
    actual = sha256_file(p)
    if hmac.compare_digest(actual, want):
        return FixityCheck(str(p), True, want, actual, "tệp nguyên vẹn (SHA-256 khớp)")
    return FixityCheck(str(p), False, want, actual, "tệp đã bị thay đổi: SHA-256 không khớp giá trị đã ghi")
