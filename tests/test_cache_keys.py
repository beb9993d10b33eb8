"""Cache keys know the code: a new engine or new converter settings never get old results."""

from __future__ import annotations

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
