"""A few files of site/ replaced in place: the output of a rebuild from the record.

When a rebuild changes a handful of pages, linking thousands of unchanged
files into a new folder and swapping it in costs more than the rebuild. A
:class:`Patch` keeps the new files in memory while the checks run; on
:meth:`Patch.commit` (only when no error was found) each is written beside
its target and renamed over it, one atomic rename a file, then the manifest
is rewritten. Files are only replaced or added, never deleted, except ones
the manifest says dacu wrote. A crash half-way leaves a site/ whose
signature no record matches, so the next build runs in full and the
manifest's sizes and times make it write every file that differs again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dacu.core import file_signature, write_atomic
from dacu.output.write import manifest_entry, site_identity


class Patch:
    """New bytes for some files of ``target``, written by :meth:`commit`."""

    def __init__(self, target: Path, manifest: Path) -> None:
        self.target = target
        self.manifest_path = manifest
        self.files: dict[str, tuple[bytes, str]] = {}   # path -> (bytes, key)
        self.removed: set[str] = set()
        self.written = 0
        self.stats: dict[str, tuple[int, int]] = {}     # size and mtime of each file written

    def read_manifest(self) -> dict[str, list[object]] | None:
        """The manifest's entries, or None when it is missing, damaged or not of this site/."""
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            identity = site_identity(self.target)
        except (OSError, ValueError, RecursionError):
            return None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict) or not all(manifest_entry(e) for e in files.values()):
            return None
        if data.get("site") != identity:
            return None
        return files

    def put(self, path: str, data: bytes, key: str) -> None:
        """``path`` gets ``data`` (``key`` goes into the manifest)."""
        self.files[path] = (data, key)
        self.removed.discard(path)

    def remove(self, path: str) -> None:
        """``path``, a file dacu wrote, is no longer part of the output."""
        self.files.pop(path, None)
        self.removed.add(path)

    def commit(self, manifest: dict[str, list[object]]) -> None:
        """Replace the files in ``target`` and record them in the manifest (updated in place)."""
        for path, (data, key) in sorted(self.files.items()):
            dest = os.path.join(self.target, path)
            folder = os.path.dirname(dest)
            os.makedirs(folder, exist_ok=True)
            # not write_atomic: its temporary file (mkstemp) is private (0600), a published page is not
            tmp = os.path.join(folder, f".{os.path.basename(dest)}.tmp-{os.urandom(4).hex()}")
            try:
                with open(tmp, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, dest)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.written += 1
            self.stats[path] = file_signature(dest)
            manifest[path] = [key, *self.stats[path]]
        for path in sorted(self.removed):
            if path in manifest:  # only what dacu wrote
                Path(self.target, path).unlink(missing_ok=True)
                del manifest[path]
        write_atomic(self.manifest_path, json.dumps({"site": site_identity(self.target), "files": manifest}))
