"""Atomic file writes: a reader never sees half a file, a crash never leaves one.

Files are readable by the user only (0600) unless the caller asks otherwise: what Care
Voice writes (transcripts, note exports, settings) is or may be health data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600


def atomic_write_bytes(path: str | os.PathLike, data: bytes, mode: int = PRIVATE_FILE_MODE) -> Path:
    """Write `data` to a temporary file beside `path`, fsync it, then rename over `path`."""
    target, tmp_name = _complete_beside(path, data, mode)
    try:
        os.replace(tmp_name, target)
    except BaseException:
        with _suppress_missing():
            os.unlink(tmp_name)
        raise
    return target


def atomic_write_text(path: str | os.PathLike, text: str, mode: int = PRIVATE_FILE_MODE) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), mode)


def atomic_create_bytes(
    path: str | os.PathLike, data: bytes, mode: int = PRIVATE_FILE_MODE
) -> Path:
    """Like atomic_write_bytes, but never replaces a file: FileExistsError if `path` exists,
    even one created a moment ago by another process (the complete temporary file is
    hard-linked into place, which fails rather than replaces)."""
    target, tmp_name = _complete_beside(path, data, mode)
    try:
        os.link(tmp_name, target)
    finally:
        with _suppress_missing():
            os.unlink(tmp_name)
    return target


def atomic_create_text(path: str | os.PathLike, text: str, mode: int = PRIVATE_FILE_MODE) -> Path:
    return atomic_create_bytes(path, text.encode("utf-8"), mode)


def _complete_beside(path: str | os.PathLike, data: bytes, mode: int) -> tuple[Path, str]:
    """`data` in a hidden temporary file in the target's folder, on disk, with `mode`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        with _suppress_missing():
            os.unlink(tmp_name)
        raise
    return target, tmp_name


class _suppress_missing:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, FileNotFoundError)
