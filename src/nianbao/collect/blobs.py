"""Uploaded files, content-addressed: a file is named by the sha256 of its bytes (plus its
suffix, which says how to read it), written to a temporary name, fsynced, renamed into place
and its folder fsynced — so a name that exists always holds the whole file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        if not _valid_name(name):
            raise ValueError(f"not a blob name: {name!r}")
        return self.root / name[:2] / name

    def put(self, source: Path, suffix: str) -> str:
        """Store the file at `source` (durably) and return its name."""
        name = sha256_of(source) + suffix
        target = self.path(name)
        if target.exists():
            return name
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _fsync_dir(target.parent)
        _fsync_dir(self.root)
        return name

    def exists(self, name: str) -> bool:
        return _valid_name(name) and self.path(name).is_file()


def _valid_name(name: str) -> bool:
    digest, dot, suffix = name.partition(".")
    return len(digest) == 64 and all(c in "0123456789abcdef" for c in digest) and (not dot or suffix.isalnum())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
