"""Files written whole or not at all, and whether a file changed since it was last seen.

Every file dacu keeps between runs (the last run's record, the output
manifest, the report, cached image variants) is written through
:func:`atomic_file`: a temporary file in the same folder, renamed over the
target when complete, so a killed build or a phone reloading mid-write sees
the old file or the new one, never half of one.

:func:`file_signature` is the one "did this file change" test: size and
modification time, as make does. Hashes are computed only when it changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` when the block ends without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _private_file(path.parent, path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _private_file(folder: Path, suffix: str) -> tuple[int, str]:
    """A new file only this user can read (as ``tempfile.mkstemp`` makes, without importing tempfile
    and the compression modules it brings: every run writes its records through here)."""
    # O_BINARY and O_NOINHERIT as mkstemp sets them on Windows: without O_BINARY the file is opened in
    # text mode there and every "\n" written becomes "\r\n" (a record, an image variant, a report)
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0))
    while True:
        name = os.path.join(folder, f".tmp-{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:  # 48 random bits taken: draw again
            continue


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename."""
    with atomic_file(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def file_signature(path: Path | str) -> tuple[int, int]:
    """(size, modification time in ns): equal signatures, unchanged file. Raises OSError."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns
