"""Which engine made a cached result: dacu's version and a hash of its code.

Every cache key (Markdown HTML, image findings and variants, page keys)
includes :func:`engine_code`, so after an upgrade, or any edit to dacu's
code or packaged templates, nothing cached by the old engine is served: it
is only left behind in ``.dacu/``.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from dacu import __version__

PACKAGE = Path(__file__).resolve().parent.parent
#: The files whose content decides what the engine produces.
CODE_SUFFIXES = (".py", ".html", ".js", ".css")


@functools.cache  # the code does not change under a running process: hashed once (about 2 ms)
def engine_code() -> str:
    """The version and a hash of every code and template file of the dacu package."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            hasher.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return f"{__version__}+{hasher.hexdigest()}"
