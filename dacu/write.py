"""Writing the output: build elsewhere, then swap into site/.

Pages and assets go into a temporary folder beside site/. Only when the
whole build succeeded does it replace site/, by two renames on the same
file system; on any error the temporary folder is removed and site/ stays
byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


class Output:
    """A build's output folder, committed into ``target`` or discarded."""

    def __init__(self, target: Path, dry: bool = False) -> None:
        self.target = target
        self.dry = dry  # check: everything is produced and checked, nothing written
        self.tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
        self.files: set[str] = set()
        if not dry:
            self.tmp.mkdir(parents=True)

    def write(self, path: str, data: bytes | str) -> None:
        """Write one output file (``path`` is relative to the site's output)."""
        self.files.add(path)
        if self.dry:
            return
        dest = self.tmp / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, source: Path, path: str) -> None:
        """Publish a file unchanged.

        A copy, not a hard link: an editor that saves an asset in place would
        otherwise change the published site behind the build's back.
        """
        self.files.add(path)
        if self.dry:
            return
        dest = self.tmp / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)

    def commit(self) -> None:
        """Replace ``target`` with the new output."""
        if self.dry:
            return
        old = self.target.parent / f".{self.target.name}.old-{uuid.uuid4().hex[:8]}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.tmp, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Throw the new output away; ``target`` is untouched."""
        if not self.dry:
            shutil.rmtree(self.tmp, ignore_errors=True)
