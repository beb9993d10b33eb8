"""The cache keeps puts back and writes them in one transaction: nothing put is lost or read stale."""

from __future__ import annotations

import os
import sqlite3

import pytest

from dacu.core import cache as cache_module
from dacu.core.cache import Cache


def _stored(work_dir) -> dict[str, str]:
    with sqlite3.connect(work_dir / "cache.sqlite") as db:
        return dict(db.execute("SELECT k, v FROM kv"))


def test_a_put_is_read_back_before_it_is_written_and_written_on_close(tmp_path):
    cache = Cache(tmp_path)
    cache.put("a", {"x": [1, 2]})
    cache.put("a", {"x": [3]})   # the last put wins, as INSERT OR REPLACE
    assert cache.get("a") == {"x": [3]}
    cache.close()
    assert _stored(tmp_path) == {"a": '{"x": [3]}'}
    again = Cache(tmp_path)
    assert again.get("a") == {"x": [3]}
    again.close()


def test_puts_are_written_once_they_add_up(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "FLUSH_CHARS", 10)
    cache = Cache(tmp_path)
    cache.put("a", "short")
    assert _stored(tmp_path) == {}
    cache.put("b", "long enough")
    assert set(_stored(tmp_path)) == {"a", "b"}
    cache.close()


def test_an_invalid_pending_value_is_dropped(tmp_path):
    cache = Cache(tmp_path)
    cache.put("a", [1])
    assert cache.get("a", lambda v: isinstance(v, dict)) is None
    cache.close()
    assert _stored(tmp_path) == {}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_process_writes_its_own_puts_and_not_the_parents(tmp_path):
    cache = Cache(tmp_path)
    cache.put("parent", 1)
    pid = os.fork()
    if pid == 0:   # the child: its put is written at once, the parent's pending one is left to the parent
        try:
            cache.put("child", 2)
            cache.flush()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert _stored(tmp_path) == {"child": "2"}
    cache.close()
    assert _stored(tmp_path) == {"child": "2", "parent": "1"}
