"""Which engine made a cached result: dacu's version and a hash of its code.

Every cache key (Markdown HTML, image findings and variants, page keys)
includes :func:`engine_code`, so after an upgrade, or any edit to dacu's
code or packaged templates, nothing cached by the old engine is served: it
is only left behind in ``.dacu/``.

Hashing the code reads every file of the package (5-8 ms, a twentieth of a
one-file rebuild). The incremental record keeps the code with the size and
time each file had when it was hashed (:func:`engine_files`); a later
process whose input walk finds every code file of the package with those
stamps takes the code from the record (:func:`known_engine`) instead.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from dacu import __version__

PACKAGE = Path(__file__).resolve().parent.parent
#: The files whose content decides what the engine produces.
CODE_SUFFIXES = (".py", ".html", ".js", ".css")
#: A file written this close to its hashing could be written again within the same tick of the file
#: system's clock with the same size (as dacu.output.replay.RACY_NS): its stamp cannot vouch for its content.
_RACY_NS = 2_000_000_000

#: The process's engine, once known: its code and the stamps it was hashed from (None: too recent to
#: vouch). The code does not change under a running process, so this outlives builds by design.
_ENGINE: list[tuple[str, dict[str, tuple[int, int]] | None]] = []


def engine_code() -> str:
    """The version and a hash of every code and template file of the dacu package."""
    if not _ENGINE:
        _ENGINE.append(_hash())
    return _ENGINE[0][0]


def engine_files() -> dict[str, tuple[int, int]] | None:
    """The size and time of each file :func:`engine_code` hashed, by the input walk's labels
    (``dacu/./build.py``, ``dacu/core/engine.py``); None when one was too recent to vouch for its content."""
    engine_code()
    return _ENGINE[0][1]


def known_engine(code: str, hashed: object, files: dict[str, tuple[int, ...]]) -> bool:
    """Take ``code`` as the engine's when the input walk's ``files`` hold every code file of the package with
    the stamps it was ``hashed`` from (:func:`engine_files`), and no other; False: it must be hashed."""
    if _ENGINE:
        return _ENGINE[0][0] == code
    if type(hashed) is not dict or not hashed:
        return False
    count = 0
    for label, stamp in files.items():
        if label.startswith("dacu/") and label.endswith(CODE_SUFFIXES):
            if hashed.get(label) != stamp:
                return False
            count += 1
    if count != len(hashed):
        return False
    _ENGINE.append((code, dict(hashed)))   # as found again now: a full build of this process records them
    return True


def _hash() -> tuple[str, dict[str, tuple[int, int]] | None]:
    """The engine's code read from its files, with the stamps that vouch for it (None: one was too recent)."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    stamps: dict[str, tuple[int, int]] | None = {}
    racy_from = time.time_ns() - _RACY_NS
    base = os.fspath(PACKAGE)
    found: list[tuple[str, str]] = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        rel = os.path.relpath(folder, base).replace(os.sep, "/")
        for name in names:
            if name.endswith(CODE_SUFFIXES):
                found.append((name if rel == "." else f"{rel}/{name}", f"{'.' if rel == '.' else rel}/{name}"))
    for rel, label in sorted(found):
        path = os.path.join(base, rel)
        try:
            stat = os.stat(path)
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue   # not a readable file: as the walk's is_file() left it out
        hasher.update(rel.encode() + b"\0")
        hasher.update(data)
        if stamps is not None:
            stamps[f"dacu/{label}"] = (stat.st_size, stat.st_mtime_ns)
            if stat.st_mtime_ns >= racy_from:
                stamps = None
    return f"{__version__}+{hasher.hexdigest()}", stamps
