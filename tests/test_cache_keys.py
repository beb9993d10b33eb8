"""Cache keys know the code: a new engine or new converter settings never get old results."""

from __future__ import annotations

import pytest

from dacu.core import cache as cache_module
from dacu.core.engine import engine_code
from dacu.load import markdown


class Store:
    """A cache that remembers what was put (dacu.core.cache.Cache's interface)."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def get(self, key: str) -> object:
        return self.data.get(key)

    def put(self, key: str, value: object) -> None:
        self.data[key] = value


TEXT = "| 参数 | 值 |\n|---|---|\n| 屏幕 | 6.7 英寸 |\n"


def test_cached_html_is_used_while_nothing_changes():
    store = Store()
    first = markdown.to_html(TEXT, store)
    [key] = store.data
    store.data[key] = "<p>from the cache</p>"
    assert "<table>" in first and markdown.to_html(TEXT, store) == "<p>from the cache</p>"


def test_a_markdown_extension_setting_invalidates_cached_html(monkeypatch):
    store = Store()
    assert "<table>" in markdown.to_html(TEXT, store)
    monkeypatch.setattr(markdown, "_EXTENSIONS", ["sane_lists", "attr_list"])  # tables dropped
    assert "<table>" not in markdown.to_html(TEXT, store)
    assert len(store.data) == 2


def test_another_engine_version_or_code_invalidates_cached_html(monkeypatch):
    store = Store()
    markdown.to_html(TEXT, store)
    [key] = store.data
    store.data[key] = "<p>made by the old engine</p>"
    monkeypatch.setattr(cache_module, "engine_code", lambda: "0.2.0+another-hash")
    assert "<table>" in markdown.to_html(TEXT, store)


def test_the_engine_code_hash_names_the_version_and_the_code():
    version, _, digest = engine_code().partition("+")
    assert version == __import__("dacu").__version__ and len(digest) == 32


def test_the_image_check_key_takes_every_image_rule_of_the_catalogue():
    from dacu.core import RULES
    from dacu.images.stage import IMAGE_RULES

    assert "image-weight" in IMAGE_RULES and "text-contrast" in IMAGE_RULES
    assert set(IMAGE_RULES) == {slug for slug, rule in RULES.items() if rule.group.text == "Images"}


def _input_stamps() -> dict[str, tuple[int, ...]]:
    from dacu.core.engine import PACKAGE
    from dacu.output import input_signature

    files: dict[str, tuple[int, ...]] = {}
    input_signature(PACKAGE.parent / "no-such-site", files)   # no inputs of a site: dacu's own files only
    return files


def test_the_engine_is_taken_from_a_record_only_when_every_code_file_has_the_stamps_it_was_hashed_from(
        monkeypatch):
    from dacu.core import engine

    code, hashed = engine._hash()
    if hashed is None:
        pytest.skip("a code file saved in the last 2 s: its stamp cannot vouch (the rule below)")
    files = _input_stamps()
    label = next(iter(hashed))
    for changed in ({label: (hashed[label][0] + 1, hashed[label][1])},   # a file edited
                    {"dacu/./added.py": (1, 1)},                         # a code file added
                    {label: (*hashed[label], 123)}):                      # a racy stamp with its digest
        monkeypatch.setattr(engine, "_ENGINE", [])
        assert not engine.known_engine(code, hashed, {**files, **changed})
        assert not engine._ENGINE
    monkeypatch.setattr(engine, "_ENGINE", [])
    assert not engine.known_engine(code, {k: v for k, v in hashed.items() if k != label}, files)   # one gone
    assert engine.known_engine("0.1.0+as-recorded", hashed, files)
    assert engine.engine_code() == "0.1.0+as-recorded" and engine.engine_files() == hashed
    assert not engine.known_engine("0.1.0+another", hashed, files)   # known now: compared with it


def test_a_recent_code_file_cannot_vouch_for_the_engine(monkeypatch):
    import os

    from dacu.core import engine

    monkeypatch.setattr(engine.time, "time_ns", lambda: os.stat(engine.__file__).st_mtime_ns + 1)
    assert engine._hash()[1] is None
