"""The record's large tables, each kept as its own pickle and the entries changed since.

The record's tables of input stamps, page and copy records and ``site/``'s
file and folder stamps hold about 24,000 entries in the 4,000-file corpus.
A rebuild from the record changes a handful of them (the edited file's
stamp, its page's key, its page's file and folder), yet pickling all of
them again took 10-14 ms of a one-file rebuild. So each table is saved as
its pickle, written by the build that last rewrote it, and beside it the
entries whose values changed since (:func:`pack_part`): a rebuild copies
the pickle's bytes as they were read and adds the few changed entries.
When the keys differ (a file added or removed) or more than an eighth of
the entries changed, the table is pickled again, so the changes kept
beside a pickle stay few.

Reading a table (:func:`unpack_part`) unpickles its pickle and applies the
changes, in the table's order; a part of another shape raises
:class:`ValueError` (the record is then damaged: dropped, and the build
runs in full).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any

#: A table as saved: its pickle and the entries changed since it was written.
Part = tuple[bytes, dict[str, Any]]
#: A table as read: its pickle's bytes and the table they hold (before the changes), to compare with at save.
Base = tuple[bytes, dict[str, Any]]

#: Past this share of changed entries (1/8), the table is pickled again.
_REWRITE_SHARE = 8


def pack_part(table: dict[str, Any], base: Base | None) -> Part:
    """``table`` as saved: the pickle it was read from and its changed entries, when few; else pickled anew."""
    if base is not None:
        data, before = base
        if len(table) == len(before) and list(table) == list(before):   # same keys in the same order
            # the untouched entries are the very objects read: most of the table is skipped by identity
            changed = {name: value for (name, value), old in zip(table.items(), before.values())
                       if value is not old and value != old}
            if len(changed) * _REWRITE_SHARE <= len(table):
                return data, changed
    return pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL), {}


def unpack_part(part: Any, load: Callable[[io.BytesIO], Any]) -> tuple[dict[str, Any], Base]:
    """The table a :func:`pack_part` result holds, and its base for the next save; ``load`` unpickles (the
    record's safe unpickler). Raises :class:`ValueError` for a part of another shape."""
    if type(part) is not tuple or len(part) != 2:
        raise ValueError("a table of another shape")
    data, changed = part
    if type(data) is not bytes or type(changed) is not dict:
        raise ValueError("a table of another shape")
    before = load(io.BytesIO(data))
    if type(before) is not dict or not changed.keys() <= before.keys():
        raise ValueError("a table of another shape")
    table = dict(before)
    table.update(changed)   # existing keys only: the table keeps the order it was written in
    return table, (data, before)
