"""The incremental record: what the last successful build read, derived and wrote.

``.dacu/incremental.pickle`` holds, after every build that wrote the whole
site (or a rebuild from the record):

- every input file by size and modification time (the labels of
  :func:`dacu.output.input_signature`, dacu's own code included);
- the loaded site (settings, theme, the site model without its list of
  pages, which is laid out again from the campaigns and products when read)
  and the image refs, as the pages were rendered from them; products without their long copy's
  HTML (only their own detail page shows it, and a rebuild that renders
  that page reads the file again), which keeps the record small;
- for each long copy file, the findings reading it gave and whether it set
  product fields (front matter);
- the Markdown HTML of campaign and venue pages a rebuild changed since the
  site model was written (the model part is not rewritten by a rebuild);
- per page: its key (what the checks need from it, its links, inline
  colours, price markup and images, is in the cache under that key, as a
  full build keeps it) and which of its links its long copy wrote;
- every finding, the output files, the output tree's signature (with the
  stamps of its files and folders, which a rebuild checks one by one
  instead of walking site/: :mod:`dacu.output.tree_stamps`) and the campaigns' time
  boundaries with the build's state among them.

The part only a full build changes (the site model, images, output files)
is kept in ``incremental-model.pickle``; ``incremental.pickle`` holds the
rest and the token of the model file it goes with, so a rebuild rewrites
only the small part (and of its large tables only the entries it changed:
:mod:`dacu.incremental.parts`), and a build whose changes no rebuild handles (most
preview saves) reads only the small part before it runs in full. Both are written atomically and carry a version and the engine's code
hash. Nothing in ``.dacu/`` is trusted: it is read by an unpickler that
builds only the model's own dataclasses and a few standard value types
(never a function), and any record that cannot be read, is of another
version or shape, is dropped with a warning: the build runs in full.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import logging
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple, TypeVar

from dacu.core.engine import engine_code, known_engine
from dacu.core.files import atomic_file
from dacu.output.replay import Stamp
from dacu.core.i18n import Translator, msg
from dacu.incremental.parts import Base, Part, pack_part, unpack_part
from dacu.incremental.shelf import DamagedRecord, ProductShelf, pack
from dacu.model.site import Site

T = TypeVar("T")

log = logging.getLogger("dacu")
RECORD = "incremental.pickle"
MODEL = "incremental-model.pickle"
VERSION = 5
#: The model part's file: the length of its pickle in this many bytes (big-endian), the pickle, then the
#: products' bytes (:func:`dacu.incremental.shelf.pack`).
_HEAD = 8
#: The large tables of the small part, each saved as its own pickle and the entries changed since
#: (:mod:`dacu.incremental.parts`): a rebuild does not pickle them again.
_PARTS = ("files", "copies", "pages", "outputs", "folders")
#: The part of the record only a full build changes, kept in its own file: a rebuild rewrites only the rest.
#: Read only when the changed files are ones a rebuild handles (:func:`load_model`): a preview save of
#: any other file then costs one small read, not the whole site model.
_MODEL_FIELDS = ("loaded", "images", "produced", "reported", "page_count", "report")

#: The standard types a record may hold besides dacu's dataclasses (no callables that do work).
_SAFE = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"), ("builtins", "list"),
    ("builtins", "tuple"), ("builtins", "object"), ("builtins", "bytearray"),
    ("copyreg", "_reconstructor"), ("copyreg", "__newobj__"),
    ("decimal", "Decimal"), ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
    ("datetime", "timedelta"), ("datetime", "timezone"), ("zoneinfo", "ZoneInfo"),
    ("zoneinfo._zoneinfo", "ZoneInfo"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
    ("pathlib", "Path"), ("collections", "OrderedDict"),
}


class PageRecord(NamedTuple):
    """One page as the last build produced it: its key (what the checks read of it is in the cache under it)."""

    key: str
    copy_links: list[str]   # the links written in the long copy (product pages)

    def __reduce__(self) -> tuple[type[tuple[Any, ...]], tuple[tuple[Any, ...]]]:
        return tuple, (tuple(self),)   # a plain tuple: see CopyRecord.__reduce__


class CopyRecord(NamedTuple):
    """One long copy file as the last build read it."""

    sku: str
    findings: list[dict[str, Any]]     # Finding.to_record() of what reading it found
    front_matter: bool                 # it had front matter (fields of the product, or errors)
    read: bool                         # it was read (UTF-8, within the limits): the product has its copy
    keys: tuple[str, ...] = ()         # the fields its front matter set

    def __reduce__(self) -> tuple[type[tuple[Any, ...]], tuple[tuple[Any, ...]]]:
        # Pickled as a plain tuple of its fields: a record holds a PageRecord a page and a CopyRecord a long
        # copy (8,000 in the 4,000-file corpus), read again by every rebuild, which uses one or two of them;
        # a tuple unpickles in C, in half the time of a call of a class each. Read back by page_record()
        # and copy_record(), which check the one asked for.
        return tuple, (tuple(self),)


def page_record(record: Record, path: str) -> PageRecord | None:
    """The record of the page at ``path`` (None: no such page); :class:`DamagedRecord` for one of another
    shape."""
    return _entry(record.pages, path, PageRecord._make,
                  lambda page: type(page.key) is str and type(page.copy_links) is list)


def copy_record(record: Record, rel: str) -> CopyRecord | None:
    """The record of the long copy ``rel`` (None: no such file read); :class:`DamagedRecord` for one of
    another shape."""
    return _entry(record.copies, rel, CopyRecord._make,
                  lambda copy: (type(copy.sku) is str and type(copy.findings) is list
                                and type(copy.front_matter) is bool and type(copy.read) is bool
                                and type(copy.keys) is tuple and all(type(f) is dict for f in copy.findings)
                                and all(type(k) is str for k in copy.keys)))


def _entry(table: dict[str, Any], name: str, make: Callable[[Any], T], valid: Callable[[T], bool]) -> T | None:
    """``table[name]`` read back as ``make`` gives it, when it has the shape ``valid`` checks."""
    entry = table.get(name)
    if entry is None:
        return None
    try:
        made = make(entry)
    except TypeError:   # not a tuple of as many fields
        raise DamagedRecord(name) from None
    if not valid(made):
        raise DamagedRecord(name)
    return made


@dataclass
class Record:
    """See the module doc."""

    engine: str
    root: Path
    language: str
    files: dict[str, Stamp]
    output: str                                    # output_signature(site/) after the build
    state: int                                     # where the build's moment fell among the boundaries
    boundaries: list[Any]
    loaded: Any                                    # dacu.build.Loaded without its findings
    images: Any                                    # dacu.images.ImageSet without its fallback
    copies: dict[str, tuple[Any, ...]]             # CopyRecord's fields, by file (read with copy_record())
    pages: dict[str, tuple[Any, ...]]              # PageRecord's fields, by output path (page_record())
    findings: list[dict[str, Any]]
    produced: list[str]                            # every output file
    reported: list[str]                            # output paths whose links are not reported (unreadable images)
    page_count: int                                # BuildResult.pages
    report: str | None
    version: int = VERSION
    model: str = ""                                # the token of the model file this record goes with
    # the Markdown HTML of campaign and venue pages edited by rebuilds since the model part was written, by source
    bodies: dict[str, str] = field(default_factory=dict)
    # site/'s files and folders behind ``output`` (dacu.output.tree_stamps): a rebuild stats them, not walks
    outputs: dict[str, Stamp] | None = None
    folders: dict[str, tuple[int, ...]] | None = None
    # the tables of _PARTS as saved (each set to None then); bases: as read, to save only their changes
    parts: dict[str, Part] = field(default_factory=dict)
    bases: dict[str, Base] = field(default_factory=dict, repr=False, compare=False)
    # the stamps of the code files ``engine`` was hashed from (dacu.core.engine.engine_files)
    engine_files: dict[str, tuple[int, int]] | None = None


class _Unpickler(pickle.Unpickler):
    """Builds dacu's dataclasses and plain values only: a record cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE:
            return super().find_class(module, name)
        if module.startswith("dacu.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, dict)
                                            or found in (PageRecord, CopyRecord)):
                # (the two records as called by records of version 4 and before: only build a tuple)
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a record")


def path_of(work_dir: Path) -> Path:
    """Where the record lives."""
    return work_dir / RECORD


def save(work_dir: Path, record: Record, model: bool = True) -> None:
    """Write ``record`` atomically; its model part too unless ``model`` is False (unchanged since loaded)."""
    if model:
        record.model = os.urandom(16).hex()
        part = {"token": record.model, **{name: getattr(record, name) for name in _MODEL_FIELDS}}
        settings, theme, site = record.loaded
        # The pages are laid out again from the campaigns and products when needed (quicker than unpickling
        # them); each product is its own pickle, read on first use (dacu.incremental.shelf); the campaign
        # of each product is kept worked out (finding it reads every product of a category floor).
        part["loaded"] = (settings, theme, dataclasses.replace(site, pages=[], products={},
                                                                      _home=site.homes(), _spus=None))
        index, products = pack(site.products)
        part["products"] = (index, len(products))
        with atomic_file(work_dir / MODEL) as handle:
            # the products' bytes after the pickle, not in it: read back, they are a view of the file's
            # bytes (3.3 MB in the corpus) instead of a copy
            head = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(len(head).to_bytes(_HEAD, "big"))
            handle.write(head)
            handle.write(products)
    rest = copy.copy(record)
    for name in _MODEL_FIELDS:
        setattr(rest, name, None)
    rest.parts = {name: pack_part(table, record.bases.get(name)) for name in _PARTS
                  if (table := getattr(record, name)) is not None}
    for name in _PARTS:
        setattr(rest, name, None)
    rest.bases = {}
    _dump(path_of(work_dir), rest)


def _dump(path: Path, value: Any) -> None:
    """Pickle ``value`` into ``path`` atomically, frame by frame: the whole pickle of a big site's model
    (tens of MB) is never held in memory at once."""
    with atomic_file(path) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def drop(work_dir: Path) -> None:
    """Forget the record (the next build runs in full)."""
    for name in (RECORD, MODEL):
        try:
            (work_dir / name).unlink(missing_ok=True)
        except OSError:
            pass


def load(work_dir: Path, language: str, files: dict[str, Stamp] | None = None) -> Record | None:
    """The record without its model part (:func:`load_model`), or None when there is none or it is
    damaged (then deleted, with a warning). ``files``: the input walk's stamps, which spare hashing dacu's
    code when its files are as the record's engine was hashed from (:func:`dacu.core.engine.known_engine`)."""
    try:
        data = path_of(work_dir).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        data = b""
    try:
        record = _Unpickler(io.BytesIO(data)).load()
        if not isinstance(record, Record):
            raise ValueError("a record of another shape")
        if record.version == VERSION:
            _unpack(record)
        if not _valid(record):
            raise ValueError("a record of another shape")
    except Exception:  # noqa: BLE001 -- anything a damaged file can raise while unpickling
        damaged(work_dir, language)
        return None
    if record.version != VERSION:
        return None
    if not (files is not None and known_engine(record.engine, record.engine_files, files)) \
            and record.engine != engine_code():
        return None  # another engine's record: valid, but it says nothing about this one's output
    return record


def load_model(work_dir: Path, record: Record, language: str) -> bool:
    """Read the model part of ``record`` into it; False when it is missing, stale or damaged (then dropped).

    The site's products are a :class:`ProductShelf` (each read on first use) and its pages are not laid
    out: :func:`dacu.model.site.lay_out` does it for a rebuild that needs them (it reads every product).
    """
    try:
        raw = (work_dir / MODEL).read_bytes()
        size = int.from_bytes(raw[:_HEAD], "big")
        part = _Unpickler(io.BytesIO(raw[_HEAD:_HEAD + size])).load()
        if not isinstance(part, dict) or part.get("token") != record.model:
            return False  # a build was stopped between writing the two: not damage, only stale
        for name in _MODEL_FIELDS:
            setattr(record, name, part[name])
        index, length = part["products"]
        data = memoryview(raw)[_HEAD + size:]
        if not _valid_model(record) or not isinstance(index, dict) or length != len(data):
            raise ValueError("a record of another shape")
        site = record.loaded[2]
        site.products = ProductShelf(index, data, lambda chunk: _Unpickler(io.BytesIO(chunk)).load())
        for page in [*site.campaigns, *(v for c in site.campaigns for v in c.venues)]:
            if page.source in record.bodies:  # the pages' texts as the rebuilds since left them
                page.body_html = record.bodies[page.source]
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001 -- anything a damaged file can raise while unpickling
        damaged(work_dir, language)
        return False
    return True


def _unpack(record: Record) -> None:
    """The tables of ``record`` from its parts, and their bases for the next save."""
    if type(record.parts) is not dict or not record.parts.keys() <= set(_PARTS):
        raise ValueError("a record of another shape")
    bases: dict[str, Base] = {}
    for name, part in record.parts.items():
        table, bases[name] = unpack_part(part, lambda handle: _Unpickler(handle).load())
        setattr(record, name, table)
    record.parts = {}
    record.bases = bases


def damaged(work_dir: Path, language: str) -> None:
    """Say the record was damaged and delete it (the build runs in full)."""
    log.warning(Translator(language)(msg(
        "dacu: {path} was damaged: it was deleted and the site is built in full", path=".dacu/" + RECORD)))
    drop(work_dir)


def _valid(record: Record) -> bool:
    """The shapes the rebuild relies on (a record of another version is not damaged, only unused)."""
    if not isinstance(record.version, int) or not isinstance(record.engine, str):
        return False
    if record.version != VERSION:
        return True
    return (isinstance(record.files, dict) and isinstance(record.pages, dict) and isinstance(record.copies, dict)
            # their entries: each checked when read (page_record, copy_record), a rebuild reads one or two
            and isinstance(record.findings, list) and all(isinstance(f, dict) for f in record.findings)
            and isinstance(record.output, str) and isinstance(record.state, int)
            and isinstance(record.boundaries, list) and isinstance(record.language, str)
            and isinstance(record.bodies, dict) and all(isinstance(b, str) for b in record.bodies.values())
            and all(_stamps(getattr(record, name, None)) for name in ("outputs", "folders")))


def _stamps(stamps: Any) -> bool:
    """None, or labels with tuples of numbers (file or folder stamps)."""
    # one pass over the numbers of all the stamps at once (8,000 of them in the corpus's record, read by every rebuild)
    return stamps is None or (isinstance(stamps, dict) and all(type(s) is tuple and s for s in stamps.values())
                              and {type(n) for s in stamps.values() for n in s} <= {int})


def _valid_model(record: Record) -> bool:
    """The shapes of the model part the rebuild relies on."""
    return (isinstance(record.produced, list) and isinstance(record.page_count, int)
            and isinstance(record.loaded, tuple) and len(record.loaded) == 3 and isinstance(record.loaded[2], Site)
            and isinstance(record.loaded[2].products, dict) and isinstance(record.loaded[2].campaigns, list))
