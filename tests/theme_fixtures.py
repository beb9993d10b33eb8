"""Helpers for the default theme's tests: the moments they build at, a tiny DOM.

The HTML tests read built pages with :func:`parse_html` (the standard
library's parser, no lxml): enough to find elements by tag, class and
attribute and to read their text.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import ScratchSite

#: The example campaign at three moments: warm-up, peak (10点场 running), after the end.
WARM_UP = "2026-10-28T12:00:00+08:00"
PEAK = "2026-11-11T10:30:00+08:00"
AFTER = "2026-11-13T10:00:00+08:00"

LANDING = "double11/index.html"
DETAIL = "products/100011/index.html"     # in the 0点 flash sale, with variants and long copy
VENUE = "double11/smart-life/index.html"



@pytest.fixture(scope="session")
def example_at(example_builder, tmp_path_factory) -> Callable[[str], Path]:  # type: ignore[no-untyped-def]
    """``example_at(moment)`` → the example's site/ built as at ``moment``, once per session.

    The peak moment is conftest's ``example_builder()`` itself (shared with
    other test modules); other moments build a copy of that root, cache
    included, so they reuse its image variants instead of making them again
    (a cold build of the example spends about 40 s on images).
    """
    warm = example_builder().parent

    @functools.cache
    def build(moment: str) -> Path:
        if moment == PEAK:
            return warm / "site"
        root = tmp_path_factory.mktemp("moment")
        shutil.copytree(warm, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site", ".site*"))
        result = ScratchSite(root).build(now=moment)
        assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
        return root / "site"

    return build


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """An element: tag, attributes, children (elements and text)."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator["Node"]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> list["Node"]:
        """Elements below by tag, class and attributes (True: present, a string: equal)."""
        found = []
        for node in self.iter():
            if node is self or (tag and node.tag != tag) or (cls and cls not in node.classes):
                continue
            wanted = {name.replace("_", "-"): want for name, want in attrs.items()}
            if all((name in node.attrs) if want is True else node.attrs.get(name) == want for name, want in wanted.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> class={cls} {attrs} below <{self.tag}>"
        return found[0]

    def text(self, shown: bool = False) -> str:
        """The text content, whitespace collapsed; with ``shown``, without ``hidden`` elements."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif not (shown and "hidden" in child.attrs):
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    @property
    def hidden(self) -> bool:
        """Hidden by its own or an ancestor's ``hidden`` attribute."""
        node: Node | None = self
        while node is not None:
            if "hidden" in node.attrs:
                return True
            node = node.parent
        return False


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """The document as a tree of :class:`Node`."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


def page(site: Path, path: str) -> Node:
    """A built page of ``site`` parsed."""
    return parse_html((site / path).read_text(encoding="utf-8"))
