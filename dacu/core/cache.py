"""The work cache in ``.dacu/``: results keyed by content hash and parameters.

One SQLite file (atomic writes, safe across worker processes, one file
instead of thousands). Keys always include what the result depends on (the
content's SHA-256, the parameters, the engine's code), so a stale entry is never
used; it is only left behind. ``Cache.file_digest`` memoises file hashes by
size and modification time so a warm build need not read unchanged images.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from dacu.core.engine import engine_code
from dacu.core.files import file_signature


def cache_key(*parts: Any) -> str:
    """A stable key from JSON-able parts and the engine's code (:func:`~dacu.core.engine.engine_code`)."""
    raw = json.dumps([engine_code(), *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Cache:
    """A persistent key → JSON value store in ``work_dir/cache.sqlite``."""

    def __init__(self, work_dir: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if work_dir is None:  # caching off (tests of cold paths)
            return
        work_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(work_dir / "cache.sqlite", timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A cache can be rebuilt: no fsync per insert (that cost 1.5 ms a write,
            # most of a cold check); a damaged file is recreated on open.
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        except sqlite3.DatabaseError:
            # A damaged cache must never stop a build: start afresh.
            (work_dir / "cache.sqlite").unlink(missing_ok=True)
            self._db = sqlite3.connect(work_dir / "cache.sqlite", timeout=30, isolation_level=None)
            self._db.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)")

    def get(self, key: str) -> Any | None:
        if self._db is None:
            return None
        row = self._db.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: Any) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)",
                             (key, json.dumps(value, ensure_ascii=False)))

    def file_digest(self, path: Path) -> str:
        """SHA-256 of a file, remembered by (path, size, mtime) between builds."""
        size, mtime = file_signature(path)
        key = f"stat:{path}:{size}:{mtime}"
        cached = self.get(key)
        if cached is not None:
            return str(cached)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.put(key, digest)
        return digest

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def cache_dir(work_dir: Path) -> Path:
    """Where cached files (image variants) live."""
    path = work_dir / "cache"
    os.makedirs(path, exist_ok=True)
    return path
