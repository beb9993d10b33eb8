"""Compiled templates in ``.dacu/templates``, checked before they are used.

Jinja's own file cache trusts whatever bytes it finds: a flipped byte in a
compiled template gave persistent template errors on every later build.
Each file here starts with the SHA-256 of the compiled code; a file whose
digest does not match (or that cannot be read or loaded) is deleted and the
template compiled afresh.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

_DIGEST = 32


class CheckedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A :class:`jinja2.FileSystemBytecodeCache` whose files carry a digest of their code."""

    def load_bytecode(self, bucket: Bucket) -> None:
        path = os.path.join(self.directory, self.pattern % (bucket.key,))
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return
        digest, code = data[:_DIGEST], data[_DIGEST:]
        if hashlib.sha256(code).digest() == digest:
            try:
                bucket.bytecode_from_string(code)
                return
            except Exception:  # marshal raises several types for damaged code
                bucket.reset()
        try:
            os.unlink(path)  # damaged: compile afresh and write it again
        except OSError:
            pass

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        path = os.path.join(self.directory, self.pattern % (bucket.key,))
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(hashlib.sha256(code).digest() + code)
            os.replace(tmp, path)
        except OSError:
            pass  # a full disk or read-only .dacu/: templates are compiled again next time


def bytecode_cache(folder: Path) -> CheckedBytecodeCache | None:
    """The compiled-template cache in ``folder``; None when it cannot be made (a file in its place is replaced)."""
    try:
        if os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
            folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return CheckedBytecodeCache(str(folder))
