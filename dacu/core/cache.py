"""The work cache in ``.dacu/``: results keyed by content hash and parameters.

One SQLite file (atomic writes, safe across worker processes, one file
instead of thousands). Keys always include what the result depends on (the
content's SHA-256, the parameters, the engine's code), so a stale entry is never
used; it is only left behind. Puts are kept back and written together (one
transaction each 2 MB of JSON, and on ``close``): a build that ends without
closing its cache only loses what a later build makes again.
``Cache.file_digest`` memoises file hashes by
size and modification time so a warm build need not read unchanged images.

The cache is only a cache: a file that is not SQLite, a table of another
shape, a value that is not JSON or not of the shape its caller expects, a
file where a folder should be, a disk that refuses writes: each is discarded
(or caching is turned off for the run) with one warning, and the build goes
on as a cold one. Nothing in ``.dacu/`` can stop a build or change its output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any, Callable

from dacu.core.engine import engine_code
from dacu.core.files import file_signature
from dacu.core.i18n import Message, msg

Warn = Callable[[Message], None]
_DIGEST = re.compile(r"[0-9a-f]{64}")
_SCHEMA = [("k", "TEXT", 1), ("v", "TEXT", 0)]   # (name, type, primary key) of the one table
#: Puts kept back and written in one transaction once they hold this many characters of JSON (or on
#: :meth:`Cache.close`): a commit of its own for each put (WAL frames, locks) cost more than its insert.
FLUSH_CHARS = 2_000_000


def cache_key(*parts: Any) -> str:
    """A stable key from JSON-able parts and the engine's code (:func:`~dacu.core.engine.engine_code`)."""
    raw = json.dumps([engine_code(), *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Cache:
    """A persistent key → JSON value store in ``work_dir/cache.sqlite``.

    ``warn`` receives one message per kind of damage found (default: ignored).
    """

    def __init__(self, work_dir: Path | None, warn: Warn | None = None) -> None:
        self._db: sqlite3.Connection | None = None
        self._pending: dict[str, str] = {}   # key -> JSON not written yet (:meth:`flush`)
        self._pending_chars = 0
        self._owner = os.getpid()   # a forked worker writes its own puts at once: the pending ones are not its
        self._warn = warn or (lambda message: None)
        self._warned: set[str] = set()
        if work_dir is None:  # caching off (tests of cold paths)
            return
        path = work_dir / "cache.sqlite"
        try:
            work_dir.mkdir(parents=True, exist_ok=True)
            self._db = _open(path)
        except (sqlite3.DatabaseError, _WrongShape):
            self.warn(msg("the cache {path} was damaged or of another shape: it was deleted and is being rebuilt",
                          path=".dacu/cache.sqlite"))
            try:
                discard(path)
                self._db = _open(path)
            except (OSError, sqlite3.Error, _WrongShape):
                self._off(None)
        except OSError as exc:
            self._off(exc)

    def warn(self, message: Message) -> None:
        """Report ``message`` once per run."""
        if message.text not in self._warned:
            self._warned.add(message.text)
            self._warn(message)

    def _off(self, exc: BaseException | None) -> None:
        self._db = None
        self._pending, self._pending_chars = {}, 0
        self.warn(msg("the cache in .dacu/ cannot be used ({error}): this build runs without it",
                      error=getattr(exc, "strerror", None) or str(exc or "damaged")))

    def get(self, key: str, valid: Callable[[Any], bool] | None = None) -> Any | None:
        """The value under ``key``; None when missing, unreadable or not ``valid`` (then it is dropped)."""
        if self._db is None:
            return None
        try:
            text = self._pending.get(key)
            if text is None:
                row = self._db.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
                text = row[0] if row else None
            value = json.loads(text) if text is not None else None
            if value is None or valid is None or valid(value):
                return value
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            pass
        self.warn(msg("a damaged entry in the cache .dacu/cache.sqlite was dropped and is being rebuilt"))
        self._delete(key)
        return None

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-able) under ``key``; written to the file by :meth:`flush` or :meth:`close`."""
        if self._db is None:
            return
        text = json.dumps(value, ensure_ascii=False)
        if os.getpid() != self._owner:
            self._write([(key, text)])
            return
        self._pending[key] = text
        self._pending_chars += len(text)
        if self._pending_chars >= FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        """Write the puts kept back, in one transaction."""
        pending, self._pending, self._pending_chars = self._pending, {}, 0
        if pending and self._db is not None and os.getpid() == self._owner:
            self._write(list(pending.items()))

    def _write(self, rows: list[tuple[str, str]]) -> None:
        """Insert or replace ``rows`` (key, JSON) in one transaction; a failure turns the cache off."""
        if self._db is None:
            return
        try:
            with self._db:   # one transaction (the connection autocommits otherwise)
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:  # a full disk, a read-only .dacu/: carry on without the cache
            self._off(exc)

    def _delete(self, key: str) -> None:
        self._pending.pop(key, None)
        try:
            if self._db is not None:
                self._db.execute("DELETE FROM kv WHERE k = ?", (key,))
        except sqlite3.Error:
            pass

    def file_digest(self, path: Path) -> str:
        """SHA-256 of a file, remembered by (path, size, mtime) between builds."""
        size, mtime = file_signature(path)
        key = f"stat:{path}:{size}:{mtime}"
        cached = self.get(key, lambda v: isinstance(v, str) and _DIGEST.fullmatch(v) is not None)
        if cached is not None:
            return str(cached)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.put(key, digest)
        return digest

    def close(self) -> None:
        """Write what is kept back and close the file."""
        self.flush()
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


class _WrongShape(Exception):
    """The SQLite file holds something other than dacu's one table."""


def _open(path: Path) -> sqlite3.Connection:
    if path.exists() and not path.is_file():
        raise _WrongShape(str(path))   # a folder where the cache file should be
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        # A cache can be rebuilt: no fsync per insert (that cost 1.5 ms a write,
        # most of a cold check); a damaged file is recreated on open.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        columns = [(name, kind, pk) for _, name, kind, _, _, pk in db.execute("PRAGMA table_info(kv)")]
        if columns != _SCHEMA:
            raise _WrongShape(str(path))
    except BaseException:
        db.close()
        raise
    return db


def discard(path: Path) -> None:
    """Delete a damaged cache file or folder (and SQLite's journal files beside it)."""
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if victim.is_dir() and not victim.is_symlink():
            shutil.rmtree(victim)
        elif os.path.lexists(victim):
            victim.unlink()
