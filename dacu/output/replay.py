"""Nothing changed since the last run: answer from its record.

After every run that produced or checked the whole site, the build records
the signature of its inputs (every file under content/, assets/ and themes/,
pyproject.toml and dacu's own files, by path, size and modification time),
of its output tree, the campaigns' time boundaries and the findings. A later
run whose inputs, output and moment (between the same two boundaries) are
unchanged would render the same bytes and find the same problems, so it
replays the record instead (in the same language only: the report's HTML is
written in the language of its run, so ``--lang en`` after a Chinese run
builds again): a make-style check that costs a few thousand
``stat`` calls and imports nothing heavy.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import os
import time
from datetime import datetime
from functools import partial
from operator import attrgetter, itemgetter
from pathlib import Path
from stat import S_ISREG
from typing import Any

from dacu import __version__
from dacu.core.engine import PACKAGE
from dacu.core.settings import ASSETS_DIR, CONTENT_DIR, THEMES_DIR
from dacu.core import BuildResult, Finding, Findings, Settings, file_signature, write_atomic
from dacu.core.i18n import Translator, msg
from dacu.output.tree_stamps import FolderStamp, folder_stamp

log = logging.getLogger("dacu")
RECORD = "last-run.json"
_IGNORED_DIRS = {"__pycache__", ".git", ".DS_Store"}
#: A folder of at least this many files is stat'ed through a descriptor of it (:func:`_many`); a folder of
#: a few (site/'s, one page each) is not worth the descriptor's open and close.
_BY_DESCRIPTOR = 32
_NAME = attrgetter("name")
_SIZE_TIME = attrgetter("st_size", "st_mtime_ns")
_MTIME = itemgetter(1)

#: A file's stamp: its size and modification time (ns), and for a racy file (below) a digest of
#: its content as a third number.
Stamp = tuple[int, ...]

#: A file saved this close to the moment the inputs are listed can be saved again within the same
#: tick of the file system's clock (a coarse clock; 2 s on FAT) with the same size, and so the same
#: stamp: its stamp then also holds its content's digest, and a later run that finds the same size
#: and time compares the content too ("racily clean" files, as git calls them).
RACY_NS = 2_000_000_000


def _tree(hasher: Any, base: Path, label: str, files: dict[str, Stamp] | None = None,
          racy_from: int | None = None, folders: dict[str, FolderStamp] | None = None) -> None:
    """Every file below ``base`` by path, size and modification time, in a stable order (also into ``files``).

    Folder by folder, each folder's files (sorted) before its subfolders
    (sorted); symlinked folders are listed, not entered. Plain ``scandir``
    strings: this runs over every input and every output file of a rebuild.
    A file modified at ``racy_from`` (ns) or later gets its content's digest
    in its stamp (:data:`RACY_NS`); the signature itself holds size and time only. ``folders`` gets
    each folder's stamp (:mod:`dacu.output.tree_stamps`).
    """
    if base.is_dir():
        _folder(hasher, os.fspath(base), f"{label}/.", files, racy_from, folders)


def content_digest(path: str | Path) -> int:
    """A digest of a regular file's content as a number (-1 when it cannot be read)."""
    try:  # not blocking: a pipe put in place of the file must not hang the build
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return -1
    with open(fd, "rb") as handle:
        try:
            if not S_ISREG(os.fstat(fd).st_mode):
                return -1
            return int.from_bytes(hashlib.file_digest(handle, "blake2b").digest()[:8], "big")
        except OSError:
            return -1


def same_stamp(now: Stamp | None, then: Stamp | None, path: Path) -> bool:
    """Whether the file at ``path`` is unchanged between a stamp taken ``then`` and one taken ``now``.

    Equal sizes and times suffice unless the earlier stamp was racy: then
    the content must have the same digest too.
    """
    if now == then:
        return True
    if now is None or then is None or now[:2] != then[:2] or len(then) < 3:
        return False
    digest = now[2] if len(now) > 2 else content_digest(path)
    return digest == then[2]


def label_path(root: Path, label: str) -> Path:
    """The file an :func:`input_signature` label names (``content/./products.csv``, ``dacu/./build.py``)."""
    return PACKAGE.parent / label if label.startswith("dacu/") else root / label


def _folder(hasher: Any, folder: str, prefix: str, files: dict[str, Stamp] | None,
            racy_from: int | None = None, folders: dict[str, FolderStamp] | None = None) -> None:
    try:
        entries = list(os.scandir(folder))
        if folders is not None:
            folders[prefix] = folder_stamp(folder, os.stat(folder).st_mtime_ns, [e.name for e in entries],
                                           time.time_ns() if racy_from is None else racy_from + RACY_NS, RACY_NS)
    except OSError:
        return
    dirs, plain = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in _IGNORED_DIRS:
                dirs.append(entry)
        else:
            plain.append(entry)
    plain.sort(key=_NAME)
    stamps = _many(folder, [entry.name for entry in plain]) if len(plain) >= _BY_DESCRIPTOR else None
    lines: list[str] = []   # hashed at once: the same bytes as one update a file, for a fraction of the calls
    racy: list[tuple[str, os.DirEntry[str], Stamp]] = []   # saved since racy_from: their digests too
    if stamps is None:   # a few files (site/'s folders hold one page each): one loop
        for entry in plain:
            label = f"{prefix}/{entry.name}"
            stamp = _stamp(entry)
            lines.append(f"{label}\0{stamp[0]}\0{stamp[1]}\n")
            if files is not None:
                files[label] = stamp
                if racy_from is not None and stamp[1] >= racy_from:
                    racy.append((label, entry, stamp))
    else:
        labels = [f"{prefix}/{entry.name}" for entry in plain]
        lines = [f"{label}\0{size}\0{mtime}\n" for label, (size, mtime) in zip(labels, stamps)]
        if files is not None:
            files.update(zip(labels, stamps))
            if racy_from is not None and max(map(_MTIME, stamps)) >= racy_from:
                racy = [(label, entry, stamp) for label, entry, stamp in zip(labels, plain, stamps)
                        if stamp[1] >= racy_from]
    hasher.update("".join(lines).encode("utf-8", "surrogateescape"))
    for label, entry, (size, mtime) in racy:
        if files is not None and os.path.isfile(entry.path):
            files[label] = (size, mtime, content_digest(entry.path))
    dirs.sort(key=_NAME)
    for entry in dirs:
        if not entry.is_symlink():
            parent = prefix[:-2] if prefix.endswith("/.") else prefix   # "content/." at the top, as os.walk's relpath
            _folder(hasher, entry.path, f"{parent}/{entry.name}", files, racy_from, folders)


def _stamp(entry: os.DirEntry[str]) -> Stamp:
    """A file's size and time; (-1, -1) for a dangling symlink (the build reports it, so it must count as an
    input)."""
    try:
        stat = entry.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _many(folder: str, names: list[str]) -> list[Stamp] | None:
    """The stamps of a folder's many files (the corpus's 4,000 long copies): in C from the names to the
    stamps, each stat'ed relative to a descriptor of the folder (the kernel resolves one name, not the whole
    path: 6 against 8 ms for the corpus's long copies). None: stamp them one by one."""
    if os.stat not in os.supports_dir_fd:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        return list(map(_SIZE_TIME, map(partial(os.stat, dir_fd=fd), names)))
    except OSError:   # one cannot be stat'ed (a dangling symlink): each on its own
        return None
    finally:
        os.close(fd)


def input_signature(root: Path, files: dict[str, Stamp] | None = None) -> str:
    """The signature of everything a build reads; each file's (size, mtime) into ``files`` when given.

    The keys of ``files`` are ``content/./products.csv``-style labels: the
    incremental record (:mod:`dacu.incremental`) compares them file by file
    (:func:`same_stamp`), and so does :func:`replay` for the racy ones.
    """
    racy_from = time.time_ns() - RACY_NS
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(__version__.encode())
    for name in (CONTENT_DIR, ASSETS_DIR, THEMES_DIR):
        _tree(hasher, root / name, name, files, racy_from)
    settings = root / "pyproject.toml"
    if settings.is_file():
        size, mtime = file_signature(settings)
        hasher.update(f"pyproject\0{size}\0{mtime}".encode())
        if files is not None:
            files["pyproject.toml"] = (size, mtime, content_digest(settings)) if mtime >= racy_from else (size, mtime)
    _tree(hasher, PACKAGE, "dacu", files, racy_from)
    return hasher.hexdigest()


def output_signature(output: Path, files: dict[str, Stamp] | None = None,
                     folders: dict[str, FolderStamp] | None = None) -> str:
    """The signature of the output tree (a deleted or edited file in site/ counts); its files into ``files``,
    its folders into ``folders`` (:mod:`dacu.output.tree_stamps`)."""
    hasher = hashlib.blake2b(digest_size=20)
    _tree(hasher, output, "site", files, folders=folders)
    return hasher.hexdigest()


def output_label(path: str) -> str:
    """The name :func:`output_signature` gives ``path`` (relative to site/) in ``files``."""
    folder, _, name = path.rpartition("/")
    return f"site/{folder or '.'}/{name}"


def signature_of(files: dict[str, Stamp]) -> str:
    """:func:`output_signature` again from its ``files`` (in their order), after some of them changed."""
    text = "".join(f"{name}\0{stamp[0]}\0{stamp[1]}\n" for name, stamp in files.items())  # one update: as many
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def record(settings: Settings, result: BuildResult, inputs: str, boundaries: list[datetime], now: datetime,
           write: bool, output: str | None = None, files: dict[str, Stamp] | None = None,
           tree: tuple[dict[str, Stamp], dict[str, FolderStamp]] | None = None) -> str | None:
    """Remember a run that produced (or checked) the whole site; the output tree's signature when written.

    ``output`` is that signature when the caller has just computed it;
    ``files`` are the stamps behind ``inputs``: the racy ones' digests are kept. When this walks
    the output tree, its files' and folders' stamps go into ``tree``.
    """
    data = {
        "inputs": inputs,
        "racy": {name: stamp[2] for name, stamp in (files or {}).items() if len(stamp) > 2},
        "output": (output or output_signature(settings.output_dir, *(tree or ()))) if write else None,
        "write": write,
        "boundaries": [b.isoformat() for b in boundaries],
        "state": bisect.bisect_right(boundaries, now),
        "pages": result.pages,
        "language": settings.language,  # the report's HTML is in it: another language writes another report
        "report": str(result.report) if result.report else None,
        "findings": [f.to_record() for f in result.findings],
    }
    write_atomic(settings.work_dir / RECORD, json.dumps(data, ensure_ascii=False))
    return data["output"]  # type: ignore[return-value]


def forget(settings: Settings) -> None:
    """A run that did not finish normally: the next one must not replay."""
    (settings.work_dir / RECORD).unlink(missing_ok=True)


def replay(settings: Settings, inputs: str, now: datetime, *, write: bool, strict: bool,
           started: float) -> BuildResult | None:
    """The last run's result when nothing it depends on changed, else None.

    A record that cannot be read or is not of the shape :func:`record` writes
    is deleted with a warning: the build then runs in full.
    """
    path = settings.work_dir / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        data = None
    try:
        return _replay(data, settings, inputs, now, write=write, strict=strict, started=started)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        log.warning(Translator(settings.language)(msg(
            "dacu: {path} was damaged: it was deleted and the site is built in full", path=".dacu/" + RECORD)))
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return None


def _replay(data: Any, settings: Settings, inputs: str, now: datetime, *, write: bool, strict: bool,
            started: float) -> BuildResult | None:
    if not isinstance(data, dict):
        raise TypeError("the record is not an object")
    if data.get("inputs") != inputs or (write and not data.get("write")):
        return None
    racy = data.get("racy", {})
    if not isinstance(racy, dict):
        raise TypeError("racy files are not an object")
    if any(content_digest(label_path(settings.root, name)) != digest for name, digest in racy.items()):
        return None  # saved again within the same tick as the recorded run's view of it
    if data.get("language") != settings.language:
        return None
    boundaries = [datetime.fromisoformat(b) for b in data.get("boundaries", [])]
    if any(b.tzinfo is None for b in boundaries):
        raise ValueError("a boundary without a time zone")
    if bisect.bisect_right(boundaries, now) != data.get("state"):
        return None
    if write and data.get("output") != output_signature(settings.output_dir):
        return None
    findings = Findings(settings.severities, settings.language)
    findings.extend(Finding.from_record(f) for f in data.get("findings", []))
    if not isinstance(data.get("pages", 0), int) or not isinstance(data.get("report") or "", str):
        raise TypeError("pages or report of another type")
    ok = not findings.failed(strict)
    return BuildResult(ok=ok, findings=list(findings), pages=int(data.get("pages", 0)),
                       seconds=time.perf_counter() - started, output=settings.output_dir, written=False,
                       settings=settings, report=Path(data["report"]) if data.get("report") else None,
                       timings={"unchanged": round(time.perf_counter() - started, 3)})
