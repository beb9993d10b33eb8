"""Writing the output: build elsewhere, then swap into site/.

Pages and assets go into a temporary folder beside site/. Only when the
whole build succeeded does it replace site/, by two renames on the same
file system; on any error the temporary folder is removed and site/ stays
byte for byte as it was.

Incremental: every output file has a key (what it was made from). A file
whose key matches the previous build's manifest is taken over from the
current site/ by a hard link instead of being written again (site/ files are
never changed in place, only replaced, so sharing them is safe). When every
key matches and no file was added or removed, nothing is written at all and
site/ is left as it is.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path

from dacu.core import file_signature, write_atomic
from dacu.core.i18n import DEFAULT_LANGUAGE, Translator, msg
from dacu.core.output_folder import check_output_owned, write_marker
from dacu.output.replay import output_label, output_signature
from dacu.output.swap import remove_leftovers, repair, swap_in

log = logging.getLogger("dacu")


def _make_folder(folder: str) -> None:
    """``os.makedirs(folder, exist_ok=True)``, one ``mkdir`` in the usual case (a detail page's new folder)."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:        # its parent is not there yet
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise


def _write_new(path: str, data: bytes) -> None:
    """Write ``data`` as the file ``path`` (as ``open(path, "wb")`` does, without its buffered file object)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def site_identity(target: Path) -> list[int]:
    """What the manifest records of the output folder itself: replaced or touched, it no longer matches."""
    stat = target.stat()
    return [stat.st_ino, stat.st_mtime_ns]


class Output:
    """A build's output folder, committed into ``target`` or discarded."""

    def __init__(self, target: Path, dry: bool = False, manifest: Path | None = None,
                 trash: Path | None = None, language: str = DEFAULT_LANGUAGE) -> None:
        self.target = target
        self.language = language    # of the warning about a damaged manifest
        self.trash = trash          # where replaced output goes to be deleted (in .dacu/)
        if not dry:
            repair(target)      # a crash between the two renames of a swap: the last good output comes back
            check_output_owned(target, manifest)  # raises: dacu never replaces a folder it did not write
            remove_leftovers(target)
        self.dry = dry  # check: everything is produced and checked, nothing written
        self.tmp = target.parent / f".{target.name}.tmp-{os.urandom(4).hex()}"
        self.files: set[str] = set()
        self.keys: dict[str, str] = {}
        self.manifest_path = manifest
        self._stats: dict[str, tuple[int, ...]] = {}   # size and mtime of each file when last written
        self.previous = self._read_manifest()
        self._pending: list[str] = []   # reusable files not yet linked (the tmp folder may never be needed)
        self._open = False
        self._dirs: set[str] = set()    # folders made in tmp (a rebuild links thousands of files)
        self._cleanup: threading.Thread | None = None
        self.written = 0                # files written or copied (not reused): what the build really did
        self.rendered = 0               # pages rendered (kept by the caller)
        # after a commit that replaced site/: its signature and its files' and folders' stamps
        # (dacu.output.replay.output_signature), for the build's record
        self.walked: tuple[str, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]] | None = None

    # -- the manifest ----------------------------------------------------------------
    def _read_manifest(self) -> dict[str, str]:
        if self.dry or self.manifest_path is None or not self.target.is_dir():
            return {}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError):
            data = None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict) or not all(manifest_entry(e) for e in files.values()):
            # The cache is a cache: a damaged manifest only costs writing every file again.
            log.warning(Translator(self.language)(msg("dacu: {path} was damaged: it is ignored and every file is "
                                                      "written again", path=".dacu/" + self.manifest_path.name)))
            return {}
        if data.get("site") != self._identity():
            return {}  # site/ was replaced or touched since: trust nothing in it
        self._stats = {path: tuple(entry[1:]) for path, entry in files.items()}
        return {path: entry[0] for path, entry in files.items()}

    def _identity(self) -> list[int]:
        return site_identity(self.target)

    # -- producing files -------------------------------------------------------------
    def reuse(self, path: str, key: str) -> bool:
        """Take ``path`` over from the current site/ when its key is unchanged.

        A dry output (check) writes nothing, so any known key will do: the
        caller has what the checks need from the cache.
        """
        if self.dry:
            self.files.add(path)
            return True
        if self.previous.get(path) != key:
            return False
        try:
            signature = file_signature(os.path.join(self.target, path))
        except OSError:
            return False
        if signature != self._stats.get(path):
            return False  # changed in site/ behind dacu's back: produce it again
        self.files.add(path)
        self.keys[path] = key
        if not self.dry:
            if self._open:
                self._link(path)
            else:
                self._pending.append(path)
        return True

    def put(self, path: str, data: str) -> None:
        """Write a page's bytes only (a worker process: the parent records it with :meth:`claimed`)."""
        if self.dry:
            return
        if not self._open:
            self._start()  # in the parent; workers inherit an open folder (prepare)
        folder = os.path.dirname(path)
        if folder:
            _make_folder(os.path.join(self.tmp, folder))
        _write_new(os.path.join(self.tmp, path), data.encode("utf-8"))

    def claimed(self, path: str, key: str) -> None:
        """Record a file that :meth:`put` wrote."""
        self.files.add(path)
        self.keys[path] = key
        if not self.dry:
            self.written += 1
            if not self._open:
                self._start()

    def prepare(self) -> None:
        """Make the temporary folder now (before worker processes write into it)."""
        if not self.dry and not self._open:
            self._start()

    def copy(self, source: Path, path: str, key: str | None = None, link: bool = False) -> None:
        """Publish a file unchanged; reuse it when its key is unchanged.

        ``link`` hard-links instead of copying: only for sources that are never
        changed in place (the variant cache). Assets are copied: an editor that
        saves an image in place would otherwise change the published site.
        """
        if key is not None and self.reuse(path, key):
            return
        dest = self._claim(path, key)
        if dest is None:
            return
        if link:
            try:
                os.link(source, dest)
                return
            except OSError:
                pass  # another file system: copy
        shutil.copyfile(source, dest)

    def _claim(self, path: str, key: str | None) -> Path | None:
        """Record a new file of the output; where to write it (None when dry)."""
        self.files.add(path)
        if key is not None:
            self.keys[path] = key
        if self.dry:
            return None
        self.written += 1
        return self._dest(path)

    def _dest(self, path: str) -> Path:
        if not self._open:
            self._start()
        self._make_parent(path)
        return self.tmp / path

    def _start(self) -> None:
        self._open = True
        self.tmp.mkdir(parents=True)
        write_marker(self.tmp)
        for pending in self._pending:
            self._link(pending)
        self._pending.clear()

    def _make_parent(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder and folder not in self._dirs:
            os.makedirs(os.path.join(self.tmp, folder), exist_ok=True)
            self._dirs.add(folder)

    def _link(self, path: str) -> None:
        # Plain os.path strings: this runs for every unchanged file of a rebuild.
        self._make_parent(path)
        source, dest = os.path.join(self.target, path), os.path.join(self.tmp, path)
        try:
            os.link(source, dest)
        except OSError:
            shutil.copyfile(source, dest)

    # -- finishing ---------------------------------------------------------------------
    @property
    def unchanged(self) -> bool:
        """Every file reused and none removed: site/ already is this build."""
        return not self._open and bool(self.previous) and set(self.previous) == self.files

    def commit(self) -> None:
        """Replace ``target`` with the new output (or leave it, when nothing changed)."""
        if self.dry:
            return
        if self.unchanged:
            return
        if not self._open:  # every file reused, but some removed: link them into a new folder
            self._start()
        old = self.target.parent / f".{self.target.name}.old-{os.urandom(4).hex()}"
        had_old = swap_in(self.tmp, self.target, old)   # site/ is never missing (dacu.output.swap)
        # One walk of the new site/ for the manifest's stamps and the build's record (its signature, its
        # files' and folders' stamps), instead of a stat of each file here and a walk for the record.
        files: dict[str, tuple[int, ...]] = {}
        folders: dict[str, tuple[int, ...]] = {}
        self.walked = (output_signature(self.target, files, folders), files, folders)
        self._write_manifest(files)
        if not had_old:
            return
        # Deleting thousands of files is the slowest step of a small rebuild.
        # The old tree goes into the work folder's trash (a rename) and is
        # deleted beside the caller; whatever a short-lived process leaves
        # there, the next run deletes.
        if self.trash is not None:
            try:
                self.trash.mkdir(parents=True, exist_ok=True)
                os.replace(old, self.trash / old.name)
            except OSError:
                pass  # another file system: delete it where it is
        self._cleanup = threading.Thread(target=_empty, args=(old, self.trash), daemon=self.trash is not None,
                                         name="dacu-cleanup")
        self._cleanup.start()

    def wait(self) -> None:
        """Until the previous output is deleted (tests; the process waits on exit anyway)."""
        if self._cleanup is not None:
            self._cleanup.join()

    def _write_manifest(self, stamps: dict[str, tuple[int, ...]]) -> None:
        """The manifest: each file's key, size and time (from ``stamps``, the walk's, where it has the file)."""
        if self.manifest_path is None:
            return
        files = {}
        for path, key in self.keys.items():
            stamp = stamps.get(output_label(path))
            if stamp is None or stamp[0] < 0:   # not walked (a dangling link is stamped -1): as file_signature says
                stamp = file_signature(os.path.join(self.target, path))
            files[path] = [key, *stamp[:2]]
        write_atomic(self.manifest_path, json.dumps({"site": self._identity(), "files": files}))

    def discard(self) -> None:
        """Throw the new output away; ``target`` is untouched."""
        if not self.dry and self._open:
            shutil.rmtree(self.tmp, ignore_errors=True)


def manifest_entry(entry: object) -> bool:
    """``[key, size, mtime_ns]`` as :meth:`Output._write_manifest` writes it."""
    # exact types (JSON gives no subclasses; a bool is not a size): checked for every file of site/ by a rebuild
    return type(entry) is list and len(entry) == 3 and type(entry[0]) is str and type(entry[1]) is int \
        and type(entry[2]) is int


def _empty(old: Path, trash: Path | None) -> None:
    shutil.rmtree(old, ignore_errors=True)
    if trash is not None and trash.is_dir():
        for path in trash.iterdir():
            shutil.rmtree(path, ignore_errors=True)
